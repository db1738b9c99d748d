/**
 * Receipts (docs/design.md "The report and the receipt"): 160 random bits (for the no-JavaScript
 * form, derived from its page's random submission token) shown as 8 groups of 4 characters from
 * an alphabet without look-alikes (Crockford base32: no I, L, O, U). The server only ever stores
 * a hash of a verifier derived from it, and the reply key is protected by a passphrase derived
 * from it.
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
  return encodeReceipt(platform.crypto.getRandomValues(new Uint8Array(RECEIPT_BYTES)));
}

/**
 * The receipt of the no-JavaScript report form posted with `submissionToken` (the random token
 * the server put in that page): the same token always gives the same receipt, so the form
 * posted again (a reload of the receipt page, a retry) names the report already stored instead
 * of storing a second one. Its own HKDF label: the receipt says nothing else about the token.
 * Knowing the token is knowing the receipt: it is exactly as secret.
 */
export async function deriveReceiptFromSubmission(submissionToken: string): Promise<string> {
  const encoder = new platform.TextEncoder();
  return encodeReceipt(
    await hkdf(
      encoder.encode(submissionToken),
      'amanat/no-js-submission-receipt/v1',
      RECEIPT_BYTES,
    ),
  );
}

/** RECEIPT_BYTES as 8 groups of 4 characters of RECEIPT_ALPHABET. */
function encodeReceipt(bytes: Uint8Array): string {
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
  return await hkdf(new platform.TextEncoder().encode(normaliseReceipt(receipt)), label, 32);
}

/** HKDF-SHA256 of `secret` with a zero salt and `label` as info: `bytes` bytes. */
async function hkdf(secret: Uint8Array, label: string, bytes: number): Promise<Uint8Array> {
  const material = await platform.crypto.subtle.importKey('raw', secret, 'HKDF', false, [
    'deriveBits',
  ]);
  const bits = await platform.crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(32),
      info: new platform.TextEncoder().encode(label),
    },
    material,
    bytes * 8,
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
