/**
 * Room reserved in a report for attachments, as numbered slots: `<caseId>:bytes:<n>` (64 KiB of
 * encrypted parts each) and `<caseId>:files:<n>` (one attachment each). A slot is claimed by
 * INSERTING its id, so two requests can never hold the same slot: a duplicate-key error means
 * taken. This is the one write that is atomic on MongoDB and on FerretDB v1 alike; `$inc` and
 * conditional updates are not on FerretDB v1 (concurrent increments were seen to be lost), so a
 * counter could be overshot by concurrent uploads. With slots, the limits hold by construction:
 * a report can never hold more slots than exist.
 */
import { randomInt } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';

export type SlotKind = 'bytes' | 'files';

interface ReservationDocument {
  _id: string; // `${caseId}:${kind}:${slot}`
  caseId: string;
  kind: SlotKind;
  /** Who holds the slot: for bytes the upload attempt (its part records it), for files the attachment id. */
  holder: string;
  /** The day it was claimed, never a time: reporter actions are dated to the day only. */
  claimedOn: string;
}

/**
 * Rounds of "read what is taken, insert free slots" before giving up. Each round either wins a
 * slot or sees slots taken that looked free, so contention ends quickly; the bound only keeps a
 * pathological race from looping.
 */
const MAX_ROUNDS = 20;

export class AttachmentReservationsRepository {
  private readonly collection: Collection<ReservationDocument>;

  constructor(connection: Connection) {
    this.collection = connection.collection<ReservationDocument>('attachment_reservations');
  }

  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, kind: 1, holder: 1 });
  }

  /**
   * Claims `count` of the report's `capacity` slots of `kind` for `holder`, picked at random
   * among the free ones (concurrent claimers rarely pick the same). 'full' when too few are free
   * and 'contended' when the rounds ran out; either way the slots this call won are given back.
   * If it throws, slots it inserted may remain: the caller releases them by holder.
   */
  async claim(
    caseId: string,
    kind: SlotKind,
    holder: string,
    count: number,
    capacity: number,
    claimedOn: string,
  ): Promise<'claimed' | 'full' | 'contended'> {
    const won: string[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const taken = await this.takenSlots(caseId, kind);
      const free: number[] = [];
      for (let slot = 0; slot < capacity; slot++) if (!taken.has(slot)) free.push(slot);
      const wanted = count - won.length;
      if (free.length < wanted) break;
      won.push(
        ...(await this.insertSlots(
          pickRandomly(free, wanted).map((slot) => ({
            _id: `${caseId}:${kind}:${slot}`,
            caseId,
            kind,
            holder,
            claimedOn,
          })),
        )),
      );
      if (won.length === count) return 'claimed';
      if (round === MAX_ROUNDS - 1) {
        await this.deleteIds(won);
        return 'contended';
      }
    }
    await this.deleteIds(won);
    return 'full';
  }

  /** The slot numbers `holder` holds, lowest first. */
  async slotsOf(caseId: string, kind: SlotKind, holder: string): Promise<number[]> {
    const documents = await this.collection
      .find({ caseId, kind, holder }, { projection: { _id: 1 } })
      .toArray();
    return documents.map(({ _id }) => slotNumberOf(_id)).sort((a, b) => a - b);
  }

  async release(caseId: string, kind: SlotKind, holder: string): Promise<void> {
    await this.collection.deleteMany({ caseId, kind, holder }, { writeConcern: DURABLE_WRITE });
  }

  async releaseSlots(caseId: string, kind: SlotKind, slots: readonly number[]): Promise<void> {
    await this.deleteIds(slots.map((slot) => `${caseId}:${kind}:${slot}`));
  }

  /** Holders of slots claimed before `day` (a crashed request's claims are among them). */
  async holdersClaimedBefore(caseId: string, kind: SlotKind, day: string): Promise<string[]> {
    return await this.collection.distinct('holder', { caseId, kind, claimedOn: { $lt: day } });
  }

  /** Deletes these holders' slots claimed before `day`; true when any went. */
  async releaseClaimedBefore(
    caseId: string,
    kind: SlotKind,
    holders: readonly string[],
    day: string,
  ): Promise<boolean> {
    if (holders.length === 0) return false;
    const result = await this.collection.deleteMany(
      { caseId, kind, holder: { $in: [...holders] }, claimedOn: { $lt: day } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.deletedCount > 0;
  }

  /** Retention: a deleted case's reservations go with its parts. */
  async deleteAllOfCase(caseId: string): Promise<void> {
    await this.collection.deleteMany({ caseId }, { writeConcern: DURABLE_WRITE });
  }

  private async takenSlots(caseId: string, kind: SlotKind): Promise<Set<number>> {
    const documents = await this.collection
      .find({ caseId, kind }, { projection: { _id: 1 } })
      .toArray();
    return new Set(documents.map(({ _id }) => slotNumberOf(_id)));
  }

  private async deleteIds(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.collection.deleteMany({ _id: { $in: [...ids] } }, { writeConcern: DURABLE_WRITE });
  }

  /** Inserts each slot on its own; returns the ids won (the others were taken). */
  private async insertSlots(documents: ReservationDocument[]): Promise<string[]> {
    const operations: AnyBulkWriteOperation<ReservationDocument>[] = documents.map((document) => ({
      insertOne: { document },
    }));
    try {
      await this.collection.bulkWrite(operations, {
        ordered: false,
        writeConcern: DURABLE_WRITE,
      });
      return documents.map(({ _id }) => _id);
    } catch (error) {
      const failures = writeErrorsOf(error);
      if (failures === null || failures.some(({ code }) => code !== 11000)) throw error;
      const lost = new Set(failures.map(({ index }) => index));
      return documents.filter((_, index) => !lost.has(index)).map(({ _id }) => _id);
    }
  }
}

function slotNumberOf(id: string): number {
  return Number(id.slice(id.lastIndexOf(':') + 1));
}

/** `count` distinct elements of `items`, uniformly at random (partial Fisher–Yates). */
function pickRandomly(items: number[], count: number): number[] {
  for (let i = 0; i < count; i++) {
    const j = i + randomInt(items.length - i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items.slice(0, count);
}

/** The per-document errors of a bulk write, or null when the error is not one. */
function writeErrorsOf(error: unknown): { code: unknown; index: unknown }[] | null {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  if (writeErrors === undefined || writeErrors === null) return null;
  return (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as {
    code: unknown;
    index: unknown;
  }[];
}
