/**
 * Attack: dating a report from what is stored or logged. The database keeps the day a report,
 * follow-up or part arrived, never a finer time; but a time can hide in many places: an ObjectId
 * `_id` (its first 4 bytes are the insert second), a driver- or ODM-made `createdAt`, a Date or
 * epoch number in any field, the creation times of the reply key's key and signature packets,
 * the literal data packet's date inside every encrypted message (GnuPG prints it), and the time
 * of a log line. A reporter submits a report (the browser's own prepareReportSubmission), a
 * follow-up and an attachment part, each also refused once; then every document the reporter's
 * actions wrote is searched, and GnuPG lists every stored message (decrypted with a caseworker's
 * key) and key. Defences: REPORTER_TIMESTAMP for every key, signature and literal packet made on
 * the reporter's device (client/crypto keys.ts, messages.ts); random or derived `_id`s and no
 * ODM timestamps (models under server/features); reporter requests counted, not logged one by
 * one (server/platform/reporter-requests.ts). Rate-limit windows are the one documented time:
 * their boundaries, never a request's time.
 */
import { randomBytes } from 'node:crypto';
import { Binary, BSON, ObjectId, type Document } from 'mongodb';
import request from 'supertest';
import {
  armorBinaryMessage,
  deriveReplyKeyPassphrase,
  encryptForDirectory,
  encryptSignedFollowUp,
  prepareReportSubmission,
  unlockReplyKey,
} from '../../client/crypto';
import { REPORTER_TIMESTAMP } from '../../client/crypto/config';
import { dumpAllCollections } from '../helpers/database';
import { GnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { captureLog } from '../helpers/log-capture';

const REPORTER_SECONDS = REPORTER_TIMESTAMP.getTime() / 1000;
/** The forms a time takes in GnuPG's listing: "created 1735689600" and "(sig created 2025-01-01)". */
const LISTED_SECONDS = /(?<!sig )created (\d+)/g;
const LISTED_SIGNATURE_DAY = /sig created (\S+)\)/g;
const { EJSON } = BSON;

type Documents = Map<string, { collection: string; document: Document }>;

function byIdentity(dump: Record<string, unknown[]>): Documents {
  const documents: Documents = new Map();
  for (const [collection, list] of Object.entries(dump)) {
    for (const document of list as Document[]) {
      documents.set(`${collection}/${EJSON.stringify(document['_id'])}`, { collection, document });
    }
  }
  return documents;
}

/** Documents that are new or changed since `before`: what the reporter's actions wrote. */
function writtenSince(
  before: Documents,
  after: Documents,
): { collection: string; document: Document }[] {
  return [...after.entries()]
    .filter(([key, { document }]) => {
      const earlier = before.get(key);
      return !earlier || EJSON.stringify(earlier.document) !== EJSON.stringify(document);
    })
    .map(([, entry]) => entry);
}

