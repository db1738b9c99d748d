/**
 * Receipts (docs/design.md "The report and the receipt"): 160 random bits shown once as 8 groups of
 * 4 characters from an alphabet without look-alikes (Crockford base32: no I, L, O, U). The server
 * only ever stores a hash of a verifier derived from it, and the reply key is protected by a
 * passphrase derived from it.
 *
 * One implementation for the reporter's browser and for the server's no-JavaScript form: a receipt
 * made on either side opens the same case on the other. WebCrypto only (browsers and Node 24 both
 * have it as globalThis.crypto).
 */

/** The WebCrypto and encoding APIs used here, typed locally: contract/ has neither DOM nor Node types. */
interface WebPlatform {
  readonly crypto: {
    getRandomValues(array: Uint8Array): Uint8Array;
    readonly subtle: {
      importKey(
        format: 'raw',
        keyData: Uint8Array,
        algorithm: 'HKDF',
        extractable: false,
        usages: readonly ['deriveBits'],
      ): Promise<unknown>;
      deriveBits(
        algorithm: { name: 'HKDF'; hash: 'SHA-256'; salt: Uint8Array; info: Uint8Array },
        key: unknown,
        length: number,
      ): Promise<ArrayBuffer>;
    };
  };
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  btoa(binary: string): string;
}

const platform = globalThis as unknown as WebPlatform;

export const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_BYTES = 20;

/** A receipt as createReceipt writes it and normaliseReceipt returns a well-typed one. */
export const RECEIPT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

export function createReceipt(): string {
  const bytes = platform.crypto.getRandomValues(new Uint8Array(RECEIPT_BYTES));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += RECEIPT_ALPHABET[(value >> (bits - 5)) & 31];
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
  const encoder = new platform.TextEncoder();
  const material = await platform.crypto.subtle.importKey(
    'raw',
    encoder.encode(normaliseReceipt(receipt)),
    'HKDF',
    false,
    ['deriveBits'],
  );
  const bits = await platform.crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(label) },
    material,
    256,
  );
  return new Uint8Array(bits);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return platform.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The 32-byte verifier sent at submission and on every return, base64url without padding. */
export async function deriveReceiptVerifier(receipt: string): Promise<string> {
  return toBase64Url(await deriveFromReceipt(receipt, 'amanat/receipt-verifier/v1'));
}

/** The passphrase that protects the per-report reply secret key. */
export async function deriveReplyKeyPassphrase(receipt: string): Promise<string> {
  return toBase64Url(await deriveFromReceipt(receipt, 'amanat/reply-key-passphrase/v1'));
}
