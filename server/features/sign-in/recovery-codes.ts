/**
 * Recovery codes: 10 per account, 80 random bits each, Crockford base32 in four groups
 * (XXXX-XXXX-XXXX-XXXX), shown once. Stored as SHA-256: 80 bits cannot be brute-forced from the
 * hash, so a slow hash adds nothing here.
 */
import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_CODE_COUNT = 10;

export function createRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    let bits = 0n;
    for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
    let text = '';
    for (let i = 0; i < 16; i++) text = ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)]! + text;
    return text.match(/.{4}/g)!.join('-');
  });
}

/** Case, spaces, dashes and look-alike letters (O→0, I/L→1) do not matter when typing one. */
export function hashRecoveryCode(code: string): string | null {
  const normalised = code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(normalised)) return null;
  return createHash('sha256').update(`amanat/recovery-code/v1\0${normalised}`).digest('hex');
}

/** What is stored of a new set of codes. */
export function hashesOf(codes: readonly string[]): string[] {
  return codes.map((code) => hashRecoveryCode(code)!);
}
