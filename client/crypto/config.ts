import { config as LIBRARY_DEFAULTS, enums, type Config, type PartialConfig } from 'openpgp';
import { MIN_RSA_BITS } from '../../contract/key-policy';

/**
 * The one OpenPGP profile: v4 keys, PKESK v3 + SEIPD v1, AES-256, no compression, so every
 * message decrypts with stock GnuPG 2.2. Passed on every call, never left to library defaults
 * that may change between versions.
 */
export const OPENPGP_CONFIG: PartialConfig = Object.freeze({
  v6Keys: false,
  aeadProtect: false,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
  preferredCompressionAlgorithm: enums.compression.uncompressed,
  preferredHashAlgorithm: enums.hash.sha512,
  minRSABits: MIN_RSA_BITS,
  // Iterated-and-salted S2K (not Argon2): GnuPG 2.2 imports it; needs no 'wasm-unsafe-eval'.
  s2kType: enums.s2k.iterated,
  s2kIterationCountByte: 255,
  showVersion: false,
  showComment: false,
});

/**
 * Our profile on top of the library's full defaults, with strict parsing and no unauthenticated
 * data: for the calls (key inspection, decryption) that want a whole Config, so no check runs
 * with a setting we did not choose.
 */
export const STRICT_CONFIG: Config = Object.freeze({
  ...LIBRARY_DEFAULTS,
  ...OPENPGP_CONFIG,
  ignoreUnsupportedPackets: false,
  ignoreMalformedPackets: false,
  allowUnauthenticatedMessages: false,
  allowUnauthenticatedStream: false,
});

/**
 * The one time every key, signature and literal data packet made on a reporter's device carries;
 * intake refuses reply keys with any other time (contract/reporter-time.ts).
 */
export { REPORTER_TIMESTAMP } from '../../contract/reporter-time';
