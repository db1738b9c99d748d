import { config as LIBRARY_DEFAULTS, type Config, type PartialConfig } from 'openpgp';
import { OPENPGP_PROFILE } from '../../contract/openpgp-profile';

/** The one OpenPGP profile (contract/openpgp-profile.ts), as the library's config. */
export const OPENPGP_CONFIG: PartialConfig = OPENPGP_PROFILE;

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
