/**
 * Decrypts what the case view shows: the report and every thread message, with the unlocked
 * key, one after the other. The result lives only in the view's memory and on screen; the view
 * drops it when the key locks. A message that does not decrypt is marked unreadable, nothing
 * else (no retry, no raw bytes). The stored reply key is checked against the report
 * (reply-key-check.ts), and each follow-up's signature against that key: a follow-up planted in
 * the database shows as not verified as from the reporter. Each note and reply is checked for a
 * caseworker's signature against the verified directory (current keys, and retired keys for
 * what they signed until their retirement day), bound to this case or its reply key: a note
 * planted in the database never shows as a colleague's. Every signed message is also bound to
 * the thread entry it is served as: a genuine one copied into a new entry is not verified.
 */
import type {
  CaseworkerMessagePlace,
  CaseworkerSignature,
  ThreadEntryRef,
  UnlockedCaseworkerKey,
  VerifiedDirectory,
} from '../../crypto';
import type { CaseApi, CaseDetail, ThreadEntry } from '../cases/case-api';
import { MAX_PLAINTEXT_BYTES } from '../../crypto/plaintext-limits';
import { decryptStored, loadVerifiedDirectory } from '../cases/case-crypto';
import { loadCrypto } from '../keys/key-passphrases';
import {
  decodeUtf8,
  readFollowUp,
  readReportDocument,
  type ManifestEntry,
  type ReadReport,
} from '../cases/report-reader';
import { checkReplyKey, trustedReplyKeyFingerprint, type ReplyKeyCheck } from './reply-key-check';

export type DecryptedReport =
  /** `tooLarge`: it decrypts to more than this deployment accepts (maybe a compression bomb). */
  | { readonly readable: false; readonly tooLarge: boolean }
  | {
      readonly readable: true;
      readonly report: ReadReport | null;
      readonly plaintext: string;
      /** The reply key the report names (null: a report from before reports named it). */
      readonly replyKeyFingerprint: string | null;
    };

export interface DecryptedMessage {
  readonly entry: ThreadEntry;
  /** Null when it does not decrypt with this key. */
  readonly text: string | null;
  /**
   * For a follow-up that decrypted: whether it is signed with the report's reply key (false:
   * not verified as from the reporter). Null for notes, replies and undecryptable messages.
   */
  readonly fromReporter: boolean | null;
  /**
   * For a note or reply that decrypted: who signed it, as the directory says. Null for
   * follow-ups and undecryptable messages.
   */
  readonly fromCaseworker: CaseworkerSignature | null;
}

export interface CaseFile {
  readonly manifest: ManifestEntry;
  /** Where it was listed: the report, or a follow-up (its day, whether it verified). */
  readonly from:
    | { readonly kind: 'report' }
    | { readonly kind: 'follow-up'; readonly sentOn: string; readonly verified: boolean };
}

export interface DecryptedCase {
  readonly report: DecryptedReport;
  readonly replyKey: ReplyKeyCheck;
  readonly thread: readonly DecryptedMessage[];
  readonly files: readonly CaseFile[];
}

