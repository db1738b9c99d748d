/**
 * Decrypts what the case view shows: the report and every thread message, with the unlocked
 * key, one after the other. The result lives only in the view's memory and on screen; the view
 * drops it when the key locks. A message that does not decrypt is marked unreadable, nothing
 * else (no retry, no raw bytes).
 */
import type { UnlockedCaseworkerKey } from '../../crypto';
import type { CaseDetail, ThreadEntry } from '../cases/case-api';
import { MAX_PLAINTEXT_BYTES } from '../../crypto/plaintext-limits';
import { decryptStored } from '../cases/case-crypto';
import {
  decodeUtf8,
  readFollowUp,
  readReport,
  type ManifestEntry,
  type ReadReport,
} from '../cases/report-reader';

export type DecryptedReport =
  | { readonly readable: false }
  | { readonly readable: true; readonly report: ReadReport | null; readonly plaintext: string };

export interface DecryptedMessage {
  readonly entry: ThreadEntry;
  /** Null when it does not decrypt with this key. */
  readonly text: string | null;
}

export interface CaseFile {
  readonly manifest: ManifestEntry;
  /** Where it was listed: the report, or a follow-up (its day). */
  readonly from:
    { readonly kind: 'report' } | { readonly kind: 'follow-up'; readonly sentOn: string };
}

export interface DecryptedCase {
  readonly report: DecryptedReport;
  readonly thread: readonly DecryptedMessage[];
  readonly files: readonly CaseFile[];
}

/** Null if `isCurrent()` turned false meanwhile (the key locked, the view closed). */
export async function decryptCase(
  handle: UnlockedCaseworkerKey,
  detail: CaseDetail,
  isCurrent: () => boolean,
): Promise<DecryptedCase | null> {
  const reportResult = await decryptStored(
    handle,
    detail.summary.report,
    MAX_PLAINTEXT_BYTES.report,
  );
  if (!isCurrent()) return null;
  let report: DecryptedReport = { readable: false };
  const files: CaseFile[] = [];
  if (reportResult.ok) {
    const plaintext = decodeUtf8(reportResult.plaintext);
    const read = readReport(plaintext);
    report = { readable: true, report: read, plaintext };
    for (const manifest of read?.attachments ?? [])
      files.push({ manifest, from: { kind: 'report' } });
  }
  const thread: DecryptedMessage[] = [];
  for (const entry of detail.thread) {
    const result = await decryptStored(
      handle,
      entry.message,
      entry.kind === 'follow-up' ? MAX_PLAINTEXT_BYTES.report : MAX_PLAINTEXT_BYTES.caseMessage,
    );
    if (!isCurrent()) return null;
    if (!result.ok) {
      thread.push({ entry, text: null });
      continue;
    }
    const plaintext = decodeUtf8(result.plaintext);
    if (entry.kind === 'follow-up') {
      const followUp = readFollowUp(plaintext);
      thread.push({ entry, text: followUp.text });
      for (const manifest of followUp.attachments) {
        files.push({ manifest, from: { kind: 'follow-up', sentOn: entry.sentOn } });
      }
    } else {
      thread.push({ entry, text: plaintext });
    }
  }
  // The same attachment id listed twice (a crafted document) is shown once.
  const seen = new Set<string>();
  const unique = files.filter((file) => {
    if (seen.has(file.manifest.attachmentId)) return false;
    seen.add(file.manifest.attachmentId);
    return true;
  });
  return { report, thread, files: unique };
}
