/**
 * Attack: two reports upload parts under one attachment id at the same moment (a malicious
 * reporter who learnt another's attachment id, or two browsers that drew the same id), so that
 * both pass "does this id belong to someone else?" before either has stored anything, and the
 * file caseworkers download mixes parts of two reports. Defence (attachment-owners.repository.ts):
 * the id is claimed by inserting it before the first part is stored; the unique insert lets one
 * report win, the other is refused with 409 attachment_id_taken.
 *
 * The race is made certain, not hoped for: a TCP proxy between the app instances and the
 * database holds every part insert until both reports' parts have reached it, or one report has
 * been answered. Without the defence both parts reach it and both are stored.
 */
import { URL } from 'node:url';
import type { Connection } from 'mongoose';
import type { Express } from 'express';
import type { Response } from 'supertest';
import { connectDb } from '../../server/platform/db';
import { encryptedPart, newAttachmentId, openCase, putPart } from '../helpers/attachments';
import { testDatabaseUri } from '../helpers/database';
import { commandPattern, startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { createTestApp, type TestApp } from '../helpers/test-app';

let proxy: TcpProxy;
let t: TestApp;
let other: { app: Express; close(): Promise<void> };
/** The test's own connection, straight to the database. */
let direct: Connection;

beforeAll(async () => {
  const databaseUri = new URL(testDatabaseUri('attachment-id-race'));
  proxy = await startTcpProxy({ host: databaseUri.hostname, port: Number(databaseUri.port) });
  const throughProxy = new URL(databaseUri);
  throughProxy.port = String(proxy.port);
  t = await createTestApp({
    label: 'attachment-id-race',
    caseworkers: 1,
    mongodbUri: throughProxy.toString(),
  });
  other = await t.startAnotherInstance();
  direct = await connectDb(databaseUri.toString());
});
afterAll(async () => {
  await direct.close();
  await other.close();
  await t.close();
  await proxy.close();
});

/**
 * Sends both uploads at once while every part insert is held until two are held or one upload
 * has been answered; then lets them go.
 */
async function race(uploads: readonly (() => Promise<Response>)[]): Promise<Response[]> {
  let held = 0;
  let letGo!: () => void;
  const released = new Promise<void>((resolve) => (letGo = resolve));
  proxy.setMode({
    kind: 'intercept',
    match: commandPattern('insert', 'attachment_parts'),
    onMatch: async () => {
      held += 1;
      if (held === uploads.length) letGo();
      await released;
      return 'forward';
    },
  });
  try {
    const answers = uploads.map((upload) => upload());
    void Promise.race(answers).then(letGo, letGo);
    return await Promise.all(answers);
  } finally {
    proxy.setMode({ kind: 'pass' });
  }
}

async function casesStoredUnder(attachmentId: string): Promise<string[]> {
  const parts = await direct.db!.collection('attachment_parts').find({ attachmentId }).toArray();
  return [...new Set(parts.map((part) => part['caseId'] as string))];
}

test('when two reports race their first parts under one attachment id then one report owns it, the other is refused, and every part stored under it is the winner’s', async () => {
  const first = await openCase(t);
  const second = await openCase(t);
  const attachmentId = newAttachmentId();
  const [partOfFirst, partOfSecond] = await Promise.all([
    encryptedPart(t, 4096),
    encryptedPart(t, 4096),
  ]);

  const answers = await race([
    async () => await putPart(t.app, first.receiptVerifier, attachmentId, 0, partOfFirst),
    async () => await putPart(other.app, second.receiptVerifier, attachmentId, 1, partOfSecond),
  ]);

  const outcomes = answers.map((answer) =>
    answer.status === 201 ? 'stored' : `${answer.status} ${answer.body.error?.code}`,
  );
  expect(outcomes.sort()).toEqual(['409 attachment_id_taken', 'stored']);
  const winner = answers[0]!.status === 201 ? first : second;
  const loser = winner === first ? second : first;
  // The attachment holds parts of one report only: the winner's.
  expect(await casesStoredUnder(attachmentId)).toEqual([winner.caseId]);

  // Later parts keep to the owner: the loser stays refused, the winner goes on.
  const loserAgain = await putPart(t.app, loser.receiptVerifier, attachmentId, 2, partOfSecond);
  expect(loserAgain.status).toBe(409);
  expect(loserAgain.body.error.code).toBe('attachment_id_taken');
  const winnerNext = await putPart(other.app, winner.receiptVerifier, attachmentId, 2, partOfFirst);
  expect(winnerNext.status).toBe(201);
  expect(await casesStoredUnder(attachmentId)).toEqual([winner.caseId]);
});

test('when a part was stored before attachment ids were claimed then another report still cannot add to it', async () => {
  const owner = await openCase(t);
  const intruder = await openCase(t);
  const attachmentId = newAttachmentId();
  // A part stored by an earlier version: in attachment_parts, with no owner claim.
  const bytes = await encryptedPart(t, 1024);
  expect((await putPart(t.app, owner.receiptVerifier, attachmentId, 0, bytes)).status).toBe(201);
  await direct.db!.collection('attachment_owners').deleteOne({ _id: attachmentId as never });

  const refused = await putPart(t.app, intruder.receiptVerifier, attachmentId, 1, bytes);
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('attachment_id_taken');
  expect((await putPart(t.app, owner.receiptVerifier, attachmentId, 1, bytes)).status).toBe(201);
  expect(await casesStoredUnder(attachmentId)).toEqual([owner.caseId]);
});
