import { acceptedReportSchema } from '../../../contract/api/reporter';
import type { AnswerOf } from '../../../contract/api/common';
import { Router, type RequestHandler } from 'express';
import { requiredJsonBody } from '../../platform/body-limits';
import { InvalidInputError } from '../../platform/errors';
import type { IntakeService } from './intake.service';
import { reportSubmissionSchema } from './intake.schema';

export interface IntakeRoutesOptions {
  readonly maxBodyBytes: number;
  readonly rateLimiter: RequestHandler;
}

/** Reporter routes: no access log, no address or user agent kept, errors say what to fix. */
export function intakeRoutes(intakeService: IntakeService, options: IntakeRoutesOptions): Router {
  const router = Router();
  router.post(
    '/api/reports',
    options.rateLimiter,
    // Security: the cap applies before and while reading; oversize bodies are never buffered whole.
    ...requiredJsonBody(options.maxBodyBytes),
    async (req, res) => {
      if (isEmptyBody(req.body))
        throw new InvalidInputError('empty_body', 'The request body is empty.');
      const parsed = reportSubmissionSchema.safeParse(req.body);
      if (!parsed.success) throw describeSchemaError(parsed.error.issues);
      const outcome = await intakeService.submitReport(parsed.data);
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(201).json(outcome.report satisfies AnswerOf<typeof acceptedReportSchema>);
    },
  );
  return router;
}

function isEmptyBody(body: unknown): boolean {
  return (
    body === undefined ||
    body === null ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0)
  );
}

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
}

/** Names the offending field, never its value (values may be hostile or identifying). */
function describeSchemaError(issues: readonly Issue[]): InvalidInputError {
  const issue = issues[0];
  if (!issue || issue.path.length === 0) {
    if (issue?.code === 'unrecognized_keys') {
      return new InvalidInputError(
        'unknown_field',
        'Only the fields submissionId, message, replyKey, receiptVerifier and replySecretKey are accepted.',
      );
    }
    return new InvalidInputError(
      'invalid_request',
      'The body must be a JSON object with the report fields.',
    );
  }
  const field = String(issue.path[0]);
  return new InvalidInputError('invalid_field', `The field "${field}" is missing or malformed.`);
}
