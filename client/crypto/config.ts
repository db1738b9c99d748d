import { enums, type PartialConfig } from 'openpgp';

/**
 * The one OpenPGP profile (DESIGN.md "Crypto protocol"): v4 keys, PKESK v3 + SEIPD v1, AES-256,
 * no compression, so every message decrypts with stock GnuPG 2.2. Passed on every call, never
 * left to library defaults that may change between versions.
 */
export const OPENPGP_CONFIG: PartialConfig = Object.freeze({
  v6Keys: false,
  aeadProtect: false,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
  preferredCompressionAlgorithm: enums.compression.uncompressed,
  preferredHashAlgorithm: enums.hash.sha512,
  minRSABits: 3072,
  // Iterated-and-salted S2K (not Argon2): GnuPG 2.2 imports it; needs no 'wasm-unsafe-eval'.
  s2kType: enums.s2k.iterated,
  s2kIterationCountByte: 255,
  showVersion: false,
  showComment: false,
});
