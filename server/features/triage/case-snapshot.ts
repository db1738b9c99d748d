/**
 * The inbox reads triage records from memory. FerretDB v1 pushes no filter, sort or limit down to
 * SQLite and uses no index, so every inbox query scanned all records twice (find and count):
 * 4-5 s at 10,000 cases (`npm run bench:inbox`). Triage records are small (~300 bytes), so each
 * instance keeps them all: loaded once, updated in place by this instance's writes, and reloaded
 * in the background when older than `maxAgeMs`, so changes made on another instance show up
 * within seconds. (A deployment with hundreds of thousands of cases on MongoDB would query the
 * compound index instead; see the README.)
 */
import type { CaseRecord, CasesRepository } from './cases.repository';

export class CaseSnapshot {
  private records: Map<string, CaseRecord> | null = null;
  private loadedAt = 0;
  private reloading: Promise<void> | null = null;

  constructor(
    private readonly repository: CasesRepository,
    private readonly maxAgeMs: number,
  ) {}

  /** Every triage record; a stale snapshot is served while a fresh one loads. */
  async all(): Promise<CaseRecord[]> {
    if (!this.records) {
      await this.reload();
    } else if (Date.now() - this.loadedAt > this.maxAgeMs) {
      // Errors surface on the next call that has to wait; a stale list beats no list.
      this.reload().catch(() => {});
    }
    return [...(this.records ?? new Map<string, CaseRecord>()).values()];
  }

  put(record: CaseRecord): void {
    this.records?.set(record.caseId, record);
  }

  remove(caseId: string): void {
    this.records?.delete(caseId);
  }

  private async reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        const started = Date.now();
        const records = await this.repository.listAll();
        this.records = new Map(records.map((record) => [record.caseId, record]));
        this.loadedAt = started;
      } finally {
        this.reloading = null;
      }
    })();
    await this.reloading;
  }
}
