import {
  readFollowUp,
  readReport,
  readReportDocument,
} from '../../../../../client/dashboard/cases/report-reader';

const manifestEntry = {
  attachmentId: 'd'.repeat(32),
  name: 'photo.jpg',
  type: 'image/jpeg',
  size: 1234,
  sha256: 'AB'.repeat(32),
  parts: 1,
  cleaned: true,
  removedMetadata: ['location'],
  originalSha256: 'cd'.repeat(32),
};

describe('reading a decrypted report', () => {
  test('when the report is ours then the answers and the manifest are read', () => {
    const report = readReport(
      JSON.stringify({
        schema: 'amanat-report/v1',
        locale: 'ug',
        attachments: [manifestEntry],
        answers: {
          incidentType: 'surveillance',
          month: '2025-11',
          country: 'TR',
          city: null,
          whatHappened: 'Two men\nfollowed me',
          involved: '',
          relativesAffected: 'yes',
          deadline: { date: null, details: null },
          contact: { method: 'site', details: null },
          consents: { caseworkersMayRead: true, statistics: false },
        },
      }),
    );
    expect(report).toMatchObject({
      incidentType: 'surveillance',
      whatHappened: 'Two men\nfollowed me',
      involved: null,
      relativesAffected: 'yes',
      consentStatistics: false,
    });
    expect(report?.attachments).toEqual([
      {
        attachmentId: 'd'.repeat(32),
        name: 'photo.jpg',
        type: 'image/jpeg',
        size: 1234,
        sha256: 'ab'.repeat(32),
        parts: 1,
        cleaned: true,
        removedMetadata: ['location'],
      },
    ]);
  });

  test('when answers have the wrong types then they are dropped, never shown as objects', () => {
    const report = readReport(
      JSON.stringify({
        schema: 'amanat-report/v1',
        answers: { whatHappened: { html: '<img src=x>' }, city: ['x'], relativesAffected: 'maybe' },
        attachments: [
          { ...manifestEntry, attachmentId: '../../etc' },
          { ...manifestEntry, sha256: 'nope' },
          { ...manifestEntry, size: -1 },
          { ...manifestEntry, parts: 0 },
        ],
      }),
    );
    expect(report).toMatchObject({ whatHappened: '', city: null, relativesAffected: null });
    expect(report?.attachments).toEqual([]);
  });

  test('when a report says who contacted the reporter then it is read, bounded; older reports without it read as null', () => {
    const withIt = (contactedBy: unknown): string =>
      JSON.stringify({ schema: 'amanat-report/v1', answers: { whatHappened: 'x', contactedBy } });
    expect(readReport(withIt('+90 532 555 01 77\n@someone'))?.contactedBy).toBe(
      '+90 532 555 01 77\n@someone',
    );
    expect(readReport(withIt('9'.repeat(300_000)))?.contactedBy).toHaveLength(200_000);
    expect(readReport(withIt(['+90 532 555 01 77']))?.contactedBy).toBeNull();
    expect(
      readReport(JSON.stringify({ schema: 'amanat-report/v1', answers: { whatHappened: 'x' } }))
        ?.contactedBy,
    ).toBeNull();
  });

  test('when the plaintext is not our report then it is not read as one', () => {
    expect(readReport('plain words from GnuPG')).toBeNull();
    expect(readReport(JSON.stringify({ schema: 'other', answers: {} }))).toBeNull();
  });

  test('when a report names its reply key then the fingerprint is read from any JSON object, and nothing else is taken for one', () => {
    const fingerprint = 'AB'.repeat(20);
    expect(
      readReportDocument(
        JSON.stringify({ schema: 'amanat-report/v1', replyKeyFingerprint: fingerprint }),
      ).replyKeyFingerprint,
    ).toBe(fingerprint.toLowerCase());
    // Not our report format (a script, an older tool): the key it names still counts.
    expect(
      readReportDocument(JSON.stringify({ whatHappened: 'x', replyKeyFingerprint: fingerprint })),
    ).toEqual({ report: null, replyKeyFingerprint: fingerprint.toLowerCase() });
    for (const value of ['ab'.repeat(19), 'zz'.repeat(20), { $ne: null }, 42, null]) {
      expect(
        readReportDocument(JSON.stringify({ replyKeyFingerprint: value })).replyKeyFingerprint,
      ).toBeNull();
    }
    expect(readReportDocument('not json').replyKeyFingerprint).toBeNull();
  });

  test('when a follow-up is read then its text and files come out; other plaintext stays whole', () => {
    expect(
      readFollowUp(
        JSON.stringify({
          schema: 'amanat-follow-up/v1',
          text: 'more',
          attachments: [manifestEntry],
        }),
      ),
    ).toMatchObject({ text: 'more', attachments: [{ name: 'photo.jpg' }] });
    expect(readFollowUp('{"schema":"x"}')).toEqual({ text: '{"schema":"x"}', attachments: [] });
  });
});
