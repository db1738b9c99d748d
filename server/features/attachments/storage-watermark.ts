/**
 * A deployment-wide watermark: attachment parts are refused (507 `storage_full`) before the
 * database's disk fills, so reports, replies and everything already stored keep working. Reports
 * and follow-up messages are small and are not refused: testimony still arrives when files
 * cannot.
 *
 * Two measures, either may refuse:
 * - free space on the database's filesystem, as the database reports it (MongoDB's dbStats
 *   fsUsedSize/fsTotalSize) against STORAGE_MIN_FREE_PERCENT. The application's own disk is not
 *   the database's, so only the database can say;
 * - the bytes of all stored parts ($collStats) against ATTACHMENTS_MAX_TOTAL_BYTES, a budget the
 *   operator sets; it works on every engine (FerretDB v1 reports no filesystem figures).
 *
 * The measurement is reused for a few seconds per instance (`cacheMs`), so a request costs no
 * database read most of the time. What may be accepted beyond the watermark meanwhile is bounded
 * by the parts accepted in that window; the free-space floor must be larger than that.
 */
import { InsufficientStorageError } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import type { StorageUsage, StorageUsageRepository } from './storage-usage.repository';

export interface StorageLimits {
  /** Parts are refused while less than this share of the database's filesystem is free (0: off). */
  readonly minFreePercent: number;
  /** Parts are refused once stored parts would exceed this many bytes (0: no budget). */
  readonly maxAttachmentBytes: number;
}

export type StorageRefusal = 'disk' | 'budget';

/** Why a part of `incomingBytes` cannot be stored now, or null when it can. */
export function storageRefusal(
  usage: StorageUsage,
  limits: StorageLimits,
  incomingBytes: number,
): StorageRefusal | null {
  if (
    limits.minFreePercent > 0 &&
    usage.fsUsedBytes !== undefined &&
    usage.fsTotalBytes !== undefined
  ) {
    const freeAfter = usage.fsTotalBytes - usage.fsUsedBytes - incomingBytes;
    if (freeAfter < (usage.fsTotalBytes * limits.minFreePercent) / 100) return 'disk';
  }
  if (
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

export class StorageWatermark {
  private cached: { readonly at: number; readonly usage: Promise<StorageUsage> } | undefined;
  private reached: StorageRefusal | null = null;
  private unwatchedReported = false;
  private watchTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly usage: StorageUsageRepository,
    private readonly limits: StorageLimits,
    private readonly cacheMs: number,
    private readonly logger: Logger,
  ) {}

  /** Throws 507 `storage_full` when a part of `incomingBytes` would cross the watermark. */
  async refuseIfFull(incomingBytes: number): Promise<void> {
    if (storageRefusal(await this.current(), this.limits, incomingBytes) === null) return;
    throw new InsufficientStorageError(
      'storage_full',
      'The server has no room for more files right now. What was already sent is kept; try again later.',
    );
  }

  /**
   * Looks now and every minute, and logs when the watermark is reached or cleared and when
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
    const reached = storageRefusal(usage, this.limits, 0);
    if (reached !== this.reached) {
      this.reached = reached;
      if (reached) this.logger.warn({ event: 'storage.watermark_reached', code: reached });
      else this.logger.info({ event: 'storage.watermark_cleared' });
    }
    const watchesDisk = this.limits.minFreePercent > 0 && usage.fsTotalBytes !== undefined;
    if (!watchesDisk && this.limits.maxAttachmentBytes === 0 && !this.unwatchedReported) {
      this.unwatchedReported = true;
      this.logger.warn({ event: 'storage.watermark_unavailable' });
    }
  }
}
