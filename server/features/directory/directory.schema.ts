import { z } from 'zod';

const HEX_FINGERPRINT = /^[0-9a-f]{40}$/;
const HEX_KEY_ID = /^[0-9a-f]{16}$/;

/** The directory format this code writes; format 1 (no `format` field, no retired keys) still parses. */
export const DIRECTORY_FORMAT = 2;

const recipientSchema = z
  .object({
    fingerprint: z.string().regex(HEX_FINGERPRINT),
    label: z.string().min(1).max(100),
    encryptionKeyIds: z.array(z.string().regex(HEX_KEY_ID)).min(1),
    publicKey: z.string().min(1),
  })
  .strict();

/**
 * A former caseworker's key: listed so that what they signed while they were a caseworker still
 * verifies, never encrypted to and never accepted by intake as a recipient (it carries no
 * encryption key ids for that reason).
 */
const retiredKeySchema = z
  .object({
    fingerprint: z.string().regex(HEX_FINGERPRINT),
    label: z.string().min(1).max(100),
    publicKey: z.string().min(1),
    /** The day the key left the directory (day only, like every date the server keeps). */
    retiredOn: z.iso.date(),
  })
  .strict();

const commonFields = {
  type: z.literal('amanat-recipient-directory'),
  version: z.number().int().positive(),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** Demo directories carry throwaway keys; production refuses them. */
  demo: z.boolean(),
  /** The active caseworkers: reporters encrypt to exactly these keys. */
  recipients: z.array(recipientSchema).min(1),
};

const formatOneSchema = z.object(commonFields).strict();
const formatTwoSchema = z
  .object({
    format: z.literal(DIRECTORY_FORMAT),
    ...commonFields,
    retired: z.array(retiredKeySchema),
  })
  .strict();

/**
 * The signed recipient directory (docs/design.md "Crypto protocol"). Reporters' browsers verify it
 * and encrypt to every recipient; intake accepts only messages for exactly these keys. Parsed
 * content is always format 2: a format 1 directory has no retired keys.
 */
export const directoryContentSchema = z
  .union([formatTwoSchema, formatOneSchema])
  .transform((content) => ({
    ...content,
    format: DIRECTORY_FORMAT,
    retired: 'retired' in content ? content.retired : [],
  }))
  .refine(
    (content) => {
      // Security: a key is either active or retired, never both: intake and the browser never
      // have to decide which of two entries for one fingerprint counts.
      const fingerprints = [...content.recipients, ...content.retired].map(
        (key) => key.fingerprint,
      );
      return new Set(fingerprints).size === fingerprints.length;
    },
    { message: 'a fingerprint is listed twice' },
  );

export type DirectoryContent = z.output<typeof directoryContentSchema>;
export type DirectoryRetiredKey = DirectoryContent['retired'][number];
