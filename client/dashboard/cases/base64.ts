/** Binary OpenPGP messages travel as base64 in the staff API's JSON (docs/http-api.md "Cases"). */

/** Standard base64 (with or without padding) to bytes; null for anything else. */
export function bytesFromBase64(text: unknown): Uint8Array | null {
  if (typeof text !== 'string' || text.length === 0) return null;
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.replace(/=+$/, '').length % 4 === 1) {
    return null;
  }
  try {
    const binary = atob(compact);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return null;
  }
}

/** Bytes to standard base64 with padding, in chunks (large inputs would overflow the call stack). */
export function base64FromBytes(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + chunk));
  }
  return btoa(binary);
}
