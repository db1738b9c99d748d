/**
 * Attachment parts: each a complete OpenPGP message for exactly the caseworkers, uploaded with
 * the receipt verifier, idempotent on retry; exported parts decrypt alone with GnuPG and their
 * concatenation is the file.
 */
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveReceiptVerifier, encryptForDirectory } from '../../client/crypto';
import {
  encryptedPart,
  newAttachmentId,
  openCase,
  putPart as putPartTo,
} from '../helpers/attachments';
import { exportCaseOf } from '../helpers/case-export';
import { useTestApp } from '../helpers/use-test-app';
import { useGnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { sendPreparedReport } from '../helpers/reporter-traffic';

describe('attachment parts', () => {
  const { gpg, scratch: work } = useGnuPG('amanat-attachments-');
  const t = useTestApp({
    label: 'attachments',
    caseworkers: 1,
    env: {
      ATTACHMENT_MAX_PART_BYTES: String(256 * 1024),
      ATTACHMENTS_MAX_BYTES_PER_REPORT: String(600 * 1024),
    },
  });
  beforeAll(() => {
    gpg.importSecretKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
  });

  async function newCase(): Promise<{ caseId: string; receiptVerifier: string }> {
    const { prepared, caseId } = await sendPreparedReport(t.app, t.directory, {
      whatHappened: 'TEST ONLY with files',
    });
    return { caseId, receiptVerifier: await deriveReceiptVerifier(prepared.receipt) };
  }

  function putPart(
    receiptVerifier: string,
    attachmentId: string,
    index: number,
    bytes: Uint8Array,
  ) {
    return request(t.app)
      .put(`/api/attachments/${attachmentId}/parts/${index}`)
      .set('Content-Type', 'application/octet-stream')
      .set('X-Receipt-Verifier', receiptVerifier)
      .send(Buffer.from(bytes));
  }

  test('when a file is sent in parts then each is stored once and gpg decrypts their concatenation to the file', async () => {
    const { caseId, receiptVerifier } = await newCase();
    const file = randomBytes(300 * 1024);
    const attachmentId = randomBytes(16).toString('hex');
    const chunks = [file.subarray(0, 200 * 1024), file.subarray(200 * 1024)];
    const encrypted = await Promise.all(
      chunks.map((chunk) => encryptForDirectory(chunk, t.directory)),
    );
    for (const [index, part] of encrypted.entries()) {
      await putPart(receiptVerifier, attachmentId, index, part).expect(201);
    }
    // A retry of a stored part is answered as the original; a different part under its index is refused.
    const retry = await putPart(receiptVerifier, attachmentId, 1, encrypted[1]!).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const clash = await putPart(receiptVerifier, attachmentId, 1, encrypted[0]!).expect(409);
    expect(clash.body.error.code).toBe('part_already_stored');

    const exported = await exportCaseOf(t.connection, caseId);
    const decrypted = [0, 1].map((index) => {
      const name = `attachment-${attachmentId}-part-${index}.asc`;
      writeFileSync(join(work, name), exported.files.find((f) => f.name === name)!.content);
      return gpg.decryptFile(join(work, name), TEST_PASSPHRASE);
    });
    expect(Buffer.concat(decrypted).equals(file)).toBe(true);
  });

  test('when the receipt verifier is wrong or missing then nothing is stored', async () => {
    const part = await encryptForDirectory(randomBytes(1024), t.directory);
    const wrong = await deriveReceiptVerifier('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
    expect((await putPart(wrong, randomBytes(16).toString('hex'), 0, part)).body.error.code).toBe(
      'receipt_not_found',
    );
    const missing = await request(t.app)
      .put(`/api/attachments/${randomBytes(16).toString('hex')}/parts/0`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.from(part))
      .expect(400);
    expect(missing.body.error.code).toBe('invalid_receipt_verifier');
    expect(await t.connection.db!.collection('attachment_parts').countDocuments({})).toBe(2);
  });

  test('when a part is too large, or the report would exceed its total, then it is refused with 413', async () => {
    const { receiptVerifier } = await newCase();
    const tooBig = await encryptForDirectory(randomBytes(300 * 1024), t.directory);
    expect(
      (await putPart(receiptVerifier, randomBytes(16).toString('hex'), 0, tooBig)).status,
    ).toBe(413);
    const attachmentId = randomBytes(16).toString('hex');
    for (const index of [0, 1]) {
      await putPart(
        receiptVerifier,
        attachmentId,
        index,
        await encryptForDirectory(randomBytes(250 * 1024), t.directory),
      ).expect(201);
    }
    const over = await putPart(
      receiptVerifier,
      attachmentId,
      2,
      await encryptForDirectory(randomBytes(200 * 1024), t.directory),
    );
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('attachments_too_large');
  });

  test('when an attachment id of another report is reused or the index is out of range then it is refused', async () => {
    const first = await newCase();
    const second = await newCase();
    const attachmentId = randomBytes(16).toString('hex');
    const part = await encryptForDirectory(randomBytes(1024), t.directory);
    await putPart(first.receiptVerifier, attachmentId, 0, part).expect(201);
    expect((await putPart(second.receiptVerifier, attachmentId, 1, part)).body.error.code).toBe(
      'attachment_id_taken',
    );
    expect((await putPart(first.receiptVerifier, attachmentId, 4, part)).body.error.code).toBe(
      'invalid_part_index',
    );
    expect((await putPart(first.receiptVerifier, 'not-hex', 0, part)).body.error.code).toBe(
      'invalid_attachment_id',
    );
  });
});

describe('parts per attachment follow ATTACHMENT_MAX_FILE_MB', () => {
  // 33 MiB files need five 8 MiB parts: indexes 0 to 4 (the default 25 allows 0 to 3).
  const t = useTestApp({
    label: 'attachment-parts-per-file',
    caseworkers: 1,
    env: { ATTACHMENT_MAX_FILE_MB: '33' },
  });

  test('when files may be 33 MiB then a part at index 4 is stored and one at index 5 is refused', async () => {
    const reporter = await openCase(t);
    const attachmentId = newAttachmentId();
    const part = await encryptedPart(t, 1024);
    await putPartTo(t.app, reporter.receiptVerifier, attachmentId, 4, part).expect(201);
    expect(
      (await putPartTo(t.app, reporter.receiptVerifier, attachmentId, 5, part)).body.error.code,
    ).toBe('invalid_part_index');
  });
});
