import { z } from 'zod';

/** Strict schemas: every value a bounded string, unknown fields refused, no `$` operator gets through. */
const password = z.string().min(1).max(1024);
const code = z.string().min(1).max(64);
/** A WebAuthn response from @simplewebauthn/browser; verified field by field by the library. */
const webauthnResponse = z
  .object({ id: z.string().max(1024), rawId: z.string().max(1024), type: z.literal('public-key') })
  .passthrough();

export const loginSchema = z.object({ username: z.string().min(1).max(256), password }).strict();
export const acceptInviteSchema = z
  .object({ token: z.string().min(20).max(100), password })
  .strict();
export const codeSchema = z.object({ code }).strict();
export const webauthnProofSchema = z.object({ response: webauthnResponse }).strict();
export const securityKeySchema = z
  .object({ response: webauthnResponse, name: z.string().max(60).default('security key') })
  .strict();
export const reauthSchema = z.union([
  z.object({ password, code }).strict(),
  z.object({ password, webauthn: webauthnResponse }).strict(),
]);
export const changePasswordSchema = z
  .object({ currentPassword: password, newPassword: password })
  .strict();
export const emptySchema = z.object({}).strict();
