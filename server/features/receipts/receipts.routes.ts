import { followUpStoredSchema, reporterCaseViewSchema } from '../../../contract/api/reporter';
import type { AnswerOf } from '../../../contract/api/common';
import { Router, type RequestHandler } from 'express';
import { requiredJsonBody } from '../../platform/body-limits';
import { InvalidInputError } from '../../platform/errors';
import type { ReceiptsService } from './receipts.service';
import { followUpSchema, openCaseSchema } from './receipts.schema';

export interface ReceiptsRoutesOptions {
  readonly maxBodyBytes: number;
  /** Counts failed lookups only, so a reporter with the right receipt is never locked out. */
  readonly failedLookupLimiter: RequestHandler;
  readonly followUpLimiter: RequestHandler;
}

/**
 * POST, never GET: the verifier must not appear in a URL, a proxy log or the browser history.
 * Reporter routes: no access log.
 */
export function receiptsRoutes(receipts: ReceiptsService, options: ReceiptsRoutesOptions): Router {
  const router = Router();
  const jsonBody = requiredJsonBody(options.maxBodyBytes);
  router.post('/api/receipts/case', options.failedLookupLimiter, ...jsonBody, async (req, res) => {
    const parsed = openCaseSchema.safeParse(req.body);
    if (!parsed.success)
      throw new InvalidInputError('invalid_request', 'Send only the receiptVerifier.');
    res.json(
      (await receipts.openCase(parsed.data.receiptVerifier)) satisfies AnswerOf<
        typeof reporterCaseViewSchema
      >,
    );
  });
  router.post('/api/receipts/messages', options.followUpLimiter, ...jsonBody, async (req, res) => {
    const parsed = followUpSchema.safeParse(req.body);
    if (!parsed.success) {
      throw new InvalidInputError(
        'invalid_request',
        'Send only the receiptVerifier, a messageId and the encrypted message.',
      );
    }
    const outcome = await receipts.addFollowUp(
      parsed.data.receiptVerifier,
      parsed.data.message,
      parsed.data.messageId,
    );
    if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res
      .status(201)
      .json({ sentOn: outcome.sentOn } satisfies AnswerOf<typeof followUpStoredSchema>);
  });
  return router;
}
