/**
 * Attack: filling one report with ever more attachments (each within the per-attachment part
 * limit), one after another or all at once on two instances. A report holds at most
 * ATTACHMENTS_MAX_PER_REPORT attachments; what is refused says so, and what is stored stays.
 */
import {
  encryptedPart,
  newAttachmentId,
  openCase,
  PARTS_RACE_ENV,
  putPart,
  storedPartsOf,
} from '../helpers/attachments';
import { useTwoInstances } from '../helpers/two-instances';

const MAX_ATTACHMENTS = 3;

describe('the number of attachments per report is bounded', () => {
  const instances = useTwoInstances({
    label: 'sec-attachment-count',
    caseworkers: 1,
    env: { ATTACHMENTS_MAX_PER_REPORT: String(MAX_ATTACHMENTS), ...PARTS_RACE_ENV },
  });

  test('when one attachment too many is sent then it is refused with too_many_attachments, and the others keep taking parts', async () => {
    const { t } = instances;
    const { caseId, receiptVerifier } = await openCase(t);
    const attachmentIds = Array.from({ length: MAX_ATTACHMENTS }, newAttachmentId);
    for (const attachmentId of attachmentIds) {
      await putPart(t.app, receiptVerifier, attachmentId, 0, await encryptedPart(t, 1024)).expect(
        201,
      );
    }
    const refused = await putPart(
      t.app,
      receiptVerifier,
      newAttachmentId(),
      0,
      await encryptedPart(t, 1024),
    );
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({
      status: 409,
      code: 'too_many_attachments',
    });
    expect(refused.body.error.message).toContain(String(MAX_ATTACHMENTS));
    // More parts of an attachment already counted are still welcome.
    await putPart(
      t.app,
      receiptVerifier,
      attachmentIds[0]!,
      1,
      await encryptedPart(t, 1024),
    ).expect(201);
    const stored = await storedPartsOf(t, caseId);
    expect(new Set(stored.map((part) => part.attachmentId))).toEqual(new Set(attachmentIds));
    expect(stored).toHaveLength(MAX_ATTACHMENTS + 1);
  });

  test('when many new attachments race in on two instances then exactly the maximum is stored and the rest are refused', async () => {
    const { t, other } = instances;
    const { caseId, receiptVerifier } = await openCase(t);
    const parts = await Promise.all(
      Array.from({ length: 4 * MAX_ATTACHMENTS }, async () => ({
        attachmentId: newAttachmentId(),
        bytes: await encryptedPart(t, 1024),
      })),
    );
    const responses = await Promise.all(
      parts.map(({ attachmentId, bytes }, i) =>
        putPart(i % 2 === 0 ? t.app : other.app, receiptVerifier, attachmentId, 0, bytes),
      ),
    );
    const stored = await storedPartsOf(t, caseId);
    expect(stored).toHaveLength(MAX_ATTACHMENTS);
    expect(
      responses
        .map((response) => (response.status === 201 ? 'stored' : response.body.error?.code))
        .sort(),
    ).toEqual([
      ...Array(MAX_ATTACHMENTS).fill('stored'),
      ...Array(3 * MAX_ATTACHMENTS).fill('too_many_attachments'),
    ]);
    const acceptedIds = parts
      .filter((_, i) => responses[i]!.status === 201)
      .map(({ attachmentId }) => attachmentId);
    expect(new Set(stored.map((part) => part.attachmentId))).toEqual(new Set(acceptedIds));
  });
});
