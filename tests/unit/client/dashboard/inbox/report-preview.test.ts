import {
  PREVIEW_HEAD_BYTES,
  PREVIEW_PARSE_BYTES,
  readReportPreview,
} from '../../../../../client/dashboard/inbox/report-preview';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function report(whatHappened: string): string {
  return JSON.stringify({
    schema: 'amanat-report/v1',
    locale: 'ug',
    attachments: [],
    answers: { incidentType: 'surveillance', whatHappened },
  });
}

describe('what the inbox reads of a decrypted report', () => {
  test('when a report is short then it is read as a report', () => {
    const preview = readReportPreview(encode(report('TEST ONLY followed home')));
    expect(preview.long).toBe(false);
    expect(preview.report?.incidentType).toBe('surveillance');
    expect(preview.text).toBe('TEST ONLY followed home');
  });

  test('when a plaintext is not a report then its text is the preview', () => {
    const preview = readReportPreview(encode('TEST ONLY written with GnuPG'));
    expect(preview).toEqual({ report: null, text: 'TEST ONLY written with GnuPG', long: false });
  });

  test('when a plaintext is longer than the inbox parses then only its beginning is decoded, never parsed', () => {
    const long = encode(report('x'.repeat(PREVIEW_PARSE_BYTES)));
    const preview = readReportPreview(long);
    expect(preview.long).toBe(true);
    expect(preview.report).toBeNull();
    expect(preview.text.startsWith('{"schema":"amanat-report/v1"')).toBe(true);
    expect(preview.text.length).toBeLessThanOrEqual(PREVIEW_HEAD_BYTES);
  });

  test('when the beginning ends inside a multi-byte character then that character is left out', () => {
    // Uyghur letters are two bytes each: an odd cut falls inside one.
    const text = `x${'ئ'.repeat(PREVIEW_PARSE_BYTES)}`;
    const preview = readReportPreview(encode(text));
    expect(preview.text).toBe(text.slice(0, PREVIEW_HEAD_BYTES / 2));
    expect(preview.text).not.toContain('\uFFFD');
  });
});
