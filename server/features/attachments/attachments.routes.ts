import { partStoredSchema } from '../../../contract/api/reporter';
import type { AnswerOf } from '../../../contract/api/common';
import { Router, type RequestHandler } from 'express';
import { refuseAnnouncedOversizeBody } from '../../platform/body-limits';
import { AppError, InvalidInputError, UnsupportedMediaTypeError } from '../../platform/errors';
import { readBodyWhileProgressing, type UploadPace } from '../../platform/request-timeouts';
import type { AttachmentsService } from './attachments.service';

export interface AttachmentsRoutesOptions {
  readonly maxPartBytes: number;
  readonly rateLimiter: RequestHandler;
  /** A part may take minutes on a slow link: it is timed by its progress, not by a fixed total. */
  readonly pace: UploadPace;
}

const RECEIPT_VERIFIER = /^[A-Za-z0-9_-]{43}$/;

/**
 * PUT /api/attachments/:attachmentId/parts/:index with a binary OpenPGP message. The receipt
 * verifier travels in a header (never the URL, which proxies log). Reporter route: no access log.
 */
export function attachmentsRoutes(
  attachments: AttachmentsService,
  options: AttachmentsRoutesOptions,
): Router {
  const router = Router();
  router.put(
    '/api/attachments/:attachmentId/parts/:index',
    options.rateLimiter,
    (req, _res, next) => {
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
      next();
    },
    refuseAnnouncedOversizeBody(options.maxPartBytes),
    async (req, res) => {
      const body = await readBodyWhileProgressing(req, res, options.maxPartBytes, options.pace);
      const receiptVerifier = req.get('x-receipt-verifier') ?? '';
      if (!RECEIPT_VERIFIER.test(receiptVerifier)) {
        throw new InvalidInputError(
          'invalid_receipt_verifier',
          'The X-Receipt-Verifier header is missing or malformed.',
        );
      }
      const outcome = await attachments.uploadPart({
        receiptVerifier,
        attachmentId: String(req.params['attachmentId']),
        index: Number(req.params['index']),
        bytes: new Uint8Array(body.buffer, body.byteOffset, body.length),
      });
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json({ stored: true } satisfies AnswerOf<typeof partStoredSchema>);
    },
  );
  return router;
}
