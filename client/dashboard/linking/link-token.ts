/**
 * The keyed token of one identifier: HMAC-SHA-256 under the organisation's linking key over a
 * typed, domain-separated input, base64url. The server stores only tokens: two cases with the
 * same token share an identifier, and without the key nobody can test a guess (phone numbers
 * are a small space; an unkeyed hash of one is as good as the number). The type is inside the
 * input, so a Telegram handle and a WeChat ID written alike are different tokens, and the
 * version prefix keeps these tokens from ever equalling an HMAC made for another purpose.
 */
import type { LinkIdentifier } from './identifiers';

const DOMAIN = 'amanat-link-v1';
const KEY_CHECK_LABEL = 'amanat-linking-key-check/v1';
/** The linking key's length: 32 random bytes, the HMAC's own block of security. */
export const LINKING_KEY_BYTES = 32;
/** A token's shape: 32 bytes, base64url without padding. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The linking key's bytes as a WebCrypto key that can only sign (never be exported again). */
export async function importLinkingKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== LINKING_KEY_BYTES) throw new Error('linking key must be 32 bytes');
  return await crypto.subtle.importKey(
    'raw',
    raw as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

/** The bytes the HMAC covers: domain, type and value, each ended by a NUL (none is in a value). */
export function linkTokenInput(identifier: LinkIdentifier): Uint8Array {
  return new TextEncoder().encode(`${DOMAIN}\u0000${identifier.type}\u0000${identifier.value}`);
}

export async function linkToken(key: CryptoKey, identifier: LinkIdentifier): Promise<string> {
  return await macOf(key, linkTokenInput(identifier));
}

/**
 * A check value of the key: its HMAC over a fixed label, which no token input can equal (each
 * starts with the token domain). Tells two keys apart without revealing either.
 */
export async function keyCheckValue(key: CryptoKey): Promise<string> {
  return await macOf(key, new TextEncoder().encode(KEY_CHECK_LABEL));
}

/** SHA-256 of `bytes`, base64url: names a stored sealing the server compares before replacing it. */
export async function sha256Of(bytes: Uint8Array): Promise<string> {
  return base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)),
  );
}

async function macOf(key: CryptoKey, input: Uint8Array): Promise<string> {
  return base64url(
    new Uint8Array(await crypto.subtle.sign('HMAC', key, input as Uint8Array<ArrayBuffer>)),
  );
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}