describe('nothing a reporter makes or leaves behind carries the time it was made', () => {
  let t: TestApp;
  let gnupg: GnuPG;
  const { lines: logLines, destination: capture } = captureLog();
  beforeAll(async () => {
    t = await createTestApp({ label: 'sec-notime', caseworkers: 1, logDestination: capture });
    gnupg = new GnuPG();
    gnupg.importSecretKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
  });
  afterAll(async () => {
    gnupg.dispose();
    await t.close();
  });

  /** Every time GnuPG lists in these packets; `kinds` counts what was listed, so the search is meaningful. */
  function listedTimes(packets: Buffer | string): {
    seconds: number[];
    days: string[];
    listing: string;
  } {
    const listing = gnupg.listPackets(packets, TEST_PASSPHRASE);
    return {
      listing,
      seconds: [...listing.matchAll(LISTED_SECONDS)].map((match) => Number(match[1])),
      days: [...listing.matchAll(LISTED_SIGNATURE_DAY)].map((match) => match[1]!),
    };
  }

  test('when a reporter reports, follows up and uploads a part then no stored field, packet or log line dates it', async () => {
    const before = byIdentity(await dumpAllCollections(t.connection));
    const linesBefore = logLines.length;
    const runStart = Date.now();

    // The report, exactly as the browser prepares it; a malformed one is refused.
    const prepared = await prepareReportSubmission({ whatHappened: 'TEST ONLY' }, t.directory);
    await request(t.app).post('/api/reports').send(prepared.body).expect(201);
    await request(t.app).post('/api/reports').send({ junk: true }).expect(400);
    const { receiptVerifier } = prepared.body;

    // A follow-up, as the return page signs and encrypts it; a plaintext one is refused.
    const replyKey = await unlockReplyKey(
      prepared.armoredReplySecretKey,
      await deriveReplyKeyPassphrase(prepared.receipt),
    );
    const messageId = randomBytes(16).toString('hex');
    const followUp = {
      receiptVerifier,
      messageId,
      message: await encryptSignedFollowUp({ text: 'TEST ONLY' }, replyKey, t.directory, messageId),
    };
    await request(t.app).post('/api/receipts/messages').send(followUp).expect(201);
    await request(t.app)
      .post('/api/receipts/messages')
      .send({ ...followUp, messageId: randomBytes(16).toString('hex'), message: 'TEST ONLY' })
      .expect(400);

    // An attachment part, as the upload encrypts it; a plaintext one is refused.
    const putPart = (bytes: Uint8Array) =>
      request(t.app)
        .put(`/api/attachments/${randomBytes(16).toString('hex')}/parts/0`)
        .set('Content-Type', 'application/octet-stream')
        .set('X-Receipt-Verifier', receiptVerifier)
        .send(Buffer.from(bytes));
    await putPart(await encryptForDirectory(randomBytes(2048), t.directory)).expect(201);
    await putPart(new TextEncoder().encode('TEST ONLY')).expect(422);
    const runEnd = Date.now();

    const written = writtenSince(before, byIdentity(await dumpAllCollections(t.connection)));
    const collections = new Set(written.map(({ collection }) => collection));
    for (const expected of ['reports', 'cases', 'case_messages', 'attachment_parts'])
      expect(collections).toContain(expected);

    // 1. No field anywhere holds a time finer than the day, except rate-limit window boundaries.
    const windowMs =
      1000 * Math.min(t.config.intake.rateLimit.windowSeconds, t.config.receipts.windowSeconds);
    const isRunTime = (n: number) =>
      (n >= runStart - 1000 && n <= runEnd + 1000) ||
      (n * 1000 >= runStart - 1000 && n * 1000 <= runEnd + 1000);
    const findings: string[] = [];
    const search = (value: unknown, path: string): void => {
      if (value instanceof ObjectId) findings.push(`${path}: ObjectId (embeds its insert second)`);
      else if (value instanceof Date) findings.push(`${path}: Date ${value.toISOString()}`);
      else if (value instanceof Binary || Buffer.isBuffer(value))
        return; // OpenPGP bytes: GnuPG below
      else if (Array.isArray(value)) value.forEach((item, i) => search(item, `${path}[${i}]`));
      else if (typeof value === 'object' && value !== null)
        for (const [key, item] of Object.entries(value)) search(item, `${path}.${key}`);
      else if (typeof value === 'number' && isRunTime(value)) findings.push(`${path}: ${value}`);
      else if (typeof value === 'string') {
        if (/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) findings.push(`${path}: ${value}`);
        for (const [digits] of value.matchAll(/(?<!\d)(\d{10}|\d{13})(?!\d)/g))
          if (isRunTime(Number(digits))) findings.push(`${path}: ${digits} in a string`);
      }
    };
    const windowBoundaries: number[] = [];
    for (const { collection, document } of written) {
      let searched: Document = document;
      if (collection === 'rate_limit_counters') {
        // A counted request names its window by the window's start and expires at its end.
        const { _id, bucket, expiresAt, ...rest } = document;
        const starts = [
          ...`${String(_id)} ${String(bucket)}`.matchAll(/(?<!\d)\d{10,13}(?!\d)/g),
        ].map(Number);
        windowBoundaries.push(...starts, (expiresAt as Date).getTime());
        searched = rest;
      }
      search(searched, `${collection}/${EJSON.stringify(document['_id'])}`);
    }
    expect(findings).toEqual([]);
    expect(windowBoundaries.length).toBeGreaterThan(0);
    expect(windowBoundaries.filter((ms) => ms % windowMs !== 0)).toEqual([]);

    // 2. Every stored message: its literal data packet (and the follow-up's signature) made at
    // REPORTER_TIMESTAMP.
    const messages = written
      .flatMap(({ collection, document }) =>
        document['message'] instanceof Binary
          ? [{ collection, bytes: Buffer.from(document['message'].buffer) }]
          : [],
      )
      .map(({ collection, bytes }) => {
        const listed = listedTimes(armorBinaryMessage(bytes));
        return {
          collection,
          literalPackets: listed.listing.match(/:literal data packet:/g)?.length ?? 0,
          signatures: listed.listing.match(/:signature packet:/g)?.length ?? 0,
          times: [...new Set(listed.seconds)],
        };
      })
      .sort((a, b) => a.collection.localeCompare(b.collection));
    expect(messages).toEqual([
      {
        collection: 'attachment_parts',
        literalPackets: 1,
        signatures: 0,
        times: [REPORTER_SECONDS],
      },
      { collection: 'case_messages', literalPackets: 1, signatures: 1, times: [REPORTER_SECONDS] },
      { collection: 'reports', literalPackets: 1, signatures: 0, times: [REPORTER_SECONDS] },
    ]);

    // 3. The stored reply key and secret key: every key and signature made at REPORTER_TIMESTAMP.
    const report = written.find(({ collection }) => collection === 'reports')!.document;
    for (const field of ['replyKey', 'replySecretKey']) {
      const listed = listedTimes(report[field] as string);
      const keyPackets = listed.listing.match(/:(public|secret)( sub)? key packet:/g) ?? [];
      const signatures = listed.listing.match(/:signature packet:/g) ?? [];
      expect({ field, keyPackets: keyPackets.length, signatures: signatures.length }).toEqual({
        field,
        keyPackets: 2,
        signatures: 2,
      });
      expect({ field, seconds: listed.seconds }).toEqual({
        field,
        seconds: Array<number>(4).fill(REPORTER_SECONDS),
      });
      expect({ field, days: listed.days }).toEqual({ field, days: ['2025-01-01', '2025-01-01'] });
    }

    // 4. No log line was written for the reporter's requests, accepted or refused; their refusals
    // appear only in the day's counts, which carry the time they are written, not the requests'.
    expect(logLines.slice(linesBefore)).toEqual([]);
    t.writeReporterCounts();
    const counted = logLines.slice(linesBefore).map((line) => JSON.parse(line) as Document);
    expect(counted.map(({ event, code, count }) => `${event} ${code} ${count}`).sort()).toEqual([
      'reporter.requests_refused invalid_armor 1', // the follow-up
      'reporter.requests_refused invalid_field 1', // the report
      'reporter.requests_refused malformed_packet 1', // the part
    ]);
    for (const line of counted)
      expect(Object.keys(line).sort()).toEqual(['code', 'count', 'event', 'level', 'time']);
  });
});
