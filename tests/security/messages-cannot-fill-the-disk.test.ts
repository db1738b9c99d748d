/**
 * Attack: filling the database's disk with reports and follow-up messages, which need no more
 * than a receipt (one's own report): over the onion service a single client could send hundreds
 * of MiB a minute, and follow-ups rode on the budget of cheap receipt look-ups. Defences:
 * - the storage watermark covers reports and follow-ups too, at half the floor attachment parts
 *   stop at (storage-watermark.ts): here the database budget (STORAGE_MAX_BYTES against dbStats
 *   totalSize, as the FerretDB test database reports no filesystem figures), every answer
 *   checked against the size the engine reported just before it;
 * - a report takes at most FOLLOW_UPS_MAX_PER_CASE follow-ups, claimed as unique slots, so
 *   concurrent ones on two instances cannot overshoot (receipts/follow-up-allowance.ts);
 * - onion follow-ups wait on a budget of their own (ONION_FOLLOW_UPS_PER_MINUTE), apart from
 *   look-ups.
 * A refused message leaves nothing behind; a retry of a stored one is answered as before.
 */
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import { encryptedPart, newAttachmentId, openCase, putPart } from '../helpers/attachments';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { databaseBytesOf, instanceWithStorageLimits } from '../helpers/storage';
import type { TestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/use-test-app';
import { useTwoInstances } from '../helpers/two-instances';

const FLOOR_PERCENT = 50;

/** A follow-up of about `bytes` of text, as the return page sends it. */
async function followUpOf(t: TestApp, receiptVerifier: string, bytes = 200) {
  return {
    receiptVerifier,
    messageId: randomBytes(16).toString('hex'),
    message: await encryptToDirectory(
      t.directory,
      `TEST ONLY ${randomBytes(bytes).toString('base64')}`,
    ),
  };
}

function sendFollowUp(app: Express | RequestListener, body: object) {
  return request(app).post('/api/receipts/messages').send(body);
}

const storedMessages = async (t: TestApp) => ({
  reports: await t.connection.db!.collection('reports').countDocuments({}),
  followUps: await t.connection.db!.collection('case_messages').countDocuments({}),
});

describe('reports and follow-ups are held to the storage watermark', () => {
  const t = useTestApp({ label: 'sec-messages-full', caseworkers: 1 });

  test('when reports and follow-ups reach half the floor then each next one is refused with storage_full as the engine measures it, nothing is stored and retries are still answered', async () => {
    const reporter = await openCase(t);
    // Messages have room for a third of what the database holds now; parts (at twice the
    // floor) none: 2/3 of 4/3 of it is less than it.
    const base = await databaseBytesOf(t);
    const budget = Math.ceil((base * 4) / 3 / (1 - FLOOR_PERCENT / 200));
    const messagesFit = (bytes: number) => bytes <= budget * (1 - FLOOR_PERCENT / 200);
    expect(base > budget * (1 - FLOOR_PERCENT / 100)).toBe(true);
    const instance = await instanceWithStorageLimits(t, {
      minFreePercent: FLOOR_PERCENT,
      maxDatabaseBytes: budget,
      maxAttachmentBytes: 0,
    });
    try {
      // Files are refused already: a report or a follow-up still arrives.
      const part = await putPart(
        instance.onionApp,
        reporter.receiptVerifier,
        newAttachmentId(),
        0,
        await encryptedPart(t, 1024),
      );
      expect([part.status, part.body.error?.code]).toEqual([507, 'storage_full']);

      const sent: { kind: string; body: object; fits: boolean; answer: string }[] = [];
      // Reports and follow-ups of about 24 KiB take turns until the deployment says it is full.
      for (let i = 0; sent.at(-1)?.answer.startsWith('507') !== true; i++) {
        expect(i).toBeLessThan(200);
        if (i % 2 === 0) {
          const body = await followUpOf(t, reporter.receiptVerifier, 18 * 1024);
          const fits = messagesFit((await databaseBytesOf(t)) + Buffer.byteLength(body.message));
          const response = await sendFollowUp(instance.onionApp, body);
          sent.push({ kind: 'follow-up', body, fits, answer: answerOf(response) });
        } else {
          const { body } = await buildSubmission(t.directory, {
            report: { whatHappened: `TEST ONLY ${randomBytes(18 * 1024).toString('base64')}` },
          });
          const incoming =
            Buffer.byteLength(body.message) +
            Buffer.byteLength(body.replyKey) +
            Buffer.byteLength(body.replySecretKey ?? '');
          const fits = messagesFit((await databaseBytesOf(t)) + incoming);
          const response = await request(instance.onionApp).post('/api/reports').send(body);
          sent.push({ kind: 'report', body, fits, answer: answerOf(response) });
        }
      }
      expect(sent.map(({ kind, fits, answer }) => ({ kind, fits, answer }))).toEqual(
        sent.map(({ kind, fits }) => ({ kind, fits, answer: fits ? '201' : '507 storage_full' })),
      );
      expect(sent.length).toBeGreaterThan(2); // the budget took messages before it refused
      expect(sent.at(-1)?.answer).toBe('507 storage_full');

      // Refused, both kinds: nothing is stored.
      const before = await storedMessages(t);
      const newFollowUp = await sendFollowUp(
        instance.onionApp,
        await followUpOf(t, reporter.receiptVerifier, 18 * 1024),
      );
      const { body: newReport } = await buildSubmission(t.directory, {
        report: { whatHappened: `TEST ONLY ${randomBytes(18 * 1024).toString('base64')}` },
      });
      const report = await request(instance.onionApp).post('/api/reports').send(newReport);
      expect([answerOf(newFollowUp), answerOf(report)]).toEqual([
        '507 storage_full',
        '507 storage_full',
      ]);
      expect(report.body.error.message).toMatch(/out of room/);
      expect(await storedMessages(t)).toEqual(before);

      // A retry of what was stored is answered as before: the page stops sending it.
      for (const kind of ['follow-up', 'report']) {
        const stored = sent.find((entry) => entry.kind === kind && entry.answer === '201')!;
        const path = kind === 'report' ? '/api/reports' : '/api/receipts/messages';
        const retry = await request(instance.onionApp).post(path).send(stored.body);
        expect([kind, retry.status, retry.headers['idempotent-replayed']]).toEqual([
          kind,
          201,
          'true',
        ]);
      }
      expect(await storedMessages(t)).toEqual(before);
    } finally {
      await instance.close();
    }
  });
});

describe('a report takes a bounded number of follow-ups', () => {
  const MAX_FOLLOW_UPS = 5;
  const instances = useTwoInstances({
    label: 'sec-follow-up-bound',
    caseworkers: 1,
    env: { FOLLOW_UPS_MAX_PER_CASE: String(MAX_FOLLOW_UPS), RECEIPT_FOLLOW_UP_LIMIT: '1000' },
  });

  test('when many follow-ups race in on two instances then exactly the maximum is stored, the rest are refused, retries are answered and other reports are unaffected', async () => {
    const { t, other } = instances;
    const reporter = await openCase(t);
    const bodies = await Promise.all(
      Array.from({ length: 4 * MAX_FOLLOW_UPS }, () => followUpOf(t, reporter.receiptVerifier)),
    );
    const answers: string[] = [];
    // Busy answers are sent again, as the reporter's page does; the rest are final.
    let pending = bodies;
    for (let round = 0; pending.length > 0; round++) {
      expect(round).toBeLessThan(10);
      const responses = await Promise.all(
        pending.map((body, i) => sendFollowUp(i % 2 === 0 ? t.app : other.app, body)),
      );
      answers.push(...responses.map(answerOf).filter((answer) => answer !== '503 follow_ups_busy'));
      pending = pending.filter((_, i) => answerOf(responses[i]!) === '503 follow_ups_busy');
    }
    expect(answers.sort()).toEqual([
      ...Array<string>(MAX_FOLLOW_UPS).fill('201'),
      ...Array<string>(3 * MAX_FOLLOW_UPS).fill('409 too_many_follow_ups'),
    ]);
    const thread = await t.connection
      .db!.collection('case_messages')
      .countDocuments({ caseId: reporter.caseId });
    expect(thread).toBe(MAX_FOLLOW_UPS);

    // A retry of a stored follow-up is answered as before; a new one is refused and says why.
    const storedIds = new Set(
      (
        await t.connection
          .db!.collection('case_messages')
          .find({ caseId: reporter.caseId })
          .toArray()
      ).map((document) => String(document._id)),
    );
    expect(storedIds.size).toBe(MAX_FOLLOW_UPS);
    const results = await Promise.all(bodies.map((body) => sendFollowUp(t.app, body)));
    expect(results.filter((response) => response.status === 201).length).toBe(MAX_FOLLOW_UPS);
    expect(
      results.filter((response) => response.headers['idempotent-replayed'] === 'true').length,
    ).toBe(MAX_FOLLOW_UPS);
    const refusal = results.find((response) => response.status === 409)!;
    expect(refusal.body.error).toMatchObject({ code: 'too_many_follow_ups' });
    expect(refusal.body.error.message).toMatch(/at most 5/);

    // The bound is per report.
    const another = await openCase(t);
    expect((await sendFollowUp(t.app, await followUpOf(t, another.receiptVerifier))).status).toBe(
      201,
    );
  });
});

describe('onion follow-ups have a budget of their own', () => {
  // One request a minute each, one place in line: the second waits, the third is turned away.
  const t = useTestApp({
    label: 'sec-onion-follow-ups',
    caseworkers: 1,
    env: { ONION_RECEIPTS_PER_MINUTE: '1', ONION_FOLLOW_UPS_PER_MINUTE: '1' },
  });

  test('when look-ups fill their line then follow-ups still pass, and follow-ups beyond their own budget wait or are turned away', async () => {
    const reporter = await openCase(t);
    const lookUp = () =>
      request(t.onionApp)
        .post('/api/receipts/case')
        .send({ receiptVerifier: reporter.receiptVerifier })
        .then(answerOf);
    const followUp = async () =>
      answerOf(await sendFollowUp(t.onionApp, await followUpOf(t, reporter.receiptVerifier)));
    expect(await lookUp()).toBe('200');
    // Two more look-ups: one takes the one place in line, the other is turned away at once.
    const lookUps = [lookUp(), lookUp()];
    expect(await Promise.race(lookUps)).toBe('503 onion_busy');

    // Follow-ups are not behind the look-ups: the first passes now...
    expect(await followUp()).toBe('201');
    // ... and a flood of follow-ups is held to their own budget the same way.
    const followUps = [followUp(), followUp()];
    expect(await Promise.race(followUps)).toBe('503 onion_busy');

    // Shutdown answers those still waiting.
    t.releaseOnionQueues();
    expect(await Promise.all([...lookUps, ...followUps])).toEqual(
      Array<string>(4).fill('503 onion_busy'),
    );
  });
});

function answerOf(response: { status: number; body: { error?: { code?: string } } }): string {
  return `${response.status} ${response.body.error?.code ?? ''}`.trim();
}
