/**
 * The linking routes of the staff API (contract/api/case-links.ts), read with the contract's
 * schemas. Wrapped keys and identifiers arrive as base64 and leave here as bytes; nothing here
 * decrypts or verifies (linking-key.ts does, before every use).
 */
import {
  caseLinksAnswerSchema,
  linkCountsAnswerSchema,
  linkingKeyAnswerSchema,
  rotationAnswerSchema,
} from '../../../contract/api/case-links';
import { base64FromBytes, bytesFromBase64 } from '../cases/base64';
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import { readAs, shaped } from '../session/answer-reading';

export interface StoredLinkingKey {
  readonly version: number;
  readonly message: Uint8Array;
  readonly retired: boolean;
}

export interface CaseLinks {
  readonly links: {
    readonly keyVersion: number;
    readonly tokens: readonly string[];
    readonly identifiers: Uint8Array;
  } | null;
  readonly linkedCases: readonly { readonly caseId: string; readonly shared: number }[];
}

export interface RotatedCase {
  readonly caseId: string;
  readonly tokens: readonly string[];
  readonly identifiers: Uint8Array;
}

/** Linked cases' sealed identifiers, each with the key version it was sealed for. */
export interface SealedCases {
  readonly keyVersion: number;
  readonly cases: readonly {
    readonly caseId: string;
    readonly keyVersion: number;
    readonly identifiers: Uint8Array;
  }[];
}

/** A case's identifiers sealed again; `previous` is the SHA-256 of the sealing that was read. */
export interface ResealedCase {
  readonly caseId: string;
  readonly previous: string;
  readonly identifiers: Uint8Array;
}

export class LinksApi {
  constructor(private readonly client: StaffApiClient) {}

  async key(): Promise<ApiOutcome<StoredLinkingKey | null>> {
    const answer = await this.client.get('/api/case-links/key');
    if (!answer.ok) return answer;
    const read = readAs(linkingKeyAnswerSchema, answer.body);
    const message = read?.key ? bytesFromBase64(read.key.message) : null;
    if (read === null || (read.key !== null && message === null)) {
      return { ok: false, status: answer.status, code: 'unknown' };
    }
    return {
      ok: true,
      status: answer.status,
      body: read.key && message ? { ...read.key, message } : null,
    };
  }

  /** The key, wrapped for the directory now, with `cases` sealed again for it (a share). */
  async storeKey(
    version: number,
    message: Uint8Array,
    cases: readonly ResealedCase[] = [],
  ): Promise<ApiOutcome<unknown>> {
    return await this.client.put('/api/case-links/key', {
      version,
      message: base64FromBytes(message),
      ...(cases.length > 0 && {
        cases: cases.map((entry) => ({
          caseId: entry.caseId,
          previous: entry.previous,
          identifiers: base64FromBytes(entry.identifiers),
        })),
      }),
    });
  }

  /** Every case linked under the live key, with its sealed identifiers: what a share re-seals. */
  async linkedIdentifiers(): Promise<ApiOutcome<SealedCases>> {
    return shaped(await this.client.get('/api/case-links/identifiers'), readSealedCases);
  }

  async caseLinks(caseId: string): Promise<ApiOutcome<CaseLinks>> {
    return shaped(await this.client.get(`/api/case-links/cases/${caseId}`), readCaseLinks);
  }

  async link(
    caseId: string,
    keyVersion: number,
    tokens: readonly string[],
    identifiers: Uint8Array | null,
  ): Promise<ApiOutcome<CaseLinks>> {
    return shaped(
      await this.client.put(`/api/case-links/cases/${caseId}`, {
        keyVersion,
        tokens,
        identifiers: identifiers && base64FromBytes(identifiers),
      }),
      readCaseLinks,
    );
  }

  /** How many other cases each of `caseIds` shares an identifier with (linked ones only). */
  async counts(caseIds: readonly string[]): Promise<ApiOutcome<ReadonlyMap<string, number>>> {
    if (caseIds.length === 0) return { ok: true, status: 200, body: new Map() };
    return shaped(
      await this.client.get(`/api/case-links/counts?caseIds=${caseIds.join(',')}`),
      (body) => {
        const read = readAs(linkCountsAnswerSchema, body);
        return read && new Map(read.counts.map((entry) => [entry.caseId, entry.linkedCases]));
      },
    );
  }

  /** Every case a rotation must re-key, under the retired key or (cut short) its successor. */
  async rotationSet(): Promise<ApiOutcome<SealedCases>> {
    return shaped(await this.client.get('/api/case-links/rotation'), readSealedCases);
  }

  async rotate(
    version: number,
    message: Uint8Array,
    cases: readonly RotatedCase[],
  ): Promise<ApiOutcome<unknown>> {
    return await this.client.post('/api/case-links/rotation', {
      version,
      message: base64FromBytes(message),
      cases: cases.map((entry) => ({
        caseId: entry.caseId,
        tokens: entry.tokens,
        identifiers: base64FromBytes(entry.identifiers),
      })),
    });
  }
}

function readSealedCases(body: unknown): SealedCases | null {
  const read = readAs(rotationAnswerSchema, body);
  if (read === null) return null;
  const cases = read.cases.flatMap((entry) => {
    const identifiers = bytesFromBase64(entry.identifiers);
    return identifiers ? [{ caseId: entry.caseId, keyVersion: entry.keyVersion, identifiers }] : [];
  });
  return cases.length === read.cases.length ? { keyVersion: read.keyVersion, cases } : null;
}

function readCaseLinks(body: unknown): CaseLinks | null {
  const read = readAs(caseLinksAnswerSchema, body);
  if (read === null) return null;
  if (read.links === null) return { links: null, linkedCases: read.linkedCases };
  const identifiers = bytesFromBase64(read.links.identifiers);
  return identifiers
    ? { links: { ...read.links, identifiers }, linkedCases: read.linkedCases }
    : null;
}
