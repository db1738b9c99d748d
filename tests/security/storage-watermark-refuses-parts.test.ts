/**
 * Attack: filling the deployment's disk with attachment parts spread over many reports, each
 * within its own report's limit. Past the storage watermark every new part is refused with 507
 * storage_full, nothing stored is touched, a retry of a stored part is still answered, and
 * reports still arrive (they stop only at half the floor). The FerretDB test database reports no
 * filesystem figures, so the watermark here is the database budget (STORAGE_MAX_BYTES against
 * dbStats totalSize, with a 20 % floor), and every answer is checked against the size the engine
 * reported just before it: a part is taken exactly when it leaves the floor free.
 */
import request from 'supertest';
import {
  encryptedPart,
  newAttachmentId,
  openCase,
  putPart,
  storedPartsOf,
} from '../helpers/attachments';
import { buildSubmission } from '../helpers/reports';
import { databaseBytesOf, instanceWithStorageLimits } from '../helpers/storage';
import { useTestApp } from '../helpers/use-test-app';

const FLOOR_PERCENT = 20;
const PART_PLAINTEXT_BYTES = 100 * 1024;

describe('the storage watermark refuses attachment parts before the disk fills', () => {
  const t = useTestApp({
    label: 'sec-storage-full',
    caseworkers: 1,
    env: { ATTACHMENT_MAX_PART_BYTES: String(256 * 1024) },
  });

  test('when parts from several reports reach the floor then each next one is refused with storage_full as the engine measures it, stored parts stay, retries are answered and reports still arrive', async () => {
    const cases = [await openCase(t), await openCase(t)];
    // Room above what the database holds now for a few parts, whatever the engine counts.
    const budget = Math.ceil(((await databaseBytesOf(t)) + 600 * 1024) / (1 - FLOOR_PERCENT / 100));
    const partsFit = (bytes: number) => bytes <= budget * (1 - FLOOR_PERCENT / 100);
    const messagesFit = (bytes: number) => bytes <= budget * (1 - FLOOR_PERCENT / 200);
    const instance = await instanceWithStorageLimits(t, {
      minFreePercent: FLOOR_PERCENT,
      maxDatabaseBytes: budget,
      maxAttachmentBytes: 0,
    });
    try {
      /** Sends a new part of `caseIndex`'s report; says whether the floor allowed it. */
      const sendPart = async (caseIndex: number) => {
        const part = await encryptedPart(t, PART_PLAINTEXT_BYTES);
        const measured = await databaseBytesOf(t);
        const attachmentId = newAttachmentId();
        const response = await putPart(
          instance.onionApp,
          cases[caseIndex]!.receiptVerifier,
          attachmentId,
          0,
          part,
        );
        return {
          attachmentId,
          part,
          fits: partsFit(measured + part.length),
          answer: `${response.status} ${response.body.error?.code ?? ''}`.trim(),
        };
      };
      const answered = [];
      // Reports take turns until the deployment says it is full.
      for (let i = 0; answered.at(-1)?.answer !== '507 storage_full'; i++) {
        expect(i).toBeLessThan(30);
        answered.push(await sendPart(i % 2));
      }
      expect(answered.map(({ fits, answer }) => ({ fits, answer }))).toEqual(
        answered.map(({ fits }) => ({ fits, answer: fits ? '201' : '507 storage_full' })),
      );
      expect(answered.length).toBeGreaterThan(2); // the budget took parts before it refused

      const storedBefore = [
        ...(await storedPartsOf(t, cases[0]!.caseId)),
        ...(await storedPartsOf(t, cases[1]!.caseId)),
      ];
      expect(storedBefore.length).toBe(answered.length - 1);
      // The other report is refused alike, and nothing stored changed.
      const other = await sendPart(answered.length % 2);
      expect(other).toMatchObject({ fits: false, answer: '507 storage_full' });
      expect([
        ...(await storedPartsOf(t, cases[0]!.caseId)),
        ...(await storedPartsOf(t, cases[1]!.caseId)),
      ]).toEqual(storedBefore);

      // A retry of a part that was stored is answered as before: the page stops sending it.
      const first = answered[0]!;
      const retry = await putPart(
        instance.onionApp,
        cases[0]!.receiptVerifier,
        first.attachmentId,
        0,
        first.part,
      );
      expect([retry.status, retry.headers['idempotent-replayed']]).toEqual([201, 'true']);

      // Testimony first: a report still fits under half the floor.
      const { body } = await buildSubmission(t.directory);
      const incoming =
        Buffer.byteLength(body.message) +
        Buffer.byteLength(body.replyKey) +
        Buffer.byteLength(body.replySecretKey ?? '');
      expect(messagesFit((await databaseBytesOf(t)) + incoming)).toBe(true);
      await request(instance.onionApp).post('/api/reports').send(body).expect(201);
    } finally {
      await instance.close();
    }
  });
});
