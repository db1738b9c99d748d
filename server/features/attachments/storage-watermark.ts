/**
 * A deployment-wide watermark: writes from anonymous reporters are refused (507 `storage_full`)
 * before the database's disk fills, so replies, triage and everything already stored keep
 * working. Attachment parts stop first; reports and follow-up messages later, so testimony
 * still arrives when files cannot. The room is measured by the database, as it reports it:
 *
 * - free space on its filesystem (MongoDB's dbStats fsUsedSize/fsTotalSize): parts are refused
 *   when less than STORAGE_MIN_FREE_PERCENT would stay free, reports and follow-ups when less
 *   than half of that would. The application's own disk is not the database's, so only the
 *   database can say;
 * - for engines that report no filesystem figures (FerretDB v1), the database's own size
 *   (dbStats totalSize) against STORAGE_MAX_BYTES, held to the same floor as if it were the disk;
 * - optionally, the bytes of all stored parts ($collStats of attachment_parts) against
 *   ATTACHMENTS_MAX_TOTAL_BYTES (parts only).
 *
 * The measurement is reused for a few seconds per instance (`cacheMs`), so a request costs no
 * database read most of the time. What may be accepted beyond the watermark meanwhile is bounded
 * by what is accepted in that window; the floor must be larger than that.
 */
import { InsufficientStorageError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { StorageUsage, StorageUsageRepository } from './storage-usage.repository';

export interface StorageLimits {
  /** The share of the disk (or of maxDatabaseBytes) parts leave free; messages half of it (0: none). */
  readonly minFreePercent: number;
  /** The database's size budget, for engines without filesystem figures (0: none). */
  readonly maxDatabaseBytes: number;
  /** Parts are refused once stored parts would exceed this many bytes (0: no budget). */
  readonly maxAttachmentBytes: number;
}

/** What is written: an attachment part, or a report or follow-up message. */
export type StoredKind = 'part' | 'message';

export type StorageRefusal = 'disk' | 'budget';

/** Why `incomingBytes` of `kind` cannot be stored now, or null when they can. */
export function storageRefusal(
  usage: StorageUsage,
  limits: StorageLimits,
  kind: StoredKind,
  incomingBytes: number,
): StorageRefusal | null {
  // Messages keep half of the parts' floor: a report fits where a file no longer does.
  const floorPercent = kind === 'part' ? limits.minFreePercent : limits.minFreePercent / 2;
  const leavesTooLittle = (total: number, used: number) =>
    total - used - incomingBytes < (total * floorPercent) / 100;
  if (
    limits.minFreePercent > 0 &&
    usage.fsUsedBytes !== undefined &&
    usage.fsTotalBytes !== undefined &&
    leavesTooLittle(usage.fsTotalBytes, usage.fsUsedBytes)
  ) {
    return 'disk';
  }
  if (
    limits.maxDatabaseBytes > 0 &&
    usage.databaseBytes !== undefined &&
    leavesTooLittle(limits.maxDatabaseBytes, usage.databaseBytes)
  ) {
    return 'budget';
  }
  if (
    kind === 'part' &&
    limits.maxAttachmentBytes > 0 &&
    usage.attachmentBytes !== undefined &&
    usage.attachmentBytes + incomingBytes > limits.maxAttachmentBytes
  ) {
    return 'budget';
  }
  return null;
}

/** How often each instance looks at the storage by itself, to tell operators (not reporters). */
const WATCH_INTERVAL_MS = 60_000;

const REFUSALS: Readonly<Record<StoredKind, string>> = {
  part: 'The server has no room for more files right now. What was already sent is kept; try again later.',
  message:
    'The server is almost out of room and cannot take this message right now. Nothing was stored; try again later.',
};

export class StorageWatermark {
  private cached: { readonly at: number; readonly usage: Promise<StorageUsage> } | undefined;
  private readonly reached: Record<StoredKind, StorageRefusal | null> = {
    part: null,
    message: null,
  };
  private unwatchedReported = false;
  private watchTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly usage: StorageUsageRepository,
    private readonly limits: StorageLimits,
    private readonly cacheMs: number,
    private readonly logger: Logger,
  ) {}

  /** Throws 507 `storage_full` when `incomingBytes` of `kind` would cross the watermark. */
  async refuseIfFull(kind: StoredKind, incomingBytes: number): Promise<void> {
    if (storageRefusal(await this.current(), this.limits, kind, incomingBytes) === null) return;
    throw new InsufficientStorageError('storage_full', REFUSALS[kind]);
  }

  /**
   * Looks now and every minute, and logs when a watermark is reached or cleared and when
   * nothing can be watched. On its own clock, never on a request's: a log line written when an
   * upload crossed the watermark would date that reporter's upload.
   */
  async start(): Promise<void> {
    await this.watch();
    this.watchTimer ??= setInterval(() => void this.watch(), WATCH_INTERVAL_MS);
    this.watchTimer.unref();
  }

  stop(): void {
    clearInterval(this.watchTimer);
  }

  private current(): Promise<StorageUsage> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.cacheMs) return this.cached.usage;
    const usage = this.measure();
    this.cached = { at: now, usage };
    // A failed measurement is not reused: the next request measures again.
    usage.catch(() => {
      if (this.cached?.usage === usage) this.cached = undefined;
    });
    return usage;
  }

  private measure(): Promise<StorageUsage> {
    return this.usage.measure({ attachmentBytes: this.limits.maxAttachmentBytes > 0 });
  }

  private async watch(): Promise<void> {
    let usage: StorageUsage;
    try {
      usage = await this.measure();
    } catch {
      return; // the database is unreachable: its own errors say so
    }
    for (const kind of ['part', 'message'] as const) {
      const reached = storageRefusal(usage, this.limits, kind, 0);
      if (reached === this.reached[kind]) continue;
      this.reached[kind] = reached;
      // code: parts_disk, messages_budget, …; cleared: which kind takes writes again.
      if (reached)
        this.logger.warn({ event: 'storage.watermark_reached', code: `${kind}s_${reached}` });
      else this.logger.info({ event: 'storage.watermark_cleared', code: `${kind}s` });
    }
    const watchesDisk = this.limits.minFreePercent > 0 && usage.fsTotalBytes !== undefined;
    const hasBudget = this.limits.maxDatabaseBytes > 0 || this.limits.maxAttachmentBytes > 0;
    if (!watchesDisk && !hasBudget && !this.unwatchedReported) {
      this.unwatchedReported = true;
      this.logger.warn({ event: 'storage.watermark_unavailable' });
    }
  }
}
