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

export class IntakeService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly directory: DirectoryService,
    /** Opens the case's triage record; runs after every store or replay, so a retry repairs it. */
    private readonly onReportStored: (report: AcceptedReport) => Promise<void> = async () => {},
  ) {}

  async submitReport(submission: ReportSubmission, now = new Date()): Promise<SubmissionOutcome> {
    const outcome = await this.storeReport(submission, now);
    await this.onReportStored(outcome.report);
    return outcome;
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
      const earlier =
        error instanceof AppError && error.status < 500
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
  let inspected: InspectedPublicKey;
  try {
    inspected = await inspectPublicKey(replyKey, now);
  } catch (error) {
    if (error instanceof KeyRefusedError) {
      throw new UnprocessableError(
        'reply_key_invalid',
        `The reply key is not usable: ${error.message}`,
      );
    }
    throw error;
  }
  checkReplyKeyContent(inspected, 'reply key', 'reply_key_invalid');
  return inspected;
}

/** Returns the secret key re-armored from its packets: that form is stored, never the one sent. */
async function checkReplySecretKey(armored: string, fingerprint: string): Promise<string> {
  let checked: CheckedSecretKey;
  try {
    checked = await checkProtectedSecretKey(armored, fingerprint);
  } catch (error) {
    if (error instanceof KeyRefusedError) {
      throw new UnprocessableError(
        'reply_secret_key_invalid',
        `The reply secret key is not usable: ${error.message}`,
      );
    }
    throw error;
  }
  checkReplyKeyContent(checked, 'reply secret key', 'reply_secret_key_invalid');
  return checked.armoredSecretKey;
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
