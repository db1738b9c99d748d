/**
 * /api/case-links/* (docs/http-api.md "Linked cases"): caseworkers only (not admins, not
 * analysts: the tokens say which cases share an identifier). Writes need the CSRF token.
 */
import { Router, type Request } from 'express';
import * as api from '../../../contract/api/case-links';
import type { AnswerOf } from '../../../contract/api/common';
import { InvalidInputError, NotFoundError } from '../../platform/errors';
import { parseBody, signedInAccountOf, staffGuards, type StaffDeps } from '../sign-in';
import type { CaseLinks } from './case-links.repository';
import type { CaseLinksService, LinkedCase } from './case-links.service';

const CASE_ID = /^[0-9a-f]{32}$/;
/** A rotation or a share carries every linked case's identifiers (a few KiB each). */
const MAX_SEALED_CASES_BYTES = 32 * 1024 * 1024;
const MAX_CASE_LINKS_BYTES = 512 * 1024;

export interface CaseLinksRoutesDeps extends StaffDeps {
  readonly caseLinks: CaseLinksService;
}

export function caseLinksRoutes(deps: CaseLinksRoutesDeps): Router {
  const router = Router();
  const guards = staffGuards(deps, ['caseworker']);
  const staff = guards.signedIn;
  const service = deps.caseLinks;

  router.get('/api/case-links/key', staff, async (_req, res) => {
    const key = await service.currentKey();
    res.json({
      key: key && {
        version: key.version,
        message: base64(key.message),
        retired: key.retired,
      },
    } satisfies AnswerOf<typeof api.linkingKeyAnswerSchema>);
  });

  router.put(
    '/api/case-links/key',
    ...guards.write({ maxBytes: MAX_SEALED_CASES_BYTES }),
    async (req, res) => {
      const { version, message, cases = [] } = parseBody(api.linkingKeyRequestSchema, req);
      const stored = await service.storeKey(
        signedInAccountOf(res),
        version,
        bytes(message),
        cases.map((entry) => ({ ...entry, identifiers: bytes(entry.identifiers) })),
      );
      res.status(stored.outcome === 'created' ? 201 : 200).json({
        version,
        resealed: cases.length - stored.changed.length,
        changed: [...stored.changed],
      } satisfies AnswerOf<typeof api.linkingKeyStoredSchema>);
    },
  );

  router.get('/api/case-links/counts', staff, async (req, res) => {
    const parsed = api.linkCountsQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      throw new InvalidInputError('invalid_query', 'caseIds must be case ids, comma-separated.');
    }
    const counts = await service.counts(parsed.data.caseIds.split(','));
    res.json({
      counts: counts.map(({ caseId, shared }) => ({ caseId, linkedCases: shared })),
    } satisfies AnswerOf<typeof api.linkCountsAnswerSchema>);
  });

  router.get('/api/case-links/identifiers', staff, async (_req, res) => {
    res.json(sealedCasesAnswer(await service.linkedUnderLiveKey()));
  });

  router.get('/api/case-links/rotation', staff, async (_req, res) => {
    res.json(sealedCasesAnswer(await service.rotationSet()));
  });

  router.post(
    '/api/case-links/rotation',
    ...guards.write({ maxBytes: MAX_SEALED_CASES_BYTES }),
    async (req, res) => {
      const { version, message, cases } = parseBody(api.rotationRequestSchema, req);
      const rotated = await service.rotate(
        signedInAccountOf(res),
        version,
        bytes(message),
        cases.map((entry) => ({
          ...entry,
          identifiers: entry.identifiers === null ? null : bytes(entry.identifiers),
        })),
      );
      res
        .status(201)
        .json({ version, cases: rotated } satisfies AnswerOf<typeof api.rotatedAnswerSchema>);
    },
  );

  router.get('/api/case-links/cases/:caseId', staff, async (req, res) => {
    const { links, linkedCases } = await service.linksOf(caseIdOf(req));
    res.json(caseLinksAnswer(links, linkedCases));
  });

  router.put(
    '/api/case-links/cases/:caseId',
    ...guards.write({ maxBytes: MAX_CASE_LINKS_BYTES }),
    async (req, res) => {
      const caseId = caseIdOf(req);
      const { keyVersion, tokens, identifiers } = parseBody(api.caseLinksRequestSchema, req);
      const linkedCases = await service.link(
        signedInAccountOf(res),
        caseId,
        keyVersion,
        tokens,
        identifiers === null ? null : bytes(identifiers),
      );
      const { links } = await service.linksOf(caseId);
      res.json(caseLinksAnswer(links, linkedCases));
    },
  );

  return router;
}

function caseIdOf(req: Request): string {
  const caseId = String(req.params['caseId']);
  if (!CASE_ID.test(caseId)) throw new NotFoundError('case_not_found', 'No such case.');
  return caseId;
}

function caseLinksAnswer(
  links: CaseLinks | null,
  linkedCases: LinkedCase[],
): AnswerOf<typeof api.caseLinksAnswerSchema> {
  return {
    links: links && {
      keyVersion: links.keyVersion,
      tokens: [...links.tokens],
      identifiers: base64(links.identifiers),
    },
    linkedCases,
  };
}

function sealedCasesAnswer(set: {
  keyVersion: number;
  cases: CaseLinks[];
}): AnswerOf<typeof api.rotationAnswerSchema> {
  return {
    keyVersion: set.keyVersion,
    cases: set.cases.map((links) => ({
      caseId: links.caseId,
      keyVersion: links.keyVersion,
      identifiers: base64(links.identifiers),
    })),
  };
}

const base64 = (value: Uint8Array): string => Buffer.from(value).toString('base64');
const bytes = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, 'base64'));
