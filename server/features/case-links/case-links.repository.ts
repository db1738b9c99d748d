import { bytesOf, DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { caseLinkModel } from './case-link.model';

export interface CaseLinks {
  readonly caseId: string;
  readonly keyVersion: number;
  readonly tokens: readonly string[];
  readonly identifiers: Uint8Array;
}

/**
 * The most cases one look-up returns: an identifier planted in every case must not make each
 * case view or inbox page read the whole collection.
 */
const MAX_HOLDERS = 1000;

export class CaseLinksRepository extends repositoryOver(caseLinkModel) {
  async findOfCase(caseId: string): Promise<CaseLinks | null> {
    const document = await this.collection().findOne({ _id: caseId });
    return document ? linksOf(document) : null;
  }

  /** The case's tokens and identifiers, replacing what it held. */
  async replace(links: CaseLinks): Promise<void> {
    await this.collection().replaceOne(
      { _id: links.caseId },
      {
        keyVersion: links.keyVersion,
        tokens: [...links.tokens],
        identifiers: Buffer.from(links.identifiers),
      },
      { upsert: true, writeConcern: DURABLE_WRITE },
    );
  }

  /**
   * The case's identifiers sealed again (for colleagues added since), only if what is stored is
   * still exactly `read` (same key version, same identifiers): a save that landed meanwhile wins.
   */
  async resealIdentifiers(read: CaseLinks, identifiers: Uint8Array): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: read.caseId, keyVersion: read.keyVersion, identifiers: Buffer.from(read.identifiers) },
      { $set: { identifiers: Buffer.from(identifiers) } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
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
}): CaseLinks {
  return {
    caseId: document._id,
    keyVersion: document.keyVersion,
    tokens: document.tokens,
    identifiers: bytesOf(document.identifiers),
  };
}
