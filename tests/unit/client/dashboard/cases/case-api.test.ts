import { base64FromBytes, bytesFromBase64 } from '../../../../../client/dashboard/cases/base64';
import {
  readCaseAccess,
  readCaseDetail,
  readCaseList,
  readCaseSummary,
  readKeyPacketItems,
} from '../../../../../client/dashboard/cases/case-api';

const CASE_ID = 'a'.repeat(32);

function summary(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseId: CASE_ID,
    receivedOn: '2026-01-05',
    status: 'new',
    outcome: null,
    priority: 'urgent',
    deadline: '2026-01-10',
    overdue: true,
    assignee: { id: 'b'.repeat(32), username: 'amina' },
    labels: ['lawyer', 7],
    codes: { incidentCategory: 'surveillance', hostCountry: 'TR', month: '2025-12' },
    legalHold: false,
    closedOn: null,
    report: base64FromBytes(new Uint8Array([0xc1, 1, 2, 3])),
    messageCount: 2,
    attachmentCount: 1,
    ...overrides,
  };
}

describe('reading case answers from the server', () => {
  test('when a summary is well formed then every field is read and the report becomes bytes', () => {
    const read = readCaseSummary(summary());
    expect(read).toMatchObject({
      caseId: CASE_ID,
      status: 'new',
      priority: 'urgent',
      overdue: true,
      assignee: { username: 'amina' },
      labels: ['lawyer'],
      codes: { incidentCategory: 'surveillance', hostCountry: 'TR', month: '2025-12' },
    });
    expect(read?.report).toEqual(new Uint8Array([0xc1, 1, 2, 3]));
  });

  test('when a summary has an unknown status, priority or id then it is dropped from the list', () => {
    const list = readCaseList({
      cases: [
        summary(),
        summary({ status: 'deleted' }),
        summary({ priority: 'now' }),
        summary({ caseId: '../admin' }),
        'nonsense',
      ],
      total: 5,
      page: 1,
      pageSize: 50,
    });
    expect(list.cases).toHaveLength(1);
    expect(list.total).toBe(5);
  });

  test('when the report is not base64 then it reads as null (shown as unreadable), not as text', () => {
    expect(readCaseSummary(summary({ report: '<script>' }))?.report).toBeNull();
    expect(readCaseSummary(summary({ report: null }))?.report).toBeNull();
  });

  test('when a case detail arrives then the thread is sorted by seq and history details become text', () => {
    const detail = readCaseDetail({
      case: summary(),
      replyKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----',
      thread: [
        { messageId: 'm2', seq: 2, kind: 'note', sentOn: '2026-01-07', message: 'wcFMA+A=' },
        { messageId: 'm1', seq: 1, kind: 'follow-up', sentOn: '2026-01-06', message: 'wcFMA+A=' },
        { messageId: 'm3', seq: 3, kind: 'chat', sentOn: '2026-01-07', message: 'wcFMA+A=' },
      ],
      attachments: [
        {
          attachmentId: 'c'.repeat(32),
          parts: [
            { index: 1, size: 9 },
            { index: 0, size: 9 },
          ],
        },
      ],
      history: [
        {
          at: '2026-01-07T10:00:00.000Z',
          actor: 'amina',
          event: 'case.triage_changed',
          details: { field: 'labels', from: '', to: ['a', 'b'] },
        },
      ],
    });
    expect(detail?.thread.map((entry) => entry.messageId)).toEqual(['m1', 'm2']);
    expect(detail?.replyKeyConfirmation).toBeNull();
    expect(detail?.attachments[0]?.parts.map((part) => part.index)).toEqual([0, 1]);
    expect(detail?.history[0]?.details).toEqual([
      ['field', 'labels'],
      ['from', ''],
      ['to', 'a, b'],
    ]);
  });

  test('when a reply key confirmation arrives then it is read only with a v4 fingerprint and a statement', () => {
    const confirmation = {
      fingerprint: 'ab'.repeat(20),
      confirmation: '-----BEGIN PGP MESSAGE-----',
      confirmedOn: '2026-01-07',
      confirmedBy: 'amina',
    };
    const read = (value: unknown) =>
      readCaseDetail({ case: summary(), replyKeyConfirmation: value })?.replyKeyConfirmation;
    // Who confirmed, and when, is the server's word: only the signed statement is kept.
    expect(read(confirmation)).toEqual({
      fingerprint: confirmation.fingerprint,
      confirmation: confirmation.confirmation,
    });
    expect(read({ ...confirmation, fingerprint: 'AB'.repeat(20) })).toBeNull();
    expect(read({ ...confirmation, fingerprint: { $ne: null } })).toBeNull();
    expect(read({ ...confirmation, confirmation: null })).toBeNull();
    expect(read('confirmed')).toBeNull();
  });

  test('when key packets arrive then each becomes bytes; one malformed item refuses the whole answer', () => {
    const pkesks = base64FromBytes(new Uint8Array([0xc1, 0x4e, 3]));
    expect(
      readKeyPacketItems({ items: [{ target: 'report', id: CASE_ID, pkesks }] })?.[0]?.pkesks,
    ).toEqual(new Uint8Array([0xc1, 0x4e, 3]));
    expect(
      readKeyPacketItems({
        items: [
          { target: 'report', id: CASE_ID, pkesks },
          { target: 'message', id: 'm1', pkesks: '###' },
        ],
      }),
    ).toBeNull();
    expect(readKeyPacketItems({ items: [{ target: 'body', id: 'x', pkesks }] })).toBeNull();
  });

  test('when access is listed then fingerprints and key ids are lower-cased', () => {
    expect(
      readCaseAccess({
        caseworkers: [
          {
            fingerprint: 'ABCD',
            label: 'L',
            owner: 'amina',
            encryptionKeyIds: ['EF01'],
            canRead: false,
          },
          { label: 'no fingerprint' },
        ],
      }),
    ).toEqual([
      {
        fingerprint: 'abcd',
        label: 'L',
        owner: 'amina',
        encryptionKeyIds: ['ef01'],
        canRead: false,
      },
    ]);
  });

  test('when base64 round-trips then the bytes are the same; anything else is refused', () => {
    const bytes = new Uint8Array(70_000).map((_, index) => index % 251);
    expect(bytesFromBase64(base64FromBytes(bytes))).toEqual(bytes);
    expect(bytesFromBase64('')).toBeNull();
    expect(bytesFromBase64('abc$')).toBeNull();
    expect(bytesFromBase64('a')).toBeNull();
    expect(bytesFromBase64(42)).toBeNull();
  });
});
