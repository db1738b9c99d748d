/**
 * Accepts a report only if it is ciphertext for exactly the caseworkers in the current signed
 * directory, then stores it durably exactly once. The service never decrypts and never learns
 * who sent the report: it sees no address, no user agent, no time finer than the day.
 */
import { createHash } from 'node:crypto';
import { REPORTER_TIMESTAMP } from '../../../contract/reporter-time';
import { AppError, ConflictError, UnprocessableError } from '../../platform/errors';
import { dayOf } from '../../platform/days';
import {
  checkProtectedSecretKey,
  inspectPublicKey,
  KeyRefusedError,
  type InspectedPublicKey,
} from '../../platform/openpgp';
import type { CheckedSecretKey } from '../../platform/openpgp/protected-secret-keys';
import type { DirectoryService } from '../directory';
import { caseworkersOf, validateEncryptedMessage } from './encrypted-messages';
import type { ReportSubmission } from './intake.schema';
import type { ReportRepository, StoredReport } from './report.repository';

/** The only user id a reply key may carry: anything else could identify the reporter. */
export const REPLY_KEY_USER_ID = 'Amanat reply key';

/** REPORTER_TIMESTAMP as refusals name it: 2025-01-01T00:00:00Z. */
const REPORTER_TIME_TEXT = REPORTER_TIMESTAMP.toISOString().replace('.000Z', 'Z');

export interface AcceptedReport {
  readonly caseId: string;
  readonly receivedOn: string;
}

export interface SubmissionOutcome {
  readonly report: AcceptedReport;
  /** True when this was a retry of a submission already stored: nothing new was written. */
  readonly replayed: boolean;
}

/**
 * The deployment's storage watermark for reports and follow-ups (attachments feature's
 * StorageWatermark): 507 `storage_full` when the database is near full.
 */
export interface MessageStorageGuard {
  refuseIfFull(kind: 'message', incomingBytes: number): Promise<void>;
}

/** Reports the repair reads at a time, and batches per run (the next run goes on). */
const REPAIR_BATCH_SIZE = 100;
const REPAIR_MAX_BATCHES = 20;

export class IntakeService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly directory: DirectoryService,
    private readonly storage: MessageStorageGuard,
    /** Opens the case's triage record once; opening it again changes nothing. */
    private readonly openCase: (report: AcceptedReport) => Promise<void>,
  ) {}

  /**
   * A report and its case record are two writes, the report first (what the case refers to).
   * The report is stored flagged `caseOpened: false` and the flag is cleared once the case
   * exists; an app that dies between the writes leaves the flag, and openMissingCases (at start
   * and every minute, main.ts) opens the case, so the report reaches the inbox without its
   * reporter sending it again. A retry opens it too.
   */
  async submitReport(submission: ReportSubmission, now = new Date()): Promise<SubmissionOutcome> {
    const outcome = await this.storeReport(submission, now);
    await this.openCase(outcome.report);
    await this.reports.markCaseOpened(outcome.report.caseId);
    return outcome;
  }

  /** Opens the case of every report still flagged without one; returns how many it saw. */
  async openMissingCases(): Promise<number> {
    let opened = 0;
    for (let batch = 0; batch < REPAIR_MAX_BATCHES; batch++) {
      const reports = await this.reports.listWithoutOpenedCase(REPAIR_BATCH_SIZE);
      for (const report of reports) {
        await this.openCase(report);
        await this.reports.markCaseOpened(report.caseId);
        opened++;
      }
      if (reports.length < REPAIR_BATCH_SIZE) break;
    }
    return opened;
  }

  /**
   * Validates and stores a report. The happy path costs one insert: retries are rare, so an
   * earlier submission is looked up only when the insert collides or validation fails (a retry
   * must still get its original answer after, say, the directory changed).
   */
  private async storeReport(submission: ReportSubmission, now: Date): Promise<SubmissionOutcome> {
    const requestDigest = digestSubmission(submission);
    const caseId = deriveCaseId(submission.submissionId);
    let report: StoredReport;
    try {
      report = await this.validate(submission, caseId, requestDigest, now);
    } catch (error) {
      // A retry of a stored report is answered as before, even once the disk is near full.
      const earlier =
        error instanceof AppError && (error.status < 500 || error.code === 'storage_full')
          ? await this.reports.findByCaseId(caseId)
          : null;
      if (earlier) return replayOrRefuse(earlier, requestDigest);
      throw error;
    }
    const outcome = await this.reports.insert(report);
    if (outcome === 'inserted') {
      return { report: { caseId: report.caseId, receivedOn: report.receivedOn }, replayed: false };
    }
    if (outcome === 'duplicate_submission') {
      // A retry, possibly concurrent with the original: answer as the original was answered.
      const earlier = await this.reports.findByCaseId(caseId);
      if (earlier) return replayOrRefuse(earlier, requestDigest);
    }
    throw new ConflictError(
      'receipt_verifier_in_use',
      'This receipt verifier belongs to another report. Create a new receipt.',
    );
  }

  private async validate(
    submission: ReportSubmission,
    caseId: string,
    requestDigest: string,
    now: Date,
  ): Promise<StoredReport> {
    // What is sent bounds what is stored (the message is kept as bytes, not armor).
    await this.storage.refuseIfFull(
      'message',
      Buffer.byteLength(submission.message) +
        Buffer.byteLength(submission.replyKey) +
        Buffer.byteLength(submission.replySecretKey ?? ''),
    );
    const directory = await this.directory.getCurrentDirectory();
    const { bytes: message, recipientKeyIds } = await validateEncryptedMessage(
      submission.message,
      caseworkersOf(directory),
    );
    const replyKey = await checkReplyKey(submission.replyKey, now);
    const replySecretKey =
      submission.replySecretKey === undefined
        ? undefined
        : await checkReplySecretKey(submission.replySecretKey, replyKey.fingerprint);
    return {
      caseId,
      submissionId: submission.submissionId,
      requestDigest,
      message,
      recipientKeyIds,
      directoryVersion: directory.version,
      replyKey: replyKey.armoredPublicKey,
      replyKeyIds: [...replyKey.encryptionKeyIds],
      replySecretKey,
      receiptVerifierHash: hashReceiptVerifier(submission.receiptVerifier),
      receivedOn: dayOf(now),
    };
  }
}

