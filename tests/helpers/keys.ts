/**
 * TEST-ONLY keys, generated fresh for each test file. Nothing outside tests/ loads them.
 * Passphrases here are fixed because these keys protect nothing.
 */
import { generateProtectedKeyPair, type GeneratedKeyPair } from '../../client/crypto';

export const TEST_PASSPHRASE = 'test-only passphrase, protects nothing';

export async function generateTestOrganisation(): Promise<GeneratedKeyPair> {
  return await generateProtectedKeyPair('TEST ONLY organisation', TEST_PASSPHRASE);
}

export async function generateTestCaseworker(name: string): Promise<GeneratedKeyPair> {
  return await generateProtectedKeyPair(`TEST ONLY caseworker ${name}`, TEST_PASSPHRASE);
}
