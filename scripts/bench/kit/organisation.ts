/**
 * A BENCH ONLY organisation, as an admin sets one up: an organisation key, caseworker keys (as the
 * dashboard generates them) and a recipient directory of them signed by the organisation key and
 * published in the bench database. These keys protect nothing: they live for one run in a
 * database that is dropped after.
 */
import type { Connection } from 'mongoose';
import {
  generateCaseworkerKey,
  generateProtectedKeyPair,
  generateReplyKey,
  verifyRecipientDirectory,
  type GeneratedKeyPair,
  type ProtectedCaseworkerKey,
  type VerifiedDirectory,
} from '../../../client/crypto';
import { inspectPublicKey } from '../../../server/platform/openpgp';
import { buildCoreServices } from '../../../server/services';
import { publishDirectory } from '../../admin/publish-directory';

const ORGANISATION_PASSPHRASE = 'bench-only passphrase, protects nothing';
/** A caseworker's key passphrase (not the login password), typed into a page to unlock. */
export const BENCH_KEY_PASSPHRASE = 'bench-only key passphrase, protects nothing';

export interface BenchOrganisation {
  readonly organisation: GeneratedKeyPair;
  readonly caseworkerKeys: readonly ProtectedCaseworkerKey[];
  /** The directory as a reporter's browser verifies it. */
  readonly directory: VerifiedDirectory;
}

export async function setUpOrganisation(
  connection: Connection,
  caseworkers = 1,
): Promise<BenchOrganisation> {
  const organisation = await generateProtectedKeyPair(
    'BENCH ONLY organisation',
    ORGANISATION_PASSPHRASE,
  );
  const keys = buildCoreServices({ connection }).caseworkerKeys;
  const caseworkerKeys: ProtectedCaseworkerKey[] = [];
  for (let i = 1; i <= caseworkers; i++) {
    const key = await generateCaseworkerKey(BENCH_KEY_PASSPHRASE);
    await keys.addCaseworkerKey(key.armoredPublicKey, `BENCH ONLY caseworker ${i}`);
    caseworkerKeys.push(key);
  }
  const directory = await publishBenchDirectory(connection, organisation);
  return { organisation, caseworkerKeys, directory };
}

/** Signs and publishes a directory of every vetted caseworker key, as the admin CLI does. */
export async function publishBenchDirectory(
  connection: Connection,
  organisation: GeneratedKeyPair,
): Promise<VerifiedDirectory> {
  const { signedDirectory } = await publishDirectory(
    connection,
    { ...organisation, passphrase: ORGANISATION_PASSPHRASE },
    { orgFingerprint: organisation.fingerprint, validDays: 30, demo: false },
  );
  return await verifyRecipientDirectory(
    signedDirectory,
    organisation.armoredPublicKey,
    organisation.fingerprint,
  );
}

/**
 * One reply key for every seeded report, as intake stores it (re-armored, with its encryption key
 * ids): generating one takes ~0.2 s, and nothing read back depends on whose it is.
 */
export async function sharedReplyKey(): Promise<{ armored: string; keyIds: string[] }> {
  const replyKey = await generateReplyKey('bench-only shared reply key');
  const { armoredPublicKey, encryptionKeyIds } = await inspectPublicKey(replyKey.armoredPublicKey);
  return { armored: armoredPublicKey, keyIds: [...encryptionKeyIds] };
}