/** Null if `isCurrent()` turned false meanwhile (the key locked, the view closed). */
export async function decryptCase(
  api: CaseApi,
  handle: UnlockedCaseworkerKey,
  detail: CaseDetail,
  isCurrent: () => boolean,
): Promise<DecryptedCase | null> {
  const reportResult = await decryptStored(handle, detail.summary.report, detail.bounds.report);
  if (!isCurrent()) return null;
  let report: DecryptedReport = {
    readable: false,
    tooLarge: !reportResult.ok && reportResult.code === 'plaintext_too_large',
  };
  const files: CaseFile[] = [];
  if (reportResult.ok) {
    const plaintext = decodeUtf8(reportResult.plaintext);
    const { report: read, replyKeyFingerprint } = readReportDocument(plaintext);
    report = { readable: true, report: read, plaintext, replyKeyFingerprint };
    for (const manifest of read?.attachments ?? [])
      files.push({ manifest, from: { kind: 'report' } });
  }
  const replyKey = await checkReplyKey(
    api,
    detail,
    report.readable
      ? { readable: true, fingerprint: report.replyKeyFingerprint }
      : { readable: false },
  );
  if (!isCurrent()) return null;
  const trusted = trustedReplyKeyFingerprint(replyKey);
  // Notes and replies are checked against the directory this bundle verifies; none: unverified.
  const directory = detail.thread.some((entry) => entry.kind !== 'follow-up')
    ? await loadVerifiedDirectory(api)
    : null;
  if (!isCurrent()) return null;
  const signers = directory?.ok ? directory.directory : null;
  const caseId = detail.summary.caseId;
  const thread: DecryptedMessage[] = [];
  for (const entry of detail.thread) {
    const served: ThreadEntryRef = { caseId, entryId: entry.messageId };
    if (entry.kind === 'follow-up') {
      const result = await decryptFollowUp(
        handle,
        entry.message,
        detail.replyKey,
        trusted,
        served,
        detail.bounds.report,
      );
      if (!isCurrent()) return null;
      if (!result) {
        thread.push({ entry, text: null, fromReporter: null, fromCaseworker: null });
        continue;
      }
      const followUp = readFollowUp(decodeUtf8(result.plaintext));
      thread.push({
        entry,
        text: followUp.text,
        fromReporter: result.verified,
        fromCaseworker: null,
      });
      for (const manifest of followUp.attachments) {
        files.push({
          manifest,
          from: { kind: 'follow-up', sentOn: entry.sentOn, verified: result.verified },
        });
      }
      continue;
    }
    const result = await decryptCaseworkerMessage(
      handle,
      entry.message,
      { kind: entry.kind, binding: entry.kind === 'note' ? caseId : trusted, entry: served },
      signers,
    );
    if (!isCurrent()) return null;
    thread.push({
      entry,
      text: result ? decodeUtf8(result.plaintext) : null,
      fromReporter: null,
      fromCaseworker: result?.signature ?? null,
    });
  }
  // The same attachment id listed twice (a crafted document) is shown once.
  const seen = new Set<string>();
  const unique = files.filter((file) => {
    if (seen.has(file.manifest.attachmentId)) return false;
    seen.add(file.manifest.attachmentId);
    return true;
  });
  return { report, replyKey, thread, files: unique };
}

/**
 * One note or reply decrypted (at most MAX_PLAINTEXT_BYTES.caseMessage), with who signed it
 * (client/crypto decryptCaseworkerMessage); null when it does not decrypt.
 */
async function decryptCaseworkerMessage(
  handle: UnlockedCaseworkerKey,
  message: Uint8Array | null,
  place: CaseworkerMessagePlace,
  directory: VerifiedDirectory | null,
): Promise<{ plaintext: Uint8Array; signature: CaseworkerSignature } | null> {
  return await decryptedOrNull(message, (crypto, bytes) =>
    crypto.decryptCaseworkerMessage(
      handle,
      bytes,
      place,
      directory,
      MAX_PLAINTEXT_BYTES.caseMessage,
    ),
  );
}

/**
 * One follow-up decrypted (at most `maxBytes`, this deployment's report bound), with whether it
 * is signed with the reply key `trustedFingerprint` vouches for, as the entry it is served as
 * (client/crypto decryptFollowUp); null when it does not decrypt.
 */
async function decryptFollowUp(
  handle: UnlockedCaseworkerKey,
  message: Uint8Array | null,
  armoredReplyKey: string | null,
  trustedFingerprint: string | null,
  served: ThreadEntryRef,
  maxBytes: number,
): Promise<{ plaintext: Uint8Array; verified: boolean } | null> {
  return await decryptedOrNull(message, (crypto, bytes) =>
    crypto.decryptFollowUp(handle, bytes, armoredReplyKey, trustedFingerprint, served, maxBytes),
  );
}

/** What `decrypt` makes of `message`, or null: there is no message, or it does not decrypt. */
async function decryptedOrNull<T>(
  message: Uint8Array | null,
  decrypt: (crypto: Awaited<ReturnType<typeof loadCrypto>>, message: Uint8Array) => Promise<T>,
): Promise<T | null> {
  if (message === null) return null;
  try {
    return await decrypt(await loadCrypto(), message);
  } catch {
    return null;
  }
}
