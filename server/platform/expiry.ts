/**
 * One expiry mechanism for every collection whose documents stop mattering at a known time
 * (`expiresAt`): a TTL index, so MongoDB deletes them itself, and where the engine has no TTL
 * indexes (FerretDB v1, engine.ts) one sweep per instance over the same list instead.
 *
 * Deletion is late either way (MongoDB's TTL monitor runs about once a minute, the sweep too), so
 * every read whose correctness depends on it ignores documents past `expiresAt` itself: sessions
 * check their own limits, trusted devices and login attempts are read with their expiry, rate
 * limit slots are named by their window, and a single-use mark outlives what it guards.
 */
import type { Connection } from 'mongoose';
import type { DatabaseEngine } from './engine';

/** Every expiring collection; each document carries `expiresAt` (a Date). */
export const EXPIRING_COLLECTIONS = [
  'rate_limit_counters', // rate-limits.ts: one slot per counted request, until its window ends
  'single_use_marks', // single-use.ts: as long as what each mark guards is valid
  'staff_sessions', // sessions: at the idle or absolute limit, whichever comes first
  'second_factor_failures', // sessions: one per wrong code, with the session
  'login_attempts', // sign-in throttle: a day after each attempt
  'trusted_devices', // sign-in: device cookies, 180 days
  'factor_changes', // sign-in: a claimed change of an account's factors, 10 minutes
  'alert_outbox', // alerts: a batch window's counts, two days after it closed if never sent
  'alert_deliveries', // alerts: one failing alert, 30 days after it was given up
] as const;

export type ExpiringCollection = (typeof EXPIRING_COLLECTIONS)[number];

export class Expiry {
  private sweeping = false;

  constructor(private readonly connection: Connection) {}

  /**
   * Declares the expiry of every listed collection: a TTL index where the engine has them, else
   * a plain index on `expiresAt` for the sweep (and for reads by expiry).
   */
  async declare(engine: DatabaseEngine): Promise<void> {
    this.sweeping = !engine.hasTtlIndexes;
    for (const name of EXPIRING_COLLECTIONS) {
      await this.connection
        .collection(name)
        .createIndex({ expiresAt: 1 }, engine.hasTtlIndexes ? { expireAfterSeconds: 0 } : {});
    }
  }

  /** Whether this instance must sweep (the engine deletes nothing by itself). Set by declare(). */
  get needsSweeping(): boolean {
    return this.sweeping;
  }

  /** Deletes every document past its `expiresAt` in every listed collection; returns how many. */
  async sweep(now = new Date()): Promise<number> {
    let deleted = 0;
    for (const name of EXPIRING_COLLECTIONS) {
      const result = await this.connection.collection(name).deleteMany({ expiresAt: { $lt: now } });
      deleted += result.deletedCount;
    }
    return deleted;
  }
}
