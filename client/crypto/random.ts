/** All randomness comes from here: the platform CSPRNG (crypto.getRandomValues), never Math.random. */
export function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh id for idempotent submission retries (docs/design.md "Contracts outside tools rely on"): 128 random bits. */
export function createSubmissionId(): string {
  return toBase64Url(randomBytes(16));
}

/** A fresh attachment id: 128 random bits, hex (it appears in upload URLs). */
export function createAttachmentId(): string {
  return [...randomBytes(16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** A fresh follow-up message id: 128 random bits, hex; retries reuse it so nothing is stored twice. */
export function createMessageId(): string {
  return createAttachmentId();
}
