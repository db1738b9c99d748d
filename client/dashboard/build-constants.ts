/**
 * Build-time constants of the dashboard, injected by client/build.ts (esbuild `define`, the
 * same names as the reporter page's, declared in client/reporter/build-constants.d.ts).
 */

/**
 * The organisation key's fingerprint built into this bundle: the dashboard encrypts notes and
 * replies only to a recipient directory this key signed (SECURITY.md "Recipient directory").
 * Empty outside a build (unit tests), which makes every directory check fail closed.
 */
export function organisationFingerprint(): string {
  return typeof __AMANAT_ORG_FINGERPRINT__ === 'string' ? __AMANAT_ORG_FINGERPRINT__ : '';
}

/**
 * The oldest recipient directory this bundle accepts (DIRECTORY_MIN_VERSION at build time), so
 * a replayed older directory is refused here as on the reporter page. 1 outside a build.
 */
export function minimumDirectoryVersion(): number {
  return typeof __AMANAT_DIRECTORY_MIN_VERSION__ === 'number'
    ? __AMANAT_DIRECTORY_MIN_VERSION__
    : 1;
}
