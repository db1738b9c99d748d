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
