/**
 * Room reserved in a report, as numbered slots: `<caseId>:bytes:<n>` (64 KiB of encrypted
 * attachment parts each), `<caseId>:files:<n>` (one attachment each) and `<caseId>:follow-ups:<n>`
 * (one follow-up message each). A slot is claimed by INSERTING its id, so two requests can never
 * hold the same slot: a duplicate-key error means taken. This is the one write that is atomic on
 * MongoDB and on FerretDB v1 alike; `$inc` and conditional updates are not on FerretDB v1
 * (concurrent increments were seen to be lost), so a counter could be overshot by concurrent
 * requests. With slots, the limits hold by construction: a report can never hold more slots than
 * exist.
 *
 * Every read and write names the slots by `_id` (`_id: {$in: [...]}` over the ids a report's
 * capacity allows): the one lookup every engine answers from its primary key. A filter on other
 * fields is a scan of the whole collection on FerretDB v1, once per upload.
 */
import { randomInt } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongodb';
import { driverRepositoryOver, DURABLE_WRITE } from '../../platform/db';
import { DUPLICATE_KEY } from '../../platform/db-errors';

export type SlotKind = 'bytes' | 'files' | 'follow-ups';

/** A report's slots of one kind: `<caseId>:<kind>:0` to `<caseId>:<kind>:<capacity - 1>`. */
export interface SlotRange {
  readonly caseId: string;
  readonly kind: SlotKind;
  readonly capacity: number;
}

interface ReservationDocument {
  _id: string; // `${caseId}:${kind}:${slot}`
  caseId: string;
  kind: SlotKind;
  /**
   * Who holds the slot: for bytes the upload attempt (its part records it), for files the
   * attachment id, for follow-ups the message's client-made id.
   */
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

export class AttachmentReservationsRepository extends driverRepositoryOver<ReservationDocument>(
  'attachment_reservations',
) {
  /** Retention deletes a case's slots by this index's prefix; requests read by `_id`. */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ caseId: 1, kind: 1, holder: 1 });
  }

  /**
   * Claims `count` of the range's slots for `holder`, picked at random among the free ones
   * (concurrent claimers rarely pick the same). 'full' when too few are free and 'contended'
   * when the rounds ran out; either way the slots this call won are given back. If it throws,
   * slots it inserted may remain: the caller releases them by holder.
   */
  async claim(
    range: SlotRange,
    holder: string,
    count: number,
    claimedOn: string,
  ): Promise<'claimed' | 'full' | 'contended'> {
    const won: string[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const taken = new Set((await this.slotsIn(range)).map(({ slot }) => slot));
      const free: number[] = [];
      for (let slot = 0; slot < range.capacity; slot++) if (!taken.has(slot)) free.push(slot);
      const wanted = count - won.length;
      if (free.length < wanted) break;
      won.push(
        ...(await this.insertSlots(
          pickRandomly(free, wanted).map((slot) => ({
            _id: slotIdOf(range, slot),
            caseId: range.caseId,
            kind: range.kind,
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

  /** How many of the range's slots are free now (a look before the body of an upload is read). */
  async freeSlots(range: SlotRange): Promise<number> {
    return range.capacity - (await this.slotsIn(range)).length;
  }

  /** The slot numbers `holder` holds in the range, lowest first. */
  async slotsOf(range: SlotRange, holder: string): Promise<number[]> {
    return (await this.slotsIn(range))
      .filter((slot) => slot.holder === holder)
      .map(({ slot }) => slot)
      .sort((a, b) => a - b);
  }

  async release(range: SlotRange, holder: string): Promise<void> {
    await this.releaseSlots(range, await this.slotsOf(range, holder), holder);
  }

  /** Gives back these slots, each only while `holder` holds it. */
  async releaseSlots(range: SlotRange, slots: readonly number[], holder: string): Promise<void> {
    if (slots.length === 0) return;
    await this.collection.deleteMany(
      { _id: { $in: slots.map((slot) => slotIdOf(range, slot)) }, holder },
      { writeConcern: DURABLE_WRITE },
    );
  }

  /** Holders of slots claimed before `day` (a crashed request's claims are among them). */
  async holdersClaimedBefore(range: SlotRange, day: string): Promise<string[]> {
    const slots = await this.slotsIn(range);
    return [...new Set(slots.filter((slot) => slot.claimedOn < day).map(({ holder }) => holder))];
  }

  /** Deletes these holders' slots claimed before `day`; true when any went. */
  async releaseClaimedBefore(
    range: SlotRange,
    holders: readonly string[],
    day: string,
  ): Promise<boolean> {
    const releasing = new Set(holders);
    const ids = (await this.slotsIn(range))
      .filter((slot) => releasing.has(slot.holder) && slot.claimedOn < day)
      .map(({ slot }) => slotIdOf(range, slot));
    if (ids.length === 0) return false;
    const result = await this.collection.deleteMany(
      { _id: { $in: ids }, holder: { $in: [...releasing] }, claimedOn: { $lt: day } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.deletedCount > 0;
  }

  /** Retention: a deleted case's reservations go with its parts (rare: one scan is fine). */
  async deleteAllOfCase(caseId: string): Promise<void> {
    await this.collection.deleteMany({ caseId }, { writeConcern: DURABLE_WRITE });
  }

  /** The taken slots of the range, read by `_id`. */
  private async slotsIn(
    range: SlotRange,
  ): Promise<{ readonly slot: number; readonly holder: string; readonly claimedOn: string }[]> {
    const ids = Array.from({ length: range.capacity }, (_, slot) => slotIdOf(range, slot));
    const documents = await this.collection
      .find({ _id: { $in: ids } }, { projection: { _id: 1, holder: 1, claimedOn: 1 } })
      .toArray();
    return documents.map(({ _id, holder, claimedOn }) => ({
      slot: slotNumberOf(_id),
      holder,
      claimedOn,
    }));
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
      if (failures === null || failures.some(({ code }) => code !== DUPLICATE_KEY)) throw error;
      const lost = new Set(failures.map(({ index }) => index));
      return documents.filter((_, index) => !lost.has(index)).map(({ _id }) => _id);
    }
  }
}

function slotIdOf(range: SlotRange, slot: number): string {
  return `${range.caseId}:${range.kind}:${slot}`;
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
