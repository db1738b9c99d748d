/**
 * Attack: filling the deployment's disk with attachment parts spread over many reports, each
 * within its own report's limit. Past the storage watermark (here a tiny ATTACHMENTS_MAX_TOTAL_BYTES)
 * every part is refused with 507 storage_full, nothing stored is touched, and reports themselves
 * still arrive. When room is made, parts are taken again.
 */
import { AttachmentPartsRepository } from '../../server/features/attachments';
import {
  encryptedPart,
  newAttachmentId,
  openCase,
  putPart,
  storedPartsOf,
} from '../helpers/attachments';
import { createTestApp, type TestApp } from '../helpers/test-app';

const BUDGET_BYTES = 400 * 1024;

describe('the storage watermark refuses attachment parts before the disk fills', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      label: 'sec-storage-full',
      caseworkers: 1,
      env: {
        ATTACHMENTS_MAX_TOTAL_BYTES: String(BUDGET_BYTES),
        ATTACHMENT_MAX_PART_BYTES: String(256 * 1024),
        ATTACHMENT_RATE_LIMIT: '1000',
      },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  test('when parts from several reports reach the budget then the next is refused with storage_full, stored parts stay, and reports still arrive', async () => {
    const cases = [await openCase(t), await openCase(t)];
    let refusal: { status: number; body: { error?: { code?: string; message?: string } } } | null =
      null;
    // Reports take turns, 100 KiB parts, until the deployment says it is full.
    for (let i = 0; refusal === null; i++) {
      expect(i).toBeLessThan(20); // the budget fits four of them, whatever the engine counts
      const response = await putPart(
        t.app,
        cases[i % 2]!.receiptVerifier,
        newAttachmentId(),
        0,
        await encryptedPart(t, 100 * 1024),
      );
      if (response.status !== 201) refusal = response;
    }
    expect({ status: refusal.status, code: refusal.body.error?.code }).toEqual({
      status: 507,
      code: 'storage_full',
    });
    expect(refusal.body.error?.message).toMatch(/no room/);

    const storedBefore = [
      ...(await storedPartsOf(t, cases[0]!.caseId)),
      ...(await storedPartsOf(t, cases[1]!.caseId)),
    ];
    expect(storedBefore.length).toBeGreaterThan(0);
    expect(storedBefore.reduce((sum, part) => sum + part.size, 0)).toBeLessThanOrEqual(
      BUDGET_BYTES,
    );
    // Every report is refused alike, and nothing stored changed.
    for (const { receiptVerifier } of cases) {
      const response = await putPart(
        t.app,
        receiptVerifier,
        newAttachmentId(),
        0,
        await encryptedPart(t, 1024),
      );
      expect({ status: response.status, code: response.body.error?.code }).toEqual({
        status: 507,
        code: 'storage_full',
      });
    }
    expect([
      ...(await storedPartsOf(t, cases[0]!.caseId)),
      ...(await storedPartsOf(t, cases[1]!.caseId)),
    ]).toEqual(storedBefore);
    // Testimony first: a new report is still accepted while files are refused.
    const newcomer = await openCase(t);
    expect(await t.connection.db!.collection('reports').countDocuments({})).toBe(3);

    // Retention deletes the first case's parts: there is room again.
    await new AttachmentPartsRepository(t.connection).deleteAllOfCase(cases[0]!.caseId);
    await putPart(
      t.app,
      newcomer.receiptVerifier,
      newAttachmentId(),
      0,
      await encryptedPart(t, 1024),
    ).expect(201);
  });
});
