import { z } from 'zod';

const HEX_FINGERPRINT = /^[0-9a-f]{40}$/;
const HEX_KEY_ID = /^[0-9a-f]{16}$/;

/**
 * The signed recipient directory (DESIGN.md "Crypto protocol"). Reporters' browsers verify it and
 * encrypt to every recipient; intake accepts only messages for exactly these keys.
 */
export const directoryContentSchema = z
  .object({
    type: z.literal('amanat-recipient-directory'),
    version: z.number().int().positive(),
    issuedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    /** Demo directories carry throwaway keys; production refuses them. */
    demo: z.boolean(),
    recipients: z
      .array(
        z
          .object({
            fingerprint: z.string().regex(HEX_FINGERPRINT),
            label: z.string().min(1).max(100),
            encryptionKeyIds: z.array(z.string().regex(HEX_KEY_ID)).min(1),
            publicKey: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type DirectoryContent = z.infer<typeof directoryContentSchema>;
