/**
 * bench:intake's floor: what the database engine allows intake at best. A bare Express 5 endpoint
 * that, for each POST /api/reports, makes intake's writes for a new report through the app's own
 * repositories (same documents, write concerns and database), one after another as intake makes
 * them: the rate-limit slot (MongoRateLimitStore), the report, the case record, the report's
 * caseOpened flag; then answers 201 with the case id. It leaves out intake's own work: the schema
 * check, the storage watermark, the directory read and the OpenPGP checks. The armor is decoded
 * (the same stored bytes), and the reply key and recipient key ids are those of a report intake
 * stored for these bodies (the same for every body). Each request stores under ids of its own
 * (derived from the body's and a counter), so each is a new report, as each of intake's is.
 */
import { createHash, randomBytes } from 'node:crypto';
import express from 'express';
import { deriveCaseId, hashReceiptVerifier } from '../../server/features/intake/intake.service';
import { dayOf } from '../../server/platform/days';
import { connectDb } from '../../server/platform/db';
import { dearmorMessage } from '../../server/platform/openpgp';
import { limitRequestsPerAddress, MongoRateLimitStore } from '../../server/platform/rate-limits';
import { buildCoreServices } from '../../server/services';
import { benchExpress, listen, type RunningTarget, type TargetSpec } from './kit/app';

export interface IntakeFloorSettings {
  /** A database where intake has stored a report of these bodies. */
  readonly mongodbUri: string;
  /** The app's intake limit and window (the store refuses past the limit, as intake does). */
  readonly rateLimit: number;
  readonly rateLimitWindowSeconds: number;
}

export const intakeFloorTarget = (settings: IntakeFloorSettings): TargetSpec => ({
  label: 'intake floor',
  module: __filename,
  start: 'startIntakeFloor',
  arg: settings,
});

type Submission = Record<'submissionId' | 'message' | 'receiptVerifier', string>;

export async function startIntakeFloor(settings: IntakeFloorSettings): Promise<RunningTarget> {
  const connection = await connectDb(settings.mongodbUri);
  const { reports, cases } = buildCoreServices({ connection }).repositories;
  // As intake stores them for these bodies (the reply key re-armored).
  type Stored = { replyKey: string; replyKeyIds: string[]; recipientKeyIds: string[] };
  const stored = await connection
    .db!.collection<Stored & { directoryVersion: number }>('reports')
    .findOne({});
  if (!stored) throw new Error('intake stored no report');
  const { replyKey, replyKeyIds, recipientKeyIds, directoryVersion } = stored;
  const limiter = limitRequestsPerAddress({
    // Its own prefix: intake's bucket of the same window holds thousands of slots already.
    store: new MongoRateLimitStore(connection, 'intake-floor'),
    addressHashKey: randomBytes(32),
    limit: settings.rateLimit,
    windowSeconds: settings.rateLimitWindowSeconds,
  });
  let sequence = 0;
  const unique = (value: string, n: number): string =>
    createHash('sha256').update(`${value}\0${n}`).digest('base64url');

  const app = benchExpress();
  app.post('/api/reports', limiter, express.json({ limit: '512kb' }), async (req, res) => {
    const n = (sequence += 1);
    const body = req.body as Submission | undefined;
    // The load generator drops its connections at the end of a phase: a request whose client is
    // gone before its body was read has none (intake answers it 400 empty_body too).
    if (!body) {
      res.status(400).json({ error: { code: 'empty_body', message: 'No body.' } });
      return;
    }
    const submissionId = unique(body.submissionId, n).slice(0, body.submissionId.length);
    const caseId = deriveCaseId(submissionId);
    const receivedOn = dayOf(new Date());
    const outcome = await reports.insert({
      caseId,
      submissionId,
      requestDigest: createHash('sha256').update(JSON.stringify(body)).digest('hex'),
      message: dearmorMessage(body.message),
      ...{ recipientKeyIds, directoryVersion, replyKey, replyKeyIds },
      receiptVerifierHash: unique(hashReceiptVerifier(body.receiptVerifier), n).slice(0, 43),
      receivedOn,
    });
    if (outcome !== 'inserted') throw new Error(`intake floor: report ${outcome}`);
    await cases.ensure(caseId, receivedOn);
    await reports.markCaseOpened(caseId);
    res.status(201).json({ caseId, receivedOn });
  });
  const running = await listen(app);
  return {
    port: running.port,
    stop: async () => {
      await running.stop();
      await connection.close();
    },
  };
}
