/** Pure formatting helpers for things people compare or type by hand. */

/** A fingerprint in upper-case groups of four: easier to read aloud and compare. */
export function groupFingerprint(fingerprint: string): string {
  return groupCharacters(fingerprint.replace(/\s+/g, '').toUpperCase(), 4);
}

/** A TOTP secret (base32) in groups of four, for typing into an authenticator app by hand. */
export function groupSecret(secret: string): string {
  return groupCharacters(secret.replace(/[\s=]+/g, '').toUpperCase(), 4);
}

function groupCharacters(text: string, size: number): string {
  const groups: string[] = [];
  for (let index = 0; index < text.length; index += size)
    groups.push(text.slice(index, index + size));
  return groups.join(' ');
}

/** A code as typed: white space removed (apps show `123 456`). */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '');
}

/** A safe file name for a downloaded key: the last 16 hex digits of the fingerprint. */
export function keyFileName(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return `amanat-key-${hex.slice(-16)}.asc`;
}

/** A file size for people: bytes, KB or MB (1024-based, one decimal), in the page's locale. */
export function formatBytes(locale: string, bytes: number): string {
  const format = (value: number, unit: string): string =>
    `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
  if (bytes < 1024) return format(bytes, 'B');
  if (bytes < 1024 * 1024) return format(bytes / 1024, 'KB');
  return format(bytes / (1024 * 1024), 'MB');
}
