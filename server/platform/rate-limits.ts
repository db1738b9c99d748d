/**
 * Rate limiting shared by all instances: counters live in MongoDB, keyed by a keyed hash of the
 * client address (HMAC with a secret from config), never the address itself. Requests that came
 * through the onion service have no address of their own and wait in onion queues instead
 * (limitByListener, onion-queue.ts).
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
import { isNotImplementedError } from './db';
import { TooManyRequestsError } from './errors';
import { arrivedOverOnion } from './onion-listener';

interface CounterDocument {
  _id: string;
  hits: number;
  expiresAt: Date;
}

/**
 * Fixed-window counters: one document per (limiter, keyed address hash, window), `$inc` upserts.
 * Expired windows go by TTL index where the server has one, else by a periodic sweep (FerretDB v1).
 */
export class MongoRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly collection: Collection<CounterDocument>;

  constructor(
    connection: Connection,
    readonly prefix: string,
  ) {
    this.collection = connection.collection<CounterDocument>('rate_limit_counters');
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const windowStart = Math.floor(Date.now() / this.windowMs) * this.windowMs;
    const resetTime = new Date(windowStart + this.windowMs);
    const id = `${this.prefix}:${key}:${windowStart}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const counter = await this.collection.findOneAndUpdate(
          { _id: id },
          { $inc: { hits: 1 }, $setOnInsert: { expiresAt: resetTime } },
          { upsert: true, returnDocument: 'after' },
        );
        return { totalHits: counter?.hits ?? 1, resetTime };
      } catch (error) {
        // Two concurrent upserts of a new window race on _id; the loser retries as an update.
        if ((error as { code?: unknown }).code === 11000 && attempt < 3) continue;
        throw error;
      }
    }
  }

  async decrement(key: string): Promise<void> {
    const windowStart = Math.floor(Date.now() / this.windowMs) * this.windowMs;
    await this.collection.updateOne(
      { _id: `${this.prefix}:${key}:${windowStart}` },
      { $inc: { hits: -1 } },
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.collection.deleteMany({
      _id: { $regex: `^${escapeRegex(`${this.prefix}:${key}:`)}` },
    });
  }

  /** Creates the TTL index, or starts a sweep where TTL indexes are not supported. */
  async prepare(): Promise<void> {
    try {
      await this.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    } catch (error) {
      if (!isNotImplementedError(error)) throw error;
      await this.collection.createIndex({ expiresAt: 1 });
      this.sweepTimer = setInterval(() => {
        this.collection.deleteMany({ expiresAt: { $lt: new Date() } }).catch(() => {});
      }, 60_000);
      this.sweepTimer.unref();
    }
  }

  close(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
