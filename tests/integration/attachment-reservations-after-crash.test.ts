/**
 * Room claimed by an upload that died before storing its part (the process was killed, the
 * database went away) is not lost for good: once it is from before yesterday and backs no stored
 * part, the report gets it back when it runs short. Claims of today are respected (their upload
 * may still be under way), and claims that back a stored part are never given back.
 * The dead upload's claims are written as it would have left them.
 */
import { BYTE_SLOT_SIZE } from '../../server/features/attachments';
import { dayOf } from '../../server/platform/days';
import { encryptedPart, newAttachmentId, openCase, putPart } from '../helpers/attachments';
import { useTestApp } from '../helpers/use-test-app';

const DAY_MS = 86_400_000;

describe('reservations left by a crashed upload', () => {
  const t = useTestApp({
    label: 'reservations-crash',
    caseworkers: 1,
    env: {
      ATTACHMENT_MAX_PART_BYTES: String(4 * BYTE_SLOT_SIZE),
      ATTACHMENTS_MAX_BYTES_PER_REPORT: String(10 * BYTE_SLOT_SIZE),
      ATTACHMENTS_MAX_PER_REPORT: '2',
    },
  });

  const reservations = () => t.connection.db!.collection('attachment_reservations');

  /** What an upload killed between claiming and storing leaves behind. */
  async function leaveOrphans(caseId: string, kind: 'bytes' | 'files', slots: number[]) {
    await reservations().insertMany(
      slots.map((slot) => ({
        _id: `${caseId}:${kind}:${slot}`,
        caseId,
        kind,
        holder: `${kind === 'bytes' ? 'crashed-attempt' : newAttachmentId()}-${slot}`,
        claimedOn: dayOf(t.clock.now()),
      })) as never[],
    );
  }

  const takenSlots = async (caseId: string, kind: string) =>
    (await reservations().find({ caseId, kind }).toArray()).map((document) => String(document._id));

  test('when a crashed upload left byte slots then they count today and come back after a day, and slots backing stored parts stay', async () => {
    const { caseId, receiptVerifier } = await openCase(t);
    const stored = newAttachmentId();
    await putPart(t.app, receiptVerifier, stored, 0, await encryptedPart(t, 100 * 1024)).expect(
      201,
    );
    const backing = await takenSlots(caseId, 'bytes');
    expect(backing).toHaveLength(2);
    const free = [...Array(10).keys()].filter(
      (slot) => !backing.includes(`${caseId}:bytes:${slot}`),
    );
    await leaveOrphans(caseId, 'bytes', free);

    const part = await encryptedPart(t, 100 * 1024);
    const attachmentId = newAttachmentId();
    const today = await putPart(t.app, receiptVerifier, attachmentId, 0, part);
    expect({ status: today.status, code: today.body.error?.code }).toEqual({
      status: 413,
      code: 'attachments_too_large',
    });

    t.clock.advance(2 * DAY_MS);
    await putPart(t.app, receiptVerifier, attachmentId, 0, part).expect(201);
    const after = await takenSlots(caseId, 'bytes');
    expect(after).toHaveLength(4);
    expect(after).toEqual(expect.arrayContaining(backing));
  });

  test('when a crashed upload left an attachment slot then a new attachment is refused today and accepted after a day', async () => {
    const { caseId, receiptVerifier } = await openCase(t);
    await putPart(
      t.app,
      receiptVerifier,
      newAttachmentId(),
      0,
      await encryptedPart(t, 1024),
    ).expect(201);
    const [counted] = await takenSlots(caseId, 'files');
    await leaveOrphans(
      caseId,
      'files',
      [0, 1].filter((slot) => `${caseId}:files:${slot}` !== counted),
    );

    const part = await encryptedPart(t, 1024);
    const attachmentId = newAttachmentId();
    const today = await putPart(t.app, receiptVerifier, attachmentId, 0, part);
    expect(today.body.error?.code).toBe('too_many_attachments');

    t.clock.advance(2 * DAY_MS);
    await putPart(t.app, receiptVerifier, attachmentId, 0, part).expect(201);
    expect(await takenSlots(caseId, 'files')).toEqual(expect.arrayContaining([counted]));
    expect(await takenSlots(caseId, 'files')).toHaveLength(2);
  });
});
