import type { Connection } from 'mongoose';

/** What the database says about its storage; a field is absent when the engine does not report it. */
export interface StorageUsage {
  /** Used and total bytes of the filesystem holding the database (MongoDB's dbStats; FerretDB v1 has neither). */
  readonly fsUsedBytes?: number;
  readonly fsTotalBytes?: number;
  /**
   * The database's own size as its engine counts it (dbStats totalSize: data, indexes and, on
   * FerretDB over PostgreSQL, the out-of-line storage where large values live).
   */
  readonly databaseBytes?: number;
  /** Bytes of stored attachment parts as the engine counts them ($collStats storageStats.size). */
  readonly attachmentBytes?: number;
}

const NAMESPACE_NOT_FOUND = 26;

/**
 * Metadata reads, no scan: `dbStats` (fsUsedSize/fsTotalSize, reported by MongoDB for the volume
 * of its dbPath, and the database's totalSize) and, when the attachment budget is set,
 * `$collStats` of attachment_parts. Both need only the `readWrite` role the application user has.
 */
export class StorageUsageRepository {
  constructor(private readonly connection: Connection) {}

  async measure(options: { readonly attachmentBytes: boolean }): Promise<StorageUsage> {
    const db = this.connection.db;
    if (!db) throw new Error('not connected');
    const stats = await db.command({ dbStats: 1, scale: 1 });
    const usage: { -readonly [K in keyof StorageUsage]: StorageUsage[K] } = {};
    if (isSize(stats['fsUsedSize']) && isSize(stats['fsTotalSize']) && stats['fsTotalSize'] > 0) {
      usage.fsUsedBytes = stats['fsUsedSize'];
      usage.fsTotalBytes = stats['fsTotalSize'];
    }
    if (isSize(stats['totalSize'])) usage.databaseBytes = stats['totalSize'];
    if (options.attachmentBytes) usage.attachmentBytes = await this.attachmentBytes();
    return usage;
  }

  /**
   * As $collStats counts it. FerretDB over PostgreSQL leaves out the out-of-line storage where a
   * part's bytes live, so there only the database budget sees them.
   */
  private async attachmentBytes(): Promise<number> {
    try {
      const [stats] = await this.connection
        .collection('attachment_parts')
        .aggregate<{ storageStats?: { size?: unknown } }>([{ $collStats: { storageStats: {} } }])
        .toArray();
      const size = stats?.storageStats?.size;
      return isSize(size) ? size : 0;
    } catch (error) {
      if ((error as { code?: unknown }).code === NAMESPACE_NOT_FOUND) return 0;
      throw error;
    }
  }
}

function isSize(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
