/**
 * /api/cases/* (docs/http-api.md "Cases"): signed-in caseworkers and admins. Writes need the
 * CSRF token; sharing, export and confirming a reply key also need a fresh re-authentication.
 */
import {
  caseAccessAnswerSchema,
  caseDetailAnswerSchema,
  caseListAnswerSchema,
  caseMessageStoredSchema,
  caseSeenAnswerSchema,
  keyPacketsAnswerSchema,
  replyKeyConfirmedSchema,
  shareOutcomeSchema,
  triageChangedAnswerSchema,
} from '../../../contract/api/cases';
import type { AnswerOf } from '../../../contract/api/common';
import { Router, type Request, type Response } from 'express';
import {
  caseMessageRequestSchema,
  caseSeenRequestSchema,
  replyKeyConfirmationRequestSchema,
  shareRequestSchema,
  type PlaintextLimits,
} from '../../../contract/api/cases';
import { InvalidInputError, NotFoundError } from '../../platform/errors';
import { parseBody, signedInAccountOf, staffGuards, type StaffDeps } from '../sign-in';
import { caseListQuerySchema, triageChangeSchema, type TriageService } from '../cases';
import { actorOf } from '../sign-in';
import type { CaseworkService } from './casework.service';
import type { ReplyKeyConfirmationsService } from './reply-key-confirmations.service';

const CASE_ID = /^[0-9a-f]{32}$/;
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{22,64}$/;
export interface CaseworkRoutesDeps extends StaffDeps {
  readonly casework: CaseworkService;
  readonly replyKeyConfirmations: ReplyKeyConfirmationsService;
  readonly triage: TriageService;
  /**
   * What this deployment accepts, sent with every list and case so the dashboard decrypts no
   * more plaintext than the service could have accepted uncompressed (a compression bomb stops
   * there). The dashboard only ever lowers its own upper bounds with these.
   */
  readonly plaintextLimits: PlaintextLimits;
}

