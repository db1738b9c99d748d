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
  const mac = new Uint8Array(
    await crypto.subtle.sign('HMAC', key, linkTokenInput(identifier) as Uint8Array<ArrayBuffer>),
  );
  let binary = '';
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}
