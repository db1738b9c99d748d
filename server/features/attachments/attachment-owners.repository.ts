/**
 * Which report an attachment id belongs to, claimed by INSERTING the id: two reports racing on
 * one id cannot both own it (a duplicate-key error means taken), on MongoDB and FerretDB v1
 * alike. Reading the owner from the parts and then inserting a part let two first parts of two
 * reports both pass the check and store under one id.
 *
 * An owner document holds the case id and nothing else: no time, not even a day. A claim left
 * without parts by a crashed request needs no expiry: it gives no room (room is slots,
 * attachment-reservations.repository.ts), and it only keeps other reports from an id of 128
 * random bits the reporter's browser chose and nobody else can know. Retention deletes it with
 * the case.
 */
import { driverRepositoryOver, DURABLE_WRITE } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';

interface AttachmentOwnerDocument {
  _id: string; // attachment id
  caseId: string;
}

export type OwnerClaim =
  /** This call inserted the claim: the first part of the attachment from any report. */
  | { readonly outcome: 'claimed' }
  /** The id was claimed before, by `caseId` (this report's earlier part, or another report). */
  | { readonly outcome: 'owned'; readonly caseId: string };

/** A claim that keeps vanishing (deleted as fast as it is made) is not retried forever. */
const MAX_CLAIM_ATTEMPTS = 3;

export class AttachmentOwnersRepository extends driverRepositoryOver<AttachmentOwnerDocument>(
  'attachment_owners',
) {
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1 });
  }

  /** Claims `attachmentId` for `caseId`, or says who holds it; the insert decides a race. */
  async claim(attachmentId: string, caseId: string): Promise<OwnerClaim> {
    for (let attempt = 0; ; attempt++) {
      // Every later part of an attachment finds its claim here without writing.
      const existing = await this.collection.findOne({ _id: attachmentId });
      if (existing) return { outcome: 'owned', caseId: existing.caseId };
      try {
        await this.collection.insertOne(
          { _id: attachmentId, caseId },
          { writeConcern: DURABLE_WRITE },
        );
        return { outcome: 'claimed' };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const winner = await this.collection.findOne({ _id: attachmentId });
      if (winner) return { outcome: 'owned', caseId: winner.caseId };
      // Deleted between the duplicate and this read (retention, with its case): the id is free
      // again, so claim it afresh rather than answer as if another report held it.
      if (attempt >= MAX_CLAIM_ATTEMPTS) {
        throw new Error('An attachment id was claimed and released repeatedly while claiming it.');
      }
    }
  }

  /** Gives back a claim this case made (see attachments.service.ts: parts stored before claims). */
  async release(attachmentId: string, caseId: string): Promise<void> {
    await this.collection.deleteOne({ _id: attachmentId, caseId }, { writeConcern: DURABLE_WRITE });
  }

  /** Retention: a deleted case's claims go with its parts. */
  async deleteAllOfCase(caseId: string): Promise<void> {
    await this.collection.deleteMany({ caseId }, { writeConcern: DURABLE_WRITE });
  }
}
