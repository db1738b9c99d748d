import { partStoredSchema } from '../../../contract/api/reporter';
import type { AnswerOf } from '../../../contract/api/common';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import {
  AppError,
  InvalidInputError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../platform/errors';
import { readBodyWhileProgressing, type UploadPace } from '../../platform/request-timeouts';
import type { AcceptedPartUpload, AttachmentsService } from './attachments.service';
import type { ConcurrentUploads } from './concurrent-uploads';

export interface AttachmentsRoutesOptions {
  readonly maxPartBytes: number;
  readonly rateLimiter: RequestHandler;
  /** A part may take minutes on a slow link: it is timed by its progress, not by a fixed total. */
  readonly pace: UploadPace;
  /** Bodies this instance reads at once (concurrent-uploads.ts). */
  readonly uploads: ConcurrentUploads;
}

const RECEIPT_VERIFIER = /^[A-Za-z0-9_-]{43}$/;

/**
 * PUT /api/attachments/:attachmentId/parts/:index with a binary OpenPGP message. The receipt
 * verifier travels in a header (never the URL, which proxies log). Reporter route: no access log.
 *
 * Nothing of the body is read until every check the headers allow has passed and the upload has
 * a place among the bodies being read: a refusal is answered at once and the connection closed,
 * so a client cannot hold memory with a body the server would refuse anyway.
 */
export function attachmentsRoutes(
  attachments: AttachmentsService,
  options: AttachmentsRoutesOptions,
): Router {
  const router = Router();
  router.put(
    '/api/attachments/:attachmentId/parts/:index',
    options.rateLimiter,
    async (req, res) => {
      let upload: AcceptedPartUpload;
      let leave: () => void;
      try {
        refuseUnlessCiphertextBody(req);
        const announcedBytes = announcedLengthOf(req);
        if (announcedBytes !== null && announcedBytes > options.maxPartBytes) {
          throw new PayloadTooLargeError(options.maxPartBytes);
        }
        upload = await attachments.acceptHeaders({
          receiptVerifier: receiptVerifierOf(req),
          attachmentId: String(req.params['attachmentId']),
          index: Number(req.params['index']),
          announcedBytes,
        });
        leave = options.uploads.enter(upload.caseId);
      } catch (error) {
        closeWithoutReading(res);
        throw error;
      }
      let outcome: { replayed: boolean };
      try {
        const body = await readBodyWhileProgressing(req, res, options.maxPartBytes, options.pace);
        outcome = await attachments.uploadPart(
          upload,
          new Uint8Array(body.buffer, body.byteOffset, body.length),
        );
      } catch (error) {
        await attachments.abandon(upload);
        throw error;
      } finally {
        leave();
      }
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json({ stored: true } satisfies AnswerOf<typeof partStoredSchema>);
    },
  );
  return router;
}

function refuseUnlessCiphertextBody(req: Request): void {
  if (!req.is('application/octet-stream'))
    throw new UnsupportedMediaTypeError('application/octet-stream');
  // Ciphertext does not compress; a compressed body could only be a decompression bomb.
  const encoding = req.get('content-encoding') ?? 'identity';
  if (encoding.toLowerCase() !== 'identity') {
    throw new AppError(
      415,
      'unsupported_encoding',
      'The request body uses an unsupported content encoding.',
    );
  }
}

function receiptVerifierOf(req: Request): string {
  const receiptVerifier = req.get('x-receipt-verifier') ?? '';
  if (!RECEIPT_VERIFIER.test(receiptVerifier)) {
    throw new InvalidInputError(
      'invalid_receipt_verifier',
      'The X-Receipt-Verifier header is missing or malformed.',
    );
  }
  return receiptVerifier;
}

function announcedLengthOf(req: Request): number | null {
  const header = req.headers['content-length'];
  if (header === undefined) return null;
  const announced = Number(header);
  return Number.isSafeInteger(announced) && announced >= 0 ? announced : null;
}

/** The answer ends the connection: the rest of the body is never read (nor drained for reuse). */
function closeWithoutReading(res: Response): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
