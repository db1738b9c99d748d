/**
 * What an attacker who can write to the database does to a stored report or directory, for the
 * tests of the defences that do not trust the server's copy.
 */
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { inspectPublicKey } from '../../server/platform/openpgp';
import type { TestApp } from './test-app';

/** Replaces the case's stored reply key and its encryption key ids with `armoredPublicKey`'s. */
export async function swapStoredReplyKey(
  connection: Connection,
  caseId: string,
  armoredPublicKey: string,
): Promise<void> {
  const { encryptionKeyIds } = await inspectPublicKey(armoredPublicKey);
  const updated = await connection
    .db!.collection('reports')
    .updateOne(
      { _id: caseId as never },
      { $set: { replyKey: armoredPublicKey, replyKeyIds: [...encryptionKeyIds] } },
    );
  if (updated.modifiedCount !== 1) throw new Error(`no stored report ${caseId} to swap`);
}

/** A signed recipient directory as the database holds it, by version. */
export interface StoredDirectory {
  _id: number;
  signedDirectory: string;
  organisationKey: string;
}

/** The stored directories, raw: what a database writer deletes, keeps or puts back. */
export function storedDirectoriesOf(connection: Connection): Collection<StoredDirectory> {
  return connection.db!.collection<StoredDirectory>('recipient_directories');
}

/** What a planted thread entry claims to be: a reporter's follow-up, a caseworker's note or reply. */
export type PlantedEntry = 'follow-up' | 'note' | 'reply';

/**
 * Appends `message` straight to the case's thread as a `kind` entry dated today on the app's
 * clock (under the entry `entryId` names, when given): the fields a database writer controls.
 */
export async function plantInThread(
  t: TestApp,
  caseId: string,
  kind: PlantedEntry,
  message: Uint8Array,
  entryId?: string,
): Promise<void> {
  await new CaseMessagesRepository(t.connection).append(
    caseId,
    {
      author: kind === 'follow-up' ? 'reporter' : 'caseworker',
      internal: kind === 'note',
      message,
      recipientKeyIds: [],
      sentOn: t.clock.now().toISOString().slice(0, 10),
    },
    entryId,
  );
}