export function caseworkRoutes(deps: CaseworkRoutesDeps): Router {
  const router = Router();
  const guards = staffGuards(deps, ['caseworker', 'admin']);
  const staff = guards.signedIn;
  const write = guards.write({ maxBytes: 768 * 1024 });

  router.get('/api/cases', staff, async (req, res) => {
    const parsed = caseListQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InvalidInputError('invalid_query', 'The case filters are not valid.');
    }
    res.json({
      ...(await deps.casework.listInbox(parsed.data, signedInAccountOf(res))),
      limits: deps.plaintextLimits,
    } satisfies AnswerOf<typeof caseListAnswerSchema>);
  });

  router.get('/api/cases/:caseId', staff, async (req, res) => {
    res.json({
      ...(await deps.casework.caseDetail(caseIdOf(req))),
      limits: deps.plaintextLimits,
    } satisfies AnswerOf<typeof caseDetailAnswerSchema>);
  });

  // The caller's own read mark: the account comes from the session, never from the request.
  router.put('/api/cases/:caseId/seen', ...write, async (req, res) => {
    const { seq } = parseBody(caseSeenRequestSchema, req);
    res.json(
      (await deps.casework.markSeen(signedInAccountOf(res), caseIdOf(req), seq)) satisfies AnswerOf<
        typeof caseSeenAnswerSchema
      >,
    );
  });

  router.get(
    '/api/cases/:caseId/attachments/:attachmentId/parts/:index',
    staff,
    async (req, res) => {
      const attachmentId = String(req.params['attachmentId']);
      const index = String(req.params['index']);
      if (!ATTACHMENT_ID.test(attachmentId) || !/^\d{1,3}$/.test(index)) {
        throw new NotFoundError('part_not_found', 'No such attachment part in this case.');
      }
      const bytes = await deps.casework.attachmentPart(caseIdOf(req), attachmentId, Number(index));
      // Ciphertext, served as opaque bytes: never sniffed, never rendered.
      res.setHeader('Content-Type', 'application/octet-stream');
      res.setHeader('Content-Disposition', 'attachment');
      res.send(Buffer.from(bytes));
    },
  );

  router.patch('/api/cases/:caseId', ...write, async (req, res) => {
    const change = parseBody(triageChangeSchema, req);
    const caseId = caseIdOf(req);
    await deps.triage.changeTriage(actorOf(signedInAccountOf(res)), caseId, change);
    res.json({ case: (await deps.casework.caseDetail(caseId)).case } satisfies AnswerOf<
      typeof triageChangedAnswerSchema
    >);
  });

  /** Notes and replies take the same body and answer alike; only the service call differs. */
  const appendMessage =
    (add: 'addNote' | 'addReply') =>
    async (req: Request, res: Response): Promise<void> => {
      const { messageId, message } = parseBody(caseMessageRequestSchema, req);
      const outcome = await deps.casework[add](
        signedInAccountOf(res),
        caseIdOf(req),
        message,
        messageId,
      );
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res
        .status(201)
        .json({ seq: outcome.stored.seq, sentOn: outcome.stored.sentOn } satisfies AnswerOf<
          typeof caseMessageStoredSchema
        >);
    };
  router.post('/api/cases/:caseId/notes', ...write, appendMessage('addNote'));
  router.post('/api/cases/:caseId/replies', ...write, appendMessage('addReply'));

  // A lasting decision about where the case's replies go, like sharing: a fresh re-authentication.
  router.post(
    '/api/cases/:caseId/reply-key-confirmation',
    ...guards.sensitive({ maxBytes: 64 * 1024 }),
    async (req, res) => {
      const { fingerprint, confirmation } = parseBody(replyKeyConfirmationRequestSchema, req);
      const outcome = await deps.replyKeyConfirmations.confirm(
        signedInAccountOf(res),
        caseIdOf(req),
        fingerprint,
        confirmation,
      );
      if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
      res.status(outcome.replayed ? 200 : 201).json({
        replyKeyConfirmation: {
          fingerprint: outcome.confirmation.fingerprint,
          confirmedOn: outcome.confirmation.confirmedOn,
        },
      } satisfies AnswerOf<typeof replyKeyConfirmedSchema>);
    },
  );

  router.get('/api/cases/:caseId/access', staff, async (req, res) => {
    res.json(
      (await deps.casework.access(caseIdOf(req))) satisfies AnswerOf<typeof caseAccessAnswerSchema>,
    );
  });

  router.get('/api/cases/:caseId/key-packets', staff, async (req, res) => {
    res.json(
      (await deps.casework.keyPackets(caseIdOf(req))) satisfies AnswerOf<
        typeof keyPacketsAnswerSchema
      >,
    );
  });

  router.post(
    '/api/cases/:caseId/shares',
    ...guards.sensitive({ maxBytes: 4 * 1024 * 1024 }),
    async (req, res) => {
      const { fingerprint, packets } = parseBody(shareRequestSchema, req);
      const outcome = await deps.casework.share(
        signedInAccountOf(res),
        caseIdOf(req),
        fingerprint,
        packets.map((packet) => ({ ...packet, pkesk: Buffer.from(packet.pkesk, 'base64') })),
      );
      res.status(201).json(outcome satisfies AnswerOf<typeof shareOutcomeSchema>);
    },
  );

  router.get('/api/cases/:caseId/export', ...guards.reauthenticated, async (req, res) => {
    const caseId = caseIdOf(req);
    const tar = await deps.casework.exportTar(signedInAccountOf(res), caseId);
    res.setHeader('Content-Type', 'application/x-tar');
    res.setHeader('Content-Disposition', `attachment; filename="amanat-case-${caseId}.tar"`);
    res.send(tar);
  });
  return router;
}

function caseIdOf(req: Request): string {
  const caseId = String(req.params['caseId']);
  if (!CASE_ID.test(caseId)) throw new NotFoundError('case_not_found', 'No such case.');
  return caseId;
}
