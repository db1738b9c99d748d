/**
 * The hash-chained audit log: who did what to keys, directories and cases, and when.
 * verifyChain recomputes every hash and reports the first broken link. The chain detects any
 * change or removal inside it; cutting off its newest entries is detected only against a hash
 * kept elsewhere (print the head hash into the admin's offline records).
 *
 * Appending never gives up quietly. Each append reads the head and inserts the next sequence
 * number; the unique _id lets one of two concurrent writers win and the other read the new head
 * and try again, backing off a little, as often as MAX_APPEND_ATTEMPTS. Losing a race means
 * another entry was written, so the log as a whole always moves; a writer that still loses after
 * that many tries fails with 503 `audit_busy`, and the database's own failures fail as they are.
 * Either way `record` throws, so a caller that records before it acts (casework: replies, notes,
 * shares) never acts unaudited.
 *
 * An action a client may send again (the same reply after a lost answer) names itself with
 * `key`: its SHA-256 is stored with the entry under a unique index, so recording the same key
 * again, from any instance, returns the entry already written instead of adding one. The key is
 * part of the entry's hash, so it cannot be moved to another entry unnoticed.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceUnavailableError } from '../../platform/errors';
import type { AuditEntry, AuditLogRepository } from './audit-log.repository';

export const GENESIS_HASH = '0'.repeat(64);

/** Races for the head one append may lose before it gives up with 503 audit_busy. */
const MAX_APPEND_ATTEMPTS = 100;
/** Longest pause between two tries; the pause is random so losers do not collide in step. */
const MAX_BACKOFF_MS = 50;

export type ChainVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly brokenAt: number; readonly reason: string };

export interface RecordOptions {
  /**
   * The identity of an action a client may retry, e.g. `case.reply_sent`, the case id and the
   * client's message id: however often it is recorded, one entry. Only its hash is stored.
   */
  readonly key?: string;
  readonly now?: Date;
}

export class AuditLogService {
  constructor(private readonly repository: AuditLogRepository) {}

  /** Appends one entry (or, for a `key` recorded before, returns that entry); see above. */
  async record(
    actor: string,
    event: string,
    details: Record<string, string> = {},
    options: RecordOptions = {},
  ): Promise<AuditEntry> {
    const key = options.key === undefined ? null : hashActionKey(options.key);
    // Millisecond precision only: what the database keeps, so the hash recomputes exactly.
    const at = new Date(Math.floor((options.now ?? new Date()).getTime()));
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt++) {
      const last = await this.repository.findLast();
      const seq = (last?.seq ?? 0) + 1;
      const previousHash = last?.hash ?? GENESIS_HASH;
      const entry = { seq, at, actor, event, details, previousHash, ...(key ? { key } : {}) };
      const complete: AuditEntry = { ...entry, hash: hashEntry(entry) };
      if ((await this.repository.insert(complete)) === 'inserted') return complete;
      // Taken: by the same action, recorded already (a retry), or by another entry (a race).
      if (key !== null) {
        const earlier = await this.repository.findByKey(key);
        if (earlier) return earlier;
      }
      if (attempt > 2) await sleep(Math.random() * Math.min(MAX_BACKOFF_MS, 2 * attempt));
    }
    throw new ServiceUnavailableError(
      'audit_busy',
      'The audit log is busy, so the request was not completed. Send the same request again.',
      1,
    );
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

/**
 * SHA-256 over a canonical encoding (fixed field order, sorted detail keys); the action key, when
 * there is one, comes last (entries without one hash as they always did).
 */
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
    ...(entry.key ? [entry.key] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Domain-separated, so no id the key is made of (a case id, a message id) is ever stored. */
function hashActionKey(key: string): string {
  return createHash('sha256').update(`amanat/audit-action/v1\0${key}`).digest('hex');
}

/**
 * How the audit log names a case: a domain-separated SHA-256 of the case id, never the id itself.
 * The log is append-only, so it cannot forget; after retention deletes a case its id appears in
 * no collection, while whoever still holds the id can find its history.
 */
export function caseRefOf(caseId: string): string {
  return createHash('sha256').update(`amanat/case-ref/v1\0${caseId}`).digest('hex').slice(0, 32);
}
