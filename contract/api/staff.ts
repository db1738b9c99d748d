/**
 * /api/me/key (a caseworker's own key pair) and /api/admin/* (invitations, accounts, factor
 * resets, key vetting). The server keeps public keys and secret keys protected by a passphrase
 * it never sees.
 */
import * as z from 'zod/mini';
import { MAX_ARMORED_KEY_CHARS } from '../key-policy';
import { ACCOUNT_STATUSES, KEY_STATUSES, STAFF_ROLES } from '../vocabulary';
import { daySchema, fingerprintSchema, hexIdSchema, timestampSchema } from './common';

const armoredKey = z.string().check(z.minLength(1), z.maxLength(MAX_ARMORED_KEY_CHARS));

export const keyUploadRequestSchema = z.strictObject({
  armoredPublicKey: armoredKey,
  /** The secret key, protected by the caseworker's key passphrase (iterated S2K). */
  protectedSecretKey: armoredKey,
});
export const keyReprotectRequestSchema = z.strictObject({ protectedSecretKey: armoredKey });

/** What the key panel shows; the protected secret key only ever at /api/me/key/secret. */
export const ownKeySchema = z.object({
  fingerprint: fingerprintSchema,
  status: z.enum(KEY_STATUSES),
  armoredPublicKey: z.string(),
});
export type OwnKey = z.infer<typeof ownKeySchema>;
export const ownKeyAnswerSchema = z.object({ key: z.nullable(ownKeySchema) });
export const storedOwnKeyAnswerSchema = z.object({ key: ownKeySchema });

/** Handed out once re-authenticated; audited once per session. */
export const protectedSecretKeyAnswerSchema = z.object({
  fingerprint: fingerprintSchema,
  protectedSecretKey: z.string(),
});

export const inviteRequestSchema = z.strictObject({
  username: z.string().check(z.minLength(1), z.maxLength(128)),
  /** Checked against the roles by the service, which names the roles in its refusal. */
  role: z.string().check(z.maxLength(32)),
});

/** An invitation: the token travels only in the link's fragment (`path`). */
export const createdInviteSchema = z.object({
  token: z.string().check(z.minLength(1)),
  expiresAt: timestampSchema,
  path: z.string(),
});
export type CreatedInvite = z.infer<typeof createdInviteSchema>;

export const staffUserSchema = z.object({
  id: hexIdSchema,
  username: z.string(),
  role: z.enum(STAFF_ROLES),
  status: z.enum(ACCOUNT_STATUSES),
  factors: z.object({ totp: z.boolean(), webauthn: z.int().check(z.nonnegative()) }),
});
export const staffUsersAnswerSchema = z.object({ users: z.array(staffUserSchema) });

export const staffKeySchema = z.object({
  fingerprint: fingerprintSchema,
  label: z.string(),
  status: z.enum(KEY_STATUSES),
  /** The account that holds the key; null for keys an admin imported with the CLI. */
  owner: z.nullable(z.string()),
  addedOn: daySchema,
});
export const staffKeysAnswerSchema = z.object({ keys: z.array(staffKeySchema) });
export const vettedKeyAnswerSchema = z.object({
  key: z.object({
    fingerprint: fingerprintSchema,
    label: z.string(),
    status: z.enum(KEY_STATUSES),
    addedOn: daySchema,
  }),
});
