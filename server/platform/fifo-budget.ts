/**
 * A rate budget that makes requests wait their turn instead of refusing them. Tokens refill at
 * `perMinute` up to `burst`; a request that finds no token (or others already waiting) takes the
 * last place in a first-in-first-out queue and goes on when a token is there for it. Only a full
 * queue refuses. So a flood slows everyone behind it down by its share of the budget, but cannot
 * lock anyone out while the queue has room, and whoever came first goes first: the flooder's
 * later requests never overtake an honest one.
 *
 * In memory, per process: a waiting request lives in this process's memory anyway, and a shared
 * counter would cost a database round trip per request, which is what a flood must not buy.
 */

export interface FifoBudgetOptions {
  readonly perMinute: number;
  /** Tokens available at once after a quiet spell (at least 1). */
  readonly burst: number;
  /** Places in the queue; the last place waits at most maxQueue / rate. */
  readonly maxQueue: number;
  /** Monotonic milliseconds; tests move it. */
  readonly now?: () => number;
}

/** A request's place in line. */
export interface Place {
  /** True when it may go on; false when the queue was released (shutdown) before its turn. */
  readonly turn: Promise<boolean>;
  /** The client gave up (connection closed): the place goes to the next in line. */
  leave(): void;
}

interface Waiter {
  readonly settle: (admitted: boolean) => void;
}

export class FifoBudget {
  private readonly perMs: number;
  private readonly burst: number;
  private readonly maxQueue: number;
  private readonly now: () => number;
  private tokens: number;
  private refilledAt: number;
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Released (shutdown): no request gets a turn here any more. */
  private closed = false;

  constructor(options: FifoBudgetOptions) {
    this.perMs = options.perMinute / 60_000;
    this.burst = Math.max(1, options.burst);
    this.maxQueue = options.maxQueue;
    this.now = options.now ?? (() => performance.now());
    this.tokens = this.burst;
    this.refilledAt = this.now();
  }

  /** A place in line, or null when the queue is full; refused at once once released. */
  enter(): Place | null {
    // A request arriving during shutdown would otherwise be let through or wait for a turn
    // that never comes: it is answered now, like those released from the line.
    if (this.closed) return { turn: Promise.resolve(false), leave: () => {} };
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return { turn: Promise.resolve(true), leave: () => {} };
    }
    if (this.waiting.length >= this.maxQueue) return null;
    let settle: (admitted: boolean) => void = () => {};
    const turn = new Promise<boolean>((resolve) => (settle = resolve));
    const waiter: Waiter = { settle };
    this.waiting.push(waiter);
    this.schedule();
    return { turn, leave: () => this.remove(waiter) };
  }

  /** How long the requests now waiting take to be let through (whole seconds, at least 1). */
  secondsToDrain(): number {
    return Math.max(1, Math.ceil(this.waiting.length / this.perMs / 1000));
  }

  /** Every waiting request, and every later one, is told it will not get its turn here (shutdown). */
  release(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const waiter of this.waiting.splice(0)) waiter.settle(false);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) * this.perMs);
    this.refilledAt = now;
  }

  private schedule(): void {
    if (this.timer || this.waiting.length === 0) return;
    const waitMs = Math.max(1, Math.ceil((1 - this.tokens) / this.perMs));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.letThrough();
    }, waitMs);
  }

  private letThrough(): void {
    this.refill();
    while (this.waiting.length > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      this.waiting.shift()!.settle(true);
    }
    this.schedule();
  }

  private remove(waiter: Waiter): void {
    const index = this.waiting.indexOf(waiter);
    if (index === -1) return;
    this.waiting.splice(index, 1);
    if (this.waiting.length === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
