/**
 * What a reporter's page sends, as single requests to an app: a report (with a shared test reply
 * key, or prepared in full as the page does), a follow-up on it, an encrypted attachment part,
 * or the three in a row.
 * Each resolves once the app answered 201 and throws otherwise.
 */
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import {
  encryptForDirectory,
  prepareReportSubmission,
  type PreparedSubmission,
  type VerifiedDirectory,
} from '../../client/crypto';
import { buildSubmission, encryptToDirectory } from './reports';

type App = Express | RequestListener;

export interface SentReport {
  readonly caseId: string;
  readonly receiptVerifier: string;
}

export async function sendReport(app: App, directory: VerifiedDirectory): Promise<SentReport> {
  const { body } = await buildSubmission(directory);
  const answer = await request(app).post('/api/reports').send(body).expect(201);
  return {
    caseId: (answer.body as { caseId: string }).caseId,
    receiptVerifier: body.receiptVerifier,
  };
}

export interface PreparedReport {
  readonly prepared: PreparedSubmission;
  readonly caseId: string;
}

/**
 * `report` as the page prepares it, with its own receipt and reply key, for a test that goes on
 * as its reporter (return with the receipt, read replies, unlock the reply key).
 */
export async function sendPreparedReport(
  app: App,
  directory: VerifiedDirectory,
  report: object,
): Promise<PreparedReport> {
  const prepared = await prepareReportSubmission(report, directory);
  const answer = await request(app).post('/api/reports').send(prepared.body).expect(201);
  return { prepared, caseId: (answer.body as { caseId: string }).caseId };
}

export async function sendFollowUp(
  app: App,
  directory: VerifiedDirectory,
  report: SentReport,
): Promise<void> {
  await request(app)
    .post('/api/receipts/messages')
    .send({
      receiptVerifier: report.receiptVerifier,
      messageId: randomBytes(16).toString('hex'),
      message: await encryptToDirectory(directory, 'TEST ONLY follow-up'),
    })
    .expect(201);
}

/** Part 0 of a new attachment of `bytes` random bytes; returns the attachment id. */
export async function sendAttachmentPart(
  app: App,
  directory: VerifiedDirectory,
  report: SentReport,
  bytes: number,
): Promise<string> {
  const attachmentId = randomBytes(16).toString('hex');
  const part = await encryptForDirectory(randomBytes(bytes), directory);
  await request(app)
    .put(`/api/attachments/${attachmentId}/parts/0`)
    .set({
      'Content-Type': 'application/octet-stream',
      'X-Receipt-Verifier': report.receiptVerifier,
    })
    .send(Buffer.from(part))
    .expect(201);
  return attachmentId;
}

/** A report with a thread: a follow-up, then part 0 of an attachment of `partBytes` random bytes. */
export async function sendReportWithThread(
  app: App,
  directory: VerifiedDirectory,
  partBytes: number,
): Promise<{ readonly report: SentReport; readonly attachmentId: string }> {
  const report = await sendReport(app, directory);
  await sendFollowUp(app, directory, report);
  const attachmentId = await sendAttachmentPart(app, directory, report, partBytes);
  return { report, attachmentId };
}
