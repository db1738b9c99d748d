/**
 * /api/case-links/* (caseworkers only): the organisation's linking key, wrapped (signed by a
 * caseworker's directory key and encrypted to the directory's caseworkers), and each case's link
 * tokens with its identifiers, encrypted the same way. The server stores and compares tokens; it
 * never sees an identifier or the key, and verifies neither wrapping (dashboards do, every time).
 */
import * as z from 'zod/mini';
import { base64Schema, hexIdSchema } from './common';

/** A link token: HMAC-SHA-256, base64url without padding (client/dashboard/linking/link-token.ts). */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Most tokens one case holds: more than any report names, few enough to compare cheaply. */
export const MAX_LINK_TOKENS_PER_CASE = 64;
/** A wrapped key or a case's identifiers: a small OpenPGP message, base64 (a large directory fits). */
const MAX_WRAPPED_CHARS = 256 * 1024;
/** Most cases one inbox page asks counts for. */
export const MAX_LINK_COUNT_CASES = 200;

const linkTokenSchema = z.string().check(z.regex(LINK_TOKEN_PATTERN));
/** A SHA-256 digest, base64url without padding: 32 bytes, written as a token is. */
const sha256Schema = z.string().check(z.regex(LINK_TOKEN_PATTERN));
const keyVersionSchema = z.int().check(z.minimum(1));
const wrappedSchema = base64Schema.check(z.maxLength(MAX_WRAPPED_CHARS));
const tokensSchema = z.array(linkTokenSchema).check(
  z.maxLength(MAX_LINK_TOKENS_PER_CASE),
  z.refine((tokens) => new Set(tokens).size === tokens.length, 'Each token once.'),
);

export const linkingKeyAnswerSchema = z.object({
  /** Null until a caseworker's dashboard makes the first key. */
  key: z.nullable(
    z.object({
      version: keyVersionSchema,
      /** The wrapped key: verify its signature and version before any use. */
      message: base64Schema,
      /** True once a caseworker was offboarded: the next dashboard must rotate. */
      retired: z.boolean(),
    }),
  ),
});

/** Most cases one rotation or one share re-seals. */
const MAX_SEALED_CASES = 100_000;

/**
 * The first key (version 1, none stored yet), or the current key wrapped again for the
 * directory's caseworkers now (its own version, not retired), with the identifiers of the cases
 * linked under it sealed again for them too.
 */
export const linkingKeyRequestSchema = z.strictObject({
  version: keyVersionSchema,
  message: wrappedSchema,
  cases: z.optional(
    z
      .array(
        z.strictObject({
          caseId: hexIdSchema,
          /**
           * SHA-256 (base64url) of the stored identifiers this re-seals: a case saved meanwhile
           * is left as it was (no lost update).
           */
          previous: sha256Schema,
          identifiers: wrappedSchema,
        }),
      )
      .check(
        z.maxLength(MAX_SEALED_CASES),
        z.refine(
          (cases) => new Set(cases.map((entry) => entry.caseId)).size === cases.length,
          'Each case once.',
        ),
      ),
  ),
});

export const linkingKeyStoredSchema = z.object({
  version: keyVersionSchema,
  /** How many cases' identifiers were sealed again. */
  resealed: z.int().check(z.nonnegative()),
  /** Cases saved since their identifiers were read, left as they are: read them again. */
  changed: z.array(hexIdSchema),
});

export const caseLinksRequestSchema = z.strictObject({
  /** The key version the tokens were made under: the current one, not retired. */
  keyVersion: keyVersionSchema,
  /** An empty list unlinks the case. */
  tokens: tokensSchema,
  /** The confirmed identifiers, signed and encrypted; null only with no tokens. */
  identifiers: z.nullable(wrappedSchema),
});

export const linkedCaseSchema = z.object({
  caseId: hexIdSchema,
  /** How many of this case's tokens the other case holds too. */
  shared: z.int().check(z.minimum(1)),
});

export const caseLinksAnswerSchema = z.object({
  links: z.nullable(
    z.object({
      keyVersion: keyVersionSchema,
      tokens: z.array(linkTokenSchema),
      identifiers: base64Schema,
    }),
  ),
  /** The other cases that share a token under the current key, most shared first. */
  linkedCases: z.array(linkedCaseSchema),
});

/** GET /api/case-links/counts?caseIds=a,b,c: ids of one inbox page, comma-separated. */
export const linkCountsQuerySchema = z.strictObject({
  caseIds: z.string().check(z.regex(/^[0-9a-f]{32}(,[0-9a-f]{32}){0,199}$/)),
});
export const linkCountsAnswerSchema = z.object({
  /** Only the cases linked to at least one other: how many others. */
  counts: z.array(z.object({ caseId: hexIdSchema, linkedCases: z.int().check(z.minimum(1)) })),
});

/**
 * Linked cases' sealed identifiers. What a rotation re-keys: every linked case's identifiers,
 * under the retired key or, where a rotation was cut short, already under its successor (each
 * names the version it was sealed for). What a share re-seals: those under the current key.
 */
export const rotationAnswerSchema = z.object({
  keyVersion: keyVersionSchema,
  cases: z.array(
    z.object({ caseId: hexIdSchema, keyVersion: keyVersionSchema, identifiers: base64Schema }),
  ),
});

/** GET /api/case-links/identifiers: the cases linked under the live key, for a share. */
export const linkedIdentifiersAnswerSchema = rotationAnswerSchema;

/**
 * A rotation, in one request: the new key (the retired version plus one) and the tokens of every
 * case linked under the retired key, each recomputed under the new key. Every such case must be
 * in it; the old tokens and the old key are then gone.
 */
export const rotationRequestSchema = z.strictObject({
  version: keyVersionSchema,
  message: wrappedSchema,
  cases: z
    .array(
      z.strictObject({
        caseId: hexIdSchema,
        tokens: tokensSchema,
        /** Null only with no tokens: the case's links go (identifiers nobody could open). */
        identifiers: z.nullable(wrappedSchema),
      }),
    )
    .check(z.maxLength(MAX_SEALED_CASES)),
});
export const rotatedAnswerSchema = z.object({
  version: keyVersionSchema,
  cases: z.int().check(z.nonnegative()),
});
