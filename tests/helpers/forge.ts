/**
 * Hostile or malformed OpenPGP input for the security tests: the forgery kit behind the server's
 * door to OpenPGP (server/platform/openpgp/forgery.ts), which only tests/ may import.
 */
export * from '../../server/platform/openpgp/forgery';
