/**
 * Rate limiting shared by all instances: counted requests live in MongoDB, keyed by a keyed hash
 * of the client address (HMAC with a secret from config), never the address itself. Requests
 * that came through the onion service have no address of their own and wait in onion queues
 * instead (limitByListener, onion-queue.ts).
 */
import { createHmac } from 'node:crypto';
import {
  rateLimit,
  ipKeyGenerator,
  type Store,
  type IncrementResponse,
  type Options,
} from 'express-rate-limit';
import type { RequestHandler } from 'express';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { DURABLE_WRITE } from './db';
import { isDuplicateKeyError } from './db-errors';
import { TooManyRequestsError } from './errors';
import { arrivedOverOnion } from './onion-listener';

/**
 * One counted request: slot `slot` of a bucket (limiter, keyed address hash, window). Its id is
 * its bucket and slot number, so a slot can be held once; it expires when its window ends
 * (expiry.ts).
 */
interface SlotDocument {
  _id: string; // `${bucket}:${slot}`
  bucket: string; // `${prefix}:${keyed address hash}:${window start, ms}`
  slot: number; // 1..limit
  expiresAt: Date;
}

/** Rounds of "try the next slot" before a request is refused as if the window were full. */
const MAX_ROUNDS = 64;
/** Hints kept per instance before they are all dropped (each costs one read to rebuild). */
const MAX_HINTS = 10_000;

/**
 * Fixed-window limits as numbered slots: a request is let through only if it inserts one of the
 * window's `limit` slots (`<bucket>:1` … `<bucket>:<limit>`), and refused when none is free. A
 * duplicate-key error means another request holds that slot, on MongoDB and on FerretDB alike;
 * so however many requests arrive at once, at most `limit` pass per window. (A counter document
 * with `$inc` is not enough: FerretDB v1 applies `$inc` as read-then-write, and 100 concurrent
 * requests at a limit of 10 were seen to pass 87 times.)
 *
 * Each instance remembers, per bucket, the slot to try next, so a request usually costs one
 * insert; an instance that has no hint, or whose hint ran past the limit, reads the bucket's
 * slots (at most `limit` small documents) and starts at the lowest free one. The hint is only a
 * guess: the insert decides.
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private limit = 0;
  private readonly collection: Collection<SlotDocument>;
  /** Per bucket of the current window: the slot this instance tries next. */
  private readonly nextSlot = new Map<string, number>();
  private hintsWindow = 0;

  constructor(
    connection: Connection,
    readonly prefix: string,
  ) {
    this.collection = connection.collection<SlotDocument>('rate_limit_counters');
  }

  init(options: Options): void {
    if (typeof options.limit !== 'number') {
      throw new Error('MongoRateLimitStore needs a fixed numeric limit');
    }
    this.windowMs = options.windowMs;
    this.limit = options.limit;
  }

  /**
   * Claims a slot of the key's current window. `totalHits` is the slot's number (how many
   * requests the window has counted, give or take slots given back meanwhile), or limit + 1 when
   * every slot is held: express-rate-limit refuses exactly then.
   */
  async increment(key: string): Promise<IncrementResponse> {
    const { bucket, resetTime } = this.bucketOf(key);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const slot = await this.candidateSlot(bucket);
      if (slot === null) break;
      if (await this.insertSlot(bucket, slot, resetTime)) return { totalHits: slot, resetTime };
    }
    return { totalHits: this.limit + 1, resetTime };
  }

  /**
   * Gives back one slot of the key's window (a request that should not count after all). The
   * highest is taken; two decrements racing for it give back one: a request may stay counted,
   * never the other way round.
   */
  async decrement(key: string): Promise<void> {
    const { bucket } = this.bucketOf(key);
    const [highest] = await this.collection
      .find({ bucket }, { projection: { _id: 1 } })
      .sort({ slot: -1 })
      .limit(1)
      .toArray();
    if (highest) await this.collection.deleteOne({ _id: highest._id });
  }

  async resetKey(key: string): Promise<void> {
    const { bucket } = this.bucketOf(key);
    this.nextSlot.delete(bucket);
    await this.collection.deleteMany({ bucket }, { writeConcern: DURABLE_WRITE });
  }

  /** The index every read of a bucket uses; expiry is declared with the others (expiry.ts). */
  async prepare(): Promise<void> {
    await this.collection.createIndex({ bucket: 1, slot: 1 });
  }

  private bucketOf(key: string): { bucket: string; resetTime: Date } {
    const windowStart = Math.floor(Date.now() / this.windowMs) * this.windowMs;
    if (windowStart !== this.hintsWindow || this.nextSlot.size > MAX_HINTS) {
      // Hints of past windows are of no use; dropping them all keeps the map small.
      this.nextSlot.clear();
      this.hintsWindow = windowStart;
    }
    return {
      bucket: `${this.prefix}:${key}:${windowStart}`,
      resetTime: new Date(windowStart + this.windowMs),
    };
  }

  /**
   * The slot to try next, or null when every slot is held. Taken from the hint synchronously, so
   * concurrent requests on this instance try different slots.
   */
  private async candidateSlot(bucket: string): Promise<number | null> {
    const hinted = this.nextSlot.get(bucket);
    if (hinted === undefined || hinted > this.limit) {
      this.nextSlot.delete(bucket);
      const lowestFree = await this.lowestFreeSlot(bucket);
      if (lowestFree === null) return null;
      // A concurrent request may have set a hint while this one read: follow it instead.
      if (!this.nextSlot.has(bucket)) this.nextSlot.set(bucket, lowestFree);
    }
    const slot = this.nextSlot.get(bucket)!;
    if (slot > this.limit) return null;
    this.nextSlot.set(bucket, slot + 1);
    return slot;
  }

  private async lowestFreeSlot(bucket: string): Promise<number | null> {
    const held = await this.collection
      .find({ bucket }, { projection: { _id: 0, slot: 1 } })
      .toArray();
    const taken = new Set(held.map((document) => document.slot));
    for (let slot = 1; slot <= this.limit; slot++) if (!taken.has(slot)) return slot;
    return null;
  }

  /** True when this request now holds the slot; false when another request does. */
  private async insertSlot(bucket: string, slot: number, expiresAt: Date): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: `${bucket}:${slot}`, bucket, slot, expiresAt });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}

