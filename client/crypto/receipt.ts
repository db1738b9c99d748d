import { randomBytes, toBase64Url } from './random';

/**
 * Receipts (docs/design.md "The report and the receipt"): 160 random bits shown once as 8 groups of
 * 4 characters from an alphabet without look-alikes (Crockford base32: no I, L, O, U). The server
 * only ever sees a verifier derived from it, and the reply key is protected by a passphrase derived
 * from it.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_BYTES = 20;

export function createReceipt(): string {
  const bytes = randomBytes(RECEIPT_BYTES);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** Accepts what a person types back: any case, spaces or dashes, O for 0, I/L for 1. */
export function normaliseReceipt(typed: string): string {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return cleaned.match(/.{1,4}/g)?.join('-') ?? '';
}

/** HKDF-SHA256 with distinct labels: the verifier reveals nothing about the reply passphrase. */
async function deriveFromReceipt(receipt: string, label: string): Promise<Uint8Array> {
  const material = await globalThis.crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(normaliseReceipt(receipt)),
    'HKDF',
    false,
    ['deriveBits'],
  );
  const bits = await globalThis.crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(32),
      info: new TextEncoder().encode(label),
    },
    material,
    256,
  );
  return new Uint8Array(bits);
}

/** The 32-byte verifier sent at submission, base64url without padding. */
export async function deriveReceiptVerifier(receipt: string): Promise<string> {
  return toBase64Url(await deriveFromReceipt(receipt, 'amanat/receipt-verifier/v1'));
}

/** The passphrase that protects the per-report reply secret key. */
export async function deriveReplyKeyPassphrase(receipt: string): Promise<string> {
  return toBase64Url(await deriveFromReceipt(receipt, 'amanat/reply-key-passphrase/v1'));
}
