import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { bytesOf, DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { SingleUseMarks } from '../../platform/single-use';
import { caseLinkModel } from './case-link.model';

export interface CaseLinks {
  readonly caseId: string;
  readonly keyVersion: number;
  readonly tokens: readonly string[];
  readonly identifiers: Uint8Array;
}

/** A case's links as read, naming the write that stored them (what a later write claims). */
export interface StoredCaseLinks extends CaseLinks {
  readonly write: string;
}

/** Stored before writes were named: claimed under this name once. */
const UNNAMED_WRITE = 'unnamed';

/**
 * How long a claim on a case's links refuses other writers: the claimer writes right after it;
 * one that died between claim and write holds the case's links up until the claim is swept.
 */
const WRITE_CLAIM_MS = 60_000;

/**
 * The most cases one look-up returns: an identifier planted in every case must not make each
 * case view or inbox page read the whole collection.
 */
const MAX_HOLDERS = 1000;

export class CaseLinksRepository extends repositoryOver(caseLinkModel) {
  private readonly marks: SingleUseMarks;

  constructor(connection: Connection) {
    super(connection);
    this.marks = new SingleUseMarks(connection);
  }

  async findOfCase(caseId: string): Promise<StoredCaseLinks | null> {
    const document = await this.collection().findOne({ _id: caseId });
    return document ? linksOf(document) : null;
  }

  /** The case's tokens and identifiers, replacing what it held (a rotation: the key is retired). */
  async replace(links: CaseLinks): Promise<void> {
    await this.collection().replaceOne({ _id: links.caseId }, documentOf(links), {
      upsert: true,
      writeConcern: DURABLE_WRITE,
    });
  }

  /**
   * Replaces (or, `next` null, deletes) the case's links only if nothing was written since
   * `read` (null: none stored): false, with nothing written, when another writer was first.
   * Security: FerretDB v1 runs a conditional update as read-then-write, so two writers could
   * both "match" and the later write silently undo a save answered with success. Only a unique
   * insert is atomic there: a new document is inserted, and a stored one is claimed (a mark named
   * after the write that stored it) before it is replaced, so of all writers who read it, one
   * writes, and the next must read what that one wrote.
   */
  async writeIfUnchanged(
    caseId: string,
    read: StoredCaseLinks | null,
    next: CaseLinks | null,
  ): Promise<boolean> {
    if (read === null) {
      return next === null || (await this.insertUnique({ _id: caseId, ...documentOf(next) }));
    }
    const claimed = await this.marks.claim(
      `case-links:${caseId}:${read.write}`,
      new Date(Date.now() + WRITE_CLAIM_MS),
    );
    if (!claimed) return false;
    if (next === null) await this.deleteOfCase(caseId);
    else await this.replace(next);
    return true;
  }

  async deleteOfCase(caseId: string): Promise<void> {
    await this.deleteDurably({ _id: caseId });
  }

  /** Every case holding any of `tokens` under `keyVersion`, with the tokens it holds. */
  async holdingAny(
    tokens: readonly string[],
    keyVersion: number,
  ): Promise<{ caseId: string; tokens: string[] }[]> {
    if (tokens.length === 0) return [];
    const documents = await this.collection()
      .find({ tokens: { $in: [...tokens] } }, { projection: { tokens: 1, keyVersion: 1 } })
      .limit(MAX_HOLDERS)
      .toArray();
    // Security: a token of another key version is another key's hash; equal only by accident.
    return documents
      .filter((document) => document.keyVersion === keyVersion)
      .map((document) => ({ caseId: document._id, tokens: document.tokens }));
  }

  /** The tokens of those of `caseIds` (one inbox page) linked under `keyVersion`. */
  async tokensOfCases(
    caseIds: readonly string[],
    keyVersion: number,
  ): Promise<{ caseId: string; tokens: string[] }[]> {
    const documents = await this.collection()
      .find({ _id: { $in: [...caseIds] } }, { projection: { tokens: 1, keyVersion: 1 } })
      .toArray();
    return documents
      .filter((document) => document.keyVersion === keyVersion)
      .map((document) => ({ caseId: document._id, tokens: document.tokens }));
  }

  /** Every case linked under one of `keyVersions`: what a rotation must re-key. */
  async listOfKeyVersions(keyVersions: readonly number[]): Promise<CaseLinks[]> {
    const documents = await this.collection()
      .find({ keyVersion: { $in: [...keyVersions] } })
      .toArray();
    return documents.map(linksOf);
  }

  /** Every case linked under `lowest` or a later version: what a rotation must re-key. */
  async listOfKeyVersionsFrom(lowest: number): Promise<StoredCaseLinks[]> {
    const documents = await this.collection()
      .find({ keyVersion: { $gte: lowest } })
      .toArray();
    return documents.map(linksOf);
  }

  /**
   * Every token set of a key version outside `lowest`..`highest` goes: none is of use, and each
   * is readable to whoever holds its key (two range deletes, each served by the version index).
   */
  async deleteOutsideKeyVersions(lowest: number, highest: number): Promise<number> {
    return (
      (await this.deleteDurably({ keyVersion: { $lt: lowest } })) +
      (await this.deleteDurably({ keyVersion: { $gt: highest } }))
    );
  }
}

function linksOf(document: {
  _id: string;
  keyVersion: number;
  tokens: string[];
  identifiers: unknown;
  write?: string;
}): StoredCaseLinks {
  return {
    caseId: document._id,
    keyVersion: document.keyVersion,
    tokens: document.tokens,
    identifiers: bytesOf(document.identifiers),
    write: document.write ?? UNNAMED_WRITE,
  };
}

/** What is stored of `links`, under a fresh write name. */
function documentOf(links: CaseLinks) {
  return {
    keyVersion: links.keyVersion,
    tokens: [...links.tokens],
    identifiers: Buffer.from(links.identifiers),
    write: randomUUID(),
  };
}