/** HMAC of the address (IPv6 reduced to its /56, as one household or host usually holds one). */
export function hashClientAddress(addressHashKey: Buffer, address: string | undefined): string {
  const normalised = ipKeyGenerator(address ?? 'unknown', 56);
  return createHmac('sha256', addressHashKey).update(normalised).digest('base64url').slice(0, 32);
}

export interface RateLimitOptions {
  readonly store: MongoRateLimitStore;
  readonly addressHashKey: Buffer;
  readonly limit: number;
  readonly windowSeconds: number;
  /** Count only requests that fail (status >= 400), e.g. wrong receipts. */
  readonly countFailuresOnly?: boolean;
}

export function limitRequestsPerAddress(options: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: options.windowSeconds * 1000,
    limit: options.limit,
    store: options.store,
    skipSuccessfulRequests: options.countFailuresOnly ?? false,
    // draft-7, not draft-8: draft-8 echoes a partition key derived from the hashed address.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => hashClientAddress(options.addressHashKey, req.ip),
    // The counter store is the only place the (hashed) address goes; fail closed if it is down.
    passOnStoreError: false,
    // The IPv6 check inspects our keyGenerator's source; hashClientAddress does call ipKeyGenerator.
    validate: { keyGeneratorIpFallback: false },
    // Through the one error handler; express-rate-limit has set Retry-After to the window's end.
    handler: (_req, res, next) => {
      next(
        new TooManyRequestsError(
          'rate_limited',
          'Too many requests. Please wait a while and try again.',
          Number(res.getHeader('Retry-After')) || 1,
        ),
      );
    },
  });
}

export interface ListenerLimits {
  /** Per-address limits for requests from the clearnet; absent: none. */
  readonly clearnet?: RequestHandler;
  /** The onion queue of this route class (OnionQueues.waitForTurn). */
  readonly onion: RequestHandler;
}

/**
 * Picks the limit by the listener a request arrived on, never by anything it carries: onion
 * requests all come from the tor daemon, so a per-address bucket would be one bucket for every
 * onion user, which a few dozen junk requests empty.
 */
export function limitByListener(limits: ListenerLimits): RequestHandler {
  const clearnet = limits.clearnet ?? ((_req, _res, next) => next());
  return (req, res, next) => (arrivedOverOnion(req) ? limits.onion : clearnet)(req, res, next);
}
