import express, { Router, type RequestHandler } from 'express';
import { refuseAnnouncedOversizeBody } from '../../platform/body-limits';
import { InvalidInputError, UnsupportedMediaTypeError } from '../../platform/errors';
import type { AttachmentsService } from './attachments.service';

export interface AttachmentsRoutesOptions {
  readonly maxPartBytes: number;
  readonly rateLimiter: RequestHandler;
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
      next();
    },
    refuseAnnouncedOversizeBody(options.maxPartBytes),
    express.raw({ type: 'application/octet-stream', limit: options.maxPartBytes }),
    async (req, res) => {
      const receiptVerifier = req.get('x-receipt-verifier') ?? '';
      if (!RECEIPT_VERIFIER.test(receiptVerifier)) {
        throw new InvalidInputError(
          'invalid_receipt_verifier',
          'The X-Receipt-Verifier header is missing or malformed.',
        );
      }
      const body: unknown = req.body;
      const bytes = Buffer.isBuffer(body) ? new Uint8Array(body) : new Uint8Array();
      const outcome = await attachments.uploadPart({
        receiptVerifier,
        attachmentId: String(req.params['attachmentId']),
        index: Number(req.params['index']),
        bytes,
      });
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json({ stored: true });
    },
  );
  return router;
}
