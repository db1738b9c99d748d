import type { Connection } from 'mongoose';
import { bytesOf, dropIndexesIfPresent, repositoryOver } from '../../platform/db';
import {
  attachmentPartModel,
  OBSOLETE_ATTACHMENT_PART_INDEXES,
  type AttachmentPartDocument,
} from './attachment-part.model';
import { AttachmentOwnersRepository } from './attachment-owners.repository';
import { AttachmentReservationsRepository } from './attachment-reservations.repository';
import { copyFields } from '../../platform/copy-fields';

export interface AttachmentPart {
  readonly caseId: string;
  readonly attachmentId: string;
  readonly index: number;
  readonly message: Uint8Array;
  readonly sha256: string;
  readonly recipientKeyIds: readonly string[];
}

export class AttachmentPartsRepository extends repositoryOver(attachmentPartModel) {
  private readonly reservations: AttachmentReservationsRepository;
  private readonly owners: AttachmentOwnersRepository;

  constructor(connection: Connection) {
    super(connection);
    this.reservations = new AttachmentReservationsRepository(connection);
    this.owners = new AttachmentOwnersRepository(connection);
  }

  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await dropIndexesIfPresent(this.collection(), OBSOLETE_ATTACHMENT_PART_INDEXES);
    await this.reservations.ensureIndexes();
    await this.owners.ensureIndexes();
  }

  /**
   * Claims `attachmentId` for `caseId` before its first part is stored; returns the case that
   * owns it: `caseId`, or the report that claimed it first (attachment-owners.repository.ts).
   */
  async claimAttachment(attachmentId: string, caseId: string): Promise<string> {
    const claim = await this.owners.claim(attachmentId, caseId);
    if (claim.outcome === 'owned') return claim.caseId;
    // Parts stored before owner claims existed have none: the first claim checks them. No new
    // part is stored without a claim, so nothing can join them between this read and the claim.
    const earlier = await this.findCaseOf(attachmentId);
    if (earlier !== null && earlier !== caseId) {
      await this.owners.release(attachmentId, caseId);
      return earlier;
    }
    return caseId;
  }

  /**
   * Gives back `caseId`'s claim on `attachmentId` while no part of it is stored: a refused or
   * broken first upload leaves nothing behind. A sibling part of the same report that passed its
   * claim meanwhile still stores (the claim is made again, from its parts, by the next one).
   */
  async releaseClaimIfUnused(attachmentId: string, caseId: string): Promise<void> {
    if ((await this.findCaseOf(attachmentId)) === null) {
      await this.owners.release(attachmentId, caseId);
    }
  }

  /**
   * Durable insert, recording the upload attempt whose reservation backs it; 'duplicate' when
   * this attachment part already exists (a retry, or a clash).
   */
  async insert(part: AttachmentPart, reservation: string): Promise<'inserted' | 'duplicate'> {
    const inserted = await this.insertUnique({
      _id: `${part.attachmentId}:${part.index}`,
      caseId: part.caseId,
      attachmentId: part.attachmentId,
      index: part.index,
      message: Buffer.from(part.message),
      size: part.message.length,
      sha256: part.sha256,
      recipientKeyIds: [...part.recipientKeyIds],
      reservation,
    });
    return inserted ? 'inserted' : 'duplicate';
  }

  async find(attachmentId: string, index: number): Promise<AttachmentPart | null> {
    const document = await this.model
      .findById(`${attachmentId}:${index}`)
      .lean<AttachmentPartDocument>()
      .exec();
    return document ? toPart(document) : null;
  }

  /** The case of any stored part of an attachment id. */
  private async findCaseOf(attachmentId: string): Promise<string | null> {
    const document = await this.model
      .findOne({ attachmentId })
      .select({ caseId: 1 })
      .lean<{ caseId: string }>()
      .exec();
    return document?.caseId ?? null;
  }

  /** Which of these upload attempts stored a part. */
  async reservationsStored(reservations: readonly string[]): Promise<Set<string>> {
    const documents = await this.collection()
      .find({ reservation: { $in: [...reservations] } }, { projection: { _id: 0, reservation: 1 } })
      .toArray();
    return new Set(documents.map((document) => document.reservation ?? ''));
  }

  /** Which of these attachments have a stored part. */
  async attachmentsStored(attachmentIds: readonly string[]): Promise<Set<string>> {
    const found = await this.collection().distinct('attachmentId', {
      attachmentId: { $in: [...attachmentIds] },
    });
    return new Set(found);
  }

  async listOfCase(caseId: string): Promise<AttachmentPart[]> {
    const documents = await this.findInOrder({ caseId }, { attachmentId: 1, index: 1 });
    return documents.map(toPart);
  }

  /** Retention: every part of a case goes with it, then the room and the ids claimed for them. */
  async deleteAllOfCase(caseId: string): Promise<number> {
    const deleted = await this.deleteDurably({ caseId });
    await this.reservations.deleteAllOfCase(caseId);
    await this.owners.deleteAllOfCase(caseId);
    return deleted;
  }
}

function toPart(document: AttachmentPartDocument): AttachmentPart {
  return {
    ...copyFields(document, ['caseId', 'attachmentId', 'index']),
    message: bytesOf(document.message),
    ...copyFields(document, ['sha256', 'recipientKeyIds']),
  };
}