function replayOrRefuse(earlier: StoredReport, requestDigest: string): SubmissionOutcome {
  if (earlier.requestDigest !== requestDigest) {
    throw new ConflictError(
      'submission_id_reused',
      'This submissionId was already used for a different report. Use a new submissionId.',
    );
  }
  return { report: { caseId: earlier.caseId, receivedOn: earlier.receivedOn }, replayed: true };
}

/**
 * The case id is derived from the client's random submissionId, so a retry finds its report by
 * primary key: every MongoDB-compatible server indexes `_id` (FerretDB v1 scans the whole
 * collection for queries on other fields). 128 bits of a domain-separated SHA-256, in hex.
 */
export function deriveCaseId(submissionId: string): string {
  return createHash('sha256')
    .update(`amanat/case-id/v1\0${submissionId}`)
    .digest('hex')
    .slice(0, 32);
}

/** Canonical digest over the fields in a fixed order, so key order in the JSON does not matter. */
function digestSubmission(submission: ReportSubmission): string {
  const canonical = JSON.stringify([
    submission.submissionId,
    submission.message,
    submission.replyKey,
    submission.receiptVerifier,
    submission.replySecretKey ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * The browser sends a verifier derived from the receipt; we store only its hash, so a database
 * leak does not hand out anything a reporter could be impersonated with.
 */
export function hashReceiptVerifier(receiptVerifier: string): string {
  return createHash('sha256').update(Buffer.from(receiptVerifier, 'base64url')).digest('base64url');
}

/** Returns the vetted key; its re-armored form is stored, so nothing but the key itself is kept. */
async function checkReplyKey(replyKey: string, now: Date): Promise<InspectedPublicKey> {
  const inspected = await usableKey('reply key', 'reply_key_invalid', () =>
    inspectPublicKey(replyKey, now),
  );
  checkReplyKeyContent(inspected, 'reply key', 'reply_key_invalid');
  return inspected;
}

/** Returns the secret key re-armored from its packets: that form is stored, never the one sent. */
async function checkReplySecretKey(armored: string, fingerprint: string): Promise<string> {
  const checked = await usableKey('reply secret key', 'reply_secret_key_invalid', () =>
    checkProtectedSecretKey(armored, fingerprint),
  );
  checkReplyKeyContent(checked, 'reply secret key', 'reply_secret_key_invalid');
  return checked.armoredSecretKey;
}

/** Runs a key check; a refused key is a 422 `code` that names the key (`what`) and why. */
async function usableKey<T>(what: string, code: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof KeyRefusedError) {
      throw new UnprocessableError(code, `The ${what} is not usable: ${error.message}`);
    }
    throw error;
  }
}

/**
 * What a reply key may say about its reporter: nothing. It is stored in plaintext, so one neutral
 * user id, and every key and signature made at REPORTER_TIMESTAMP: a real creation time would
 * give the second the report was written.
 */
function checkReplyKeyContent(
  key: Pick<CheckedSecretKey, 'userIds' | 'userAttributeCount' | 'creationTimes'>,
  which: 'reply key' | 'reply secret key',
  code: 'reply_key_invalid' | 'reply_secret_key_invalid',
): void {
  const { userIds, userAttributeCount, creationTimes } = key;
  if (userIds.length !== 1 || userIds[0] !== REPLY_KEY_USER_ID || userAttributeCount !== 0) {
    throw new UnprocessableError(
      code,
      `The ${which} must carry exactly one user id, "${REPLY_KEY_USER_ID}": any other could identify the reporter.`,
    );
  }
  if (!creationTimes.every((time) => time?.getTime() === REPORTER_TIMESTAMP.getTime())) {
    throw new UnprocessableError(
      code,
      `The ${which} was made at a time other than the fixed reporter time (${REPORTER_TIME_TEXT}): key times would date the report.`,
    );
  }
}
