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

/** A fresh id for idempotent submission retries (DESIGN.md "Contracts"): 128 random bits. */
export function createSubmissionId(): string {
  return toBase64Url(randomBytes(16));
}
