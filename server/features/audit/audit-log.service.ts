/**
 * The hash-chained audit log (issue 4): who did what to keys, directories and cases, and when.
 * verifyChain recomputes every hash and reports the first broken link. The chain detects any
 * change or removal inside it; cutting off its newest entries is detected only against a hash
 * kept elsewhere (print the head hash into the admin's offline records).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditLogRepository } from './audit-log.repository';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: string };

export class AuditLogService {
  constructor(private readonly repository: AuditLogRepository) {}

  async record(
    actor: string,
    event: string,
    details: Record<string, string> = {},
    now = new Date(),
  ): Promise<AuditEntry> {
    for (let attempt = 0; ; attempt++) {
      const last = await this.repository.findLast();
      const seq = (last?.seq ?? 0) + 1;
      const previousHash = last?.hash ?? GENESIS_HASH;
      // Millisecond precision only: what the database keeps, so the hash recomputes exactly.
      const at = new Date(Math.floor(now.getTime()));
      const entry = { seq, at, actor, event, details, previousHash };
      const complete: AuditEntry = { ...entry, hash: hashEntry(entry) };
      if ((await this.repository.insert(complete)) === 'inserted') return complete;
      if (attempt >= 10) throw new Error('audit log: could not append after 10 attempts');
    }
  }

  /** A case's history: the audit entries that name its case reference. */
  async historyOfCase(caseId: string): Promise<AuditEntry[]> {
    return await this.repository.listForCase(caseRefOf(caseId));
  }

  async verifyChain(): Promise<ChainVerdict> {
    let expectedSeq = 1;
    let previousHash = GENESIS_HASH;
    for await (const entry of this.repository.listInOrder()) {
      if (entry.seq !== expectedSeq) {
        return { ok: false, brokenAt: expectedSeq, reason: `entry ${expectedSeq} is missing` };
      }
      if (entry.previousHash !== previousHash) {
        return {
          ok: false,
          brokenAt: entry.seq,
          reason: 'it does not point to the previous entry',
        };
      }
      if (hashEntry(entry) !== entry.hash) {
        return { ok: false, brokenAt: entry.seq, reason: 'its content does not match its hash' };
      }
      previousHash = entry.hash;
      expectedSeq++;
    }
    return { ok: true, count: expectedSeq - 1, headHash: previousHash };
  }
}

/** SHA-256 over a canonical encoding (fixed field order, sorted detail keys). */
export function hashEntry(entry: Omit<AuditEntry, 'hash'>): string {
  const details = Object.fromEntries(
    Object.entries(entry.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const canonical = JSON.stringify([
    entry.seq,
    entry.at.toISOString(),
    entry.actor,
    entry.event,
    details,
    entry.previousHash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * How the audit log names a case: a domain-separated SHA-256 of the case id, never the id itself.
 * The log is append-only, so it cannot forget; after retention deletes a case its id appears in
 * no collection, while whoever still holds the id can find its history.
 */
export function caseRefOf(caseId: string): string {
  return createHash('sha256').update(`amanat/case-ref/v1\0${caseId}`).digest('hex').slice(0, 32);
}
