/** Attachment uploads as the reporter's browser makes them (client/reporter/attachments/upload.ts). */
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import { deriveReceiptVerifier, encryptForDirectory } from '../../client/crypto';
import { buildSubmission } from './reports';
import type { TestApp } from './test-app';

/** A stored report, and the receipt verifier that uploads its files. */
export async function openCase(t: TestApp): Promise<{ caseId: string; receiptVerifier: string }> {
  const { body, receipt } = await buildSubmission(t.directory);
  const response = await request(t.app).post('/api/reports').send(body).expect(201);
  return {
    caseId: (response.body as { caseId: string }).caseId,
    receiptVerifier: await deriveReceiptVerifier(receipt),
  };
}

/**
 * Settings for tests that send every part at once: no rate limit in the way, and room to read
 * all bodies together (the cap on bodies read at once would turn some away first).
 */
export const PARTS_RACE_ENV = {
  ATTACHMENT_RATE_LIMIT: '1000',
  ATTACHMENT_UPLOADS_MAX_PER_REPORT: '100',
} as const;

export function newAttachmentId(): string {
  return randomBytes(16).toString('hex');
}

/** One encrypted part of `plaintextBytes` random bytes, for the directory's caseworkers. */
export async function encryptedPart(t: TestApp, plaintextBytes: number): Promise<Uint8Array> {
  return await encryptForDirectory(randomBytes(plaintextBytes), t.directory);
}

export function putPart(
  app: Express | RequestListener,
  receiptVerifier: string,
  attachmentId: string,
  index: number,
  bytes: Uint8Array,
) {
  return request(app)
    .put(`/api/attachments/${attachmentId}/parts/${index}`)
    .set('Content-Type', 'application/octet-stream')
    .set('X-Receipt-Verifier', receiptVerifier)
    .send(Buffer.from(bytes));
}

export interface StoredPart {
  readonly attachmentId: string;
  readonly index: number;
  readonly size: number;
  readonly sha256: string;
}

/** The parts the database holds for a case, as stored. */
export async function storedPartsOf(t: TestApp, caseId: string): Promise<StoredPart[]> {
  const documents = await t.connection
    .db!.collection('attachment_parts')
    .find({ caseId }, { projection: { attachmentId: 1, index: 1, size: 1, sha256: 1 } })
    .toArray();
  return documents.map((document) => ({
    attachmentId: document['attachmentId'] as string,
    index: document['index'] as number,
    size: document['size'] as number,
    sha256: document['sha256'] as string,
  }));
}
