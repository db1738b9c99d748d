/** Pieces every part of the HTTP API uses: the error body and the shapes of ids and bytes. */
import * as z from 'zod/mini';
import {
  ANY_CASE_FINGERPRINT_PATTERN,
  BASE64_PATTERN,
  BASE64URL_PATTERN,
  DAY_PATTERN,
  FINGERPRINT_PATTERN,
  HEX_ID_PATTERN,
} from '../vocabulary';

/** Every refusal and failure: `{error: {code, message}}` (server/platform/errors.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    /** Stable and machine-readable: clients branch on it, never on the message. */
    code: z.string(),
    /** For people: says what to fix, never echoes a submitted value. */
    message: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const hexIdSchema = z.string().check(z.regex(HEX_ID_PATTERN));
export const fingerprintSchema = z.string().check(z.regex(FINGERPRINT_PATTERN));
export const anyCaseFingerprintSchema = z.string().check(z.regex(ANY_CASE_FINGERPRINT_PATTERN));
export const daySchema = z.string().check(z.regex(DAY_PATTERN));
/** Binary OpenPGP data in JSON: standard base64 with padding. */
export const base64Schema = z.string().check(z.regex(BASE64_PATTERN));
/** 32 bytes derived from the receipt: 43 base64url characters, no padding. */
export const receiptVerifierSchema = z.string().check(z.length(43), z.regex(BASE64URL_PATTERN));
/** Client-random, 128 bits in hex (client/crypto createMessageId): a retry reuses it. */
export const messageIdSchema = hexIdSchema;
/** An ISO 8601 time in UTC, as JSON writes a Date. */
export const timestampSchema = z.iso.datetime();
/** An armored OpenPGP message of a reporter or caseworker: the bound of a report body. */
export const MAX_ARMORED_MESSAGE_CHARS = 512 * 1024;

/**
 * The JSON a route sends for an answer schema: the server types each answer with it
 * (`res.json({...} satisfies AnswerOf<typeof schema>)`), so a shape the clients would not read
 * fails to type-check on the server.
 */
export type AnswerOf<S extends z.ZodMiniType> = z.input<S>;
