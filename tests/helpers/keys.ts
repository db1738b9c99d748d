/**
 * TEST-ONLY keys, generated fresh for each test file. Nothing outside tests/ loads them.
 * Passphrases here are fixed because these keys protect nothing.
 */
import {
  generateCaseworkerKey,
  generateProtectedKeyPair,
  unlockCaseworkerKey,
  type GeneratedKeyPair,
  type ProtectedCaseworkerKey,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';

export const TEST_PASSPHRASE = 'test-only passphrase, protects nothing';

export async function generateTestOrganisation(): Promise<GeneratedKeyPair> {
  return await generateProtectedKeyPair('TEST ONLY organisation', TEST_PASSPHRASE);
}

/** `N` values of `T`, so that a fixed number of keys destructures without a missing one. */
type Tuple<T, N extends number, Made extends T[] = []> = Made['length'] extends N
  ? Made
  : Tuple<T, N, [...Made, T]>;

/**
 * `count` caseworker keys as the browser generates them, protected by `passphrase`, and the same
 * keys unlocked (each checked to be the key of its fingerprint), in the same order: for tests
 * that sign and decrypt as several caseworkers.
 */
export async function generateUnlockedCaseworkerKeys<N extends number>(
  count: N,
  passphrase: string,
): Promise<{
  readonly keys: Tuple<ProtectedCaseworkerKey, N>;
  readonly unlocked: Tuple<UnlockedCaseworkerKey, N>;
}> {
  const keys = await Promise.all(
    Array.from({ length: count }, () => generateCaseworkerKey(passphrase)),
  );
  const unlocked = await Promise.all(
    keys.map((key) => unlockCaseworkerKey(key.protectedSecretKey, passphrase, key.fingerprint)),
  );
  return {
    keys: keys as Tuple<ProtectedCaseworkerKey, N>,
    unlocked: unlocked as Tuple<UnlockedCaseworkerKey, N>,
  };
}

export async function generateTestCaseworker(name: string): Promise<GeneratedKeyPair> {
  return await generateProtectedKeyPair(`TEST ONLY caseworker ${name}`, TEST_PASSPHRASE);
}
