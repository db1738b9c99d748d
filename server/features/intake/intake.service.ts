/**
 * Accepts a report only if it is ciphertext for exactly the caseworkers in the current signed
 * directory, then stores it durably exactly once. The service never decrypts and never learns
 * who sent the report: it sees no address, no user agent, no time finer than the day.
 */
import { createHash } from 'node:crypto';
import {
  AppError,
  ConflictError,
  InvalidInputError,
  UnprocessableError,
} from '../../platform/errors';
import { dayOf } from '../../platform/days';
import {
  ArmorError,
  dearmorMessage,
  inspectEncryptedMessage,
  inspectPublicKey,
  KeyRefusedError,
  type InspectedPublicKey,
  MessageRefusedError,
} from '../../platform/openpgp';
import type { CurrentDirectory, DirectoryService } from '../directory';
import type { ReportSubmission } from './intake.schema';
import type { ReportRepository, StoredReport } from './report.repository';

/** The only user id a reply key may carry: anything else could identify the reporter. */
export const REPLY_KEY_USER_ID = 'Amanat reply key';

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
  ) {}

  /**
   * Validates and stores a report. The happy path costs one insert: retries are rare, so an
   * earlier submission is looked up only when the insert collides or validation fails (a retry
   * must still get its original answer after, say, the directory changed).
   */
  async submitReport(submission: ReportSubmission, now = new Date()): Promise<SubmissionOutcome> {
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
    const message = decodeArmor(submission.message);
    const recipientKeyIds = await inspectMessage(message);
    const directory = await this.directory.getCurrentDirectory();
    checkRecipientsMatchDirectory(recipientKeyIds, directory);
    const replyKey = await checkReplyKey(submission.replyKey, now);
    return {
      caseId,
      submissionId: submission.submissionId,
      requestDigest,
      message,
      recipientKeyIds,
      directoryVersion: directory.version,
      replyKey,
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

function decodeArmor(armored: string): Uint8Array {
  try {
    return dearmorMessage(armored);
  } catch (error) {
    if (error instanceof ArmorError) throw new InvalidInputError(error.code, error.message);
    throw error;
  }
}

async function inspectMessage(message: Uint8Array): Promise<string[]> {
  try {
    const shape = await inspectEncryptedMessage(message);
    return [...shape.recipientKeyIds];
  } catch (error) {
    if (error instanceof MessageRefusedError)
      throw new UnprocessableError(error.code, error.message);
    throw error;
  }
}

function checkRecipientsMatchDirectory(
  recipientKeyIds: readonly string[],
  directory: CurrentDirectory,
): void {
  if (new Set(recipientKeyIds).size !== recipientKeyIds.length) {
    throw new UnprocessableError(
      'duplicate_recipient',
      'The message names the same recipient key twice.',
    );
  }
  const ownerByKeyId = new Map<string, string>();
  for (const recipient of directory.content.recipients) {
    for (const keyId of recipient.encryptionKeyIds) ownerByKeyId.set(keyId, recipient.fingerprint);
  }
  const covered = new Set<string>();
  for (const keyId of recipientKeyIds) {
    const owner = ownerByKeyId.get(keyId);
    if (!owner) {
      throw new UnprocessableError(
        'unknown_recipient',
        'The message is encrypted to a key that is not in the current recipient directory.',
      );
    }
    if (covered.has(owner)) {
      throw new UnprocessableError(
        'duplicate_recipient',
        'The message names two keys of the same caseworker.',
      );
    }
    covered.add(owner);
  }
  if (covered.size !== directory.content.recipients.length) {
    throw new UnprocessableError(
      'recipient_missing',
      `The message must be encrypted to every caseworker in directory version ${directory.version}; fetch /api/recipients again.`,
    );
  }
}

/** Returns the key re-armored from its parsed packets, so nothing but the key itself is stored. */
async function checkReplyKey(replyKey: string, now: Date): Promise<string> {
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
  const { userIds } = inspected;
  if (userIds.length !== 1 || userIds[0] !== REPLY_KEY_USER_ID) {
    throw new UnprocessableError(
      'reply_key_invalid',
      `The reply key must carry exactly one user id, "${REPLY_KEY_USER_ID}": any other could identify the reporter.`,
    );
  }
  return inspected.armoredPublicKey;
}
