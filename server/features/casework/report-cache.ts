/**
 * Report ciphertext for the inbox, kept per instance for a short while. On FerretDB v1 every read
 * scans the reports collection (even by `_id`, ~20-45 ms each at 10,000 reports), so the 50
 * reports of an inbox page cost 2-3 s; a page seen in the last `maxAgeMs` is served from memory.
 * A stale entry is served once more while it is refreshed in the background. Ciphertext only,
 * and only for signed-in staff. This instance drops an entry when it rewrites the message
 * (sharing); rewrites elsewhere (offboarding from the CLI, sharing on another instance) show
 * within about `maxAgeMs` plus one refresh. The case view always reads the database.
 */
export class ReportCache {
  private readonly entries = new Map<string, { bytes: Uint8Array; at: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries: number,
  ) {}

  /** The cached bytes and whether they are older than `maxAgeMs` (serve, then refresh). */
  get(caseId: string): { bytes: Uint8Array; stale: boolean } | null {
    const entry = this.entries.get(caseId);
    if (!entry) return null;
    return { bytes: entry.bytes, stale: Date.now() - entry.at > this.maxAgeMs };
  }

  set(caseId: string, bytes: Uint8Array): void {
    if (this.entries.size >= this.maxEntries) {
      // The oldest entry goes first (a Map keeps insertion order).
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(caseId);
    this.entries.set(caseId, { bytes, at: Date.now() });
  }

  forget(caseId: string): void {
    this.entries.delete(caseId);
  }
}
