/**
 * What the inbox reads of one decrypted report: a bounded beginning, never the whole plaintext.
 * A page of the inbox decrypts up to 50 reports one after the other, and each may be as large as
 * the decryption bound (plaintext-bounds.ts; up to 16 MiB): decoding, parsing and normalising
 * all of that per row would hold the page for seconds. A plaintext up to PREVIEW_PARSE_BYTES is
 * read as a report; of a longer one only the first PREVIEW_HEAD_BYTES are decoded, as text. The
 * case view shows the whole text, in bounded pieces (text-pieces.ts).
 */
import { decodeUtf8, readReport, type ReadReport } from '../cases/report-reader';

/**
 * Parsed whole up to this size: reports from the reporter page at the default intake limit
 * (512 KiB of armored body) are at most about 384 KiB, and nearly all are a few KiB.
 */
export const PREVIEW_PARSE_BYTES = 256 * 1024;

/** Of a longer plaintext, only this much of its beginning is decoded (for the preview and search). */
export const PREVIEW_HEAD_BYTES = 16 * 1024;

export interface ReportPreview {
  /** The report document, when the plaintext is one and short enough to be parsed. */
  readonly report: ReadReport | null;
  /** "What happened", or the text of a plaintext that is not a report (its beginning, if long). */
  readonly text: string;
  /** True when the plaintext is longer than PREVIEW_PARSE_BYTES: only its beginning was read. */
  readonly long: boolean;
}

export function readReportPreview(plaintext: Uint8Array): ReportPreview {
  if (plaintext.length <= PREVIEW_PARSE_BYTES) {
    const text = decodeUtf8(plaintext);
    const report = readReport(text);
    return { report, text: report ? report.whatHappened : text, long: false };
  }
  // `stream: true` leaves out a character cut in half at the end instead of showing U+FFFD.
  const head = new TextDecoder('utf-8', { fatal: false }).decode(
    plaintext.subarray(0, PREVIEW_HEAD_BYTES),
    { stream: true },
  );
  return { report: null, text: head, long: true };
}
