import { MIN_RSA_BITS } from './key-policy';

/**
 * The one OpenPGP profile, as plain data read by both doors to OpenPGP: the browser
 * (client/crypto/config.ts) and the server's no-JavaScript form (server/platform/openpgp/
 * report-encryption.ts), which imports nothing from client/. v4 keys, PKESK v3 + SEIPD v1,
 * AES-256, no compression, iterated and salted S2K, so every message and key opens with stock
 * GnuPG 2.2. Passed on every call, never left to library defaults that may change between
 * versions.
 *
 * Algorithm ids are RFC 4880's (section 9), the numbers OpenPGP.js's enums hold; each door
 * assigns this object to the library's config type, so an id that is no member of the enum
 * fails to type-check there.
 */
export const OPENPGP_PROFILE = Object.freeze({
  v6Keys: false,
  aeadProtect: false,
  /** AES-256 (RFC 4880 9.2; enums.symmetric.aes256). */
  preferredSymmetricAlgorithm: 9,
  /** Uncompressed (RFC 4880 9.3; enums.compression.uncompressed). */
  preferredCompressionAlgorithm: 0,
  /** SHA-512 (RFC 4880 9.4; enums.hash.sha512). */
  preferredHashAlgorithm: 10,
  minRSABits: MIN_RSA_BITS,
  /**
   * Iterated and salted S2K (RFC 4880 3.7.1.3; enums.s2k.iterated), not Argon2: GnuPG 2.2
   * imports it, and it needs no 'wasm-unsafe-eval'.
   */
  s2kType: 3,
  /** The highest count (octet 255, 65 MB hashed per secret part). */
  s2kIterationCountByte: 255,
  showVersion: false,
  showComment: false,
} as const);
