/**
 * Attack: racing many attachment parts for one report at once, on two app instances, so that
 * every request reads "room left" before any of them stores: the per-report byte limit must hold
 * anyway (room is claimed by inserting unique slot ids, not read and then written).
 */
import { createHash } from 'node:crypto';
import { BYTE_SLOT_SIZE } from '../../server/features/attachments';
import {
  encryptedPart,
  newAttachmentId,
  openCase,
  PARTS_RACE_ENV,
  putPart,
  storedPartsOf,
} from '../helpers/attachments';
import { useTwoInstances } from '../helpers/two-instances';

const CAP_BYTES = 10 * BYTE_SLOT_SIZE;
const PARTS = 24;

describe('concurrent parts cannot overshoot the per-report byte limit', () => {
  const instances = useTwoInstances({
    label: 'sec-cap-race',
    caseworkers: 1,
    env: {
      ATTACHMENT_MAX_PART_BYTES: String(4 * BYTE_SLOT_SIZE),
      ATTACHMENTS_MAX_BYTES_PER_REPORT: String(CAP_BYTES),
      ATTACHMENTS_MAX_PER_REPORT: String(PARTS),
      ...PARTS_RACE_ENV,
    },
  });

  test('when parts worth four times the limit race in then the stored bytes stay within it, every refusal says why, and what is stored is intact', async () => {
    const { t, other } = instances;
    const { caseId, receiptVerifier } = await openCase(t);
    // Each part needs two slots: five fit, twenty-four are sent at once.
    const uploads = await Promise.all(
      Array.from({ length: PARTS }, async (_, i) => ({
        attachmentId: newAttachmentId(),
        bytes: await encryptedPart(t, BYTE_SLOT_SIZE + 1024 * (i + 1)),
      })),
    );
    const responses = await Promise.all(
      uploads.map(({ attachmentId, bytes }, i) =>
        putPart(i % 2 === 0 ? t.app : other.app, receiptVerifier, attachmentId, 0, bytes),
      ),
    );

    const stored = await storedPartsOf(t, caseId);
    const storedBytes = stored.reduce((sum, part) => sum + part.size, 0);
    expect(storedBytes).toBeLessThanOrEqual(CAP_BYTES);
    expect(stored.length).toBeGreaterThan(0);
    const outcomes = responses.map((response) =>
      response.status === 201 ? 'stored' : `${response.status} ${response.body.error?.code}`,
    );
    expect(outcomes.filter((outcome) => outcome !== 'stored')).toEqual(
      Array(PARTS - stored.length).fill('413 attachments_too_large'),
    );
    // Exactly the parts answered 201 are stored, byte for byte.
    const accepted = uploads.filter((_, i) => responses[i]!.status === 201);
    expect(stored.map((part) => `${part.attachmentId}:${part.sha256}`).sort()).toEqual(
      accepted.map(({ attachmentId, bytes }) => `${attachmentId}:${sha256(bytes)}`).sort(),
    );
    // Refused parts left no claim behind: the slots held are exactly those of the stored parts.
    const slotsHeld = await t.connection
      .db!.collection('attachment_reservations')
      .countDocuments({ caseId, kind: 'bytes' });
    const slotsNeeded = stored.reduce(
      (sum, part) => sum + Math.ceil(part.size / BYTE_SLOT_SIZE),
      0,
    );
    expect(slotsHeld).toBe(slotsNeeded);

    // A retry of a stored part is answered as before and claims nothing more.
    for (const { attachmentId, bytes } of accepted) {
      const retry = await putPart(other.app, receiptVerifier, attachmentId, 0, bytes).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    }
    expect(
      await t.connection
        .db!.collection('attachment_reservations')
        .countDocuments({ caseId, kind: 'bytes' }),
    ).toBe(slotsNeeded);
    expect(await storedPartsOf(t, caseId)).toHaveLength(stored.length);
  });
});

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
