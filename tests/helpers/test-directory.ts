/**
 * A caseworker directory made in memory from generated keys, as the browser holds it once it has
 * checked the organisation's signature: for the crypto tests that need no server. Current keys
 * and retired ones, each retired on a day of the test's choosing.
 */
import type { ProtectedCaseworkerKey, VerifiedDirectory } from '../../client/crypto';

const DAY_MS = 86_400_000;

/** The day (YYYY-MM-DD, UTC) `offsetDays` from now. */
export function dayFromNow(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Valid for a day. Retired keys are retired today unless `retiredOn` says otherwise (null: a
 * retired entry without its day). Every key is labelled 'TEST ONLY' unless `labelOf` names it.
 */
export function directoryOfKeys(
  active: readonly ProtectedCaseworkerKey[],
  retired: readonly ProtectedCaseworkerKey[] = [],
  retiredOn: string | null = dayFromNow(0),
  labelOf: (list: 'active' | 'retired', index: number) => string = () => 'TEST ONLY',
): VerifiedDirectory {
  const entry = (key: ProtectedCaseworkerKey, label: string) => ({
    fingerprint: key.fingerprint,
    label,
    publicKey: key.armoredPublicKey,
  });
  return {
    version: 1,
    expiresAt: new Date(Date.now() + DAY_MS),
    demo: true,
    recipients: active.map((key, i) => entry(key, labelOf('active', i))),
    retired: retired.map((key, i) => ({ ...entry(key, labelOf('retired', i)), retiredOn })),
  };
}
