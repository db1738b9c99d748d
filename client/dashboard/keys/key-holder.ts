/**
 * Holds the caseworker's unlocked key for this page only: in memory for the
 * session, dropped on lock or logout. It also locks the key after the session's idle timeout
 * without user input. Nothing here is ever written to storage.
 */
import type { UnlockedCaseworkerKey } from '../../crypto';

/** `reload`: the page was loaded inside a live session, so a key unlocked before is gone. */
export type LockReason = 'manual' | 'idle' | 'signed-out' | 'reload';
type Listener = (reason: LockReason | null) => void;

/** Input that counts as activity (not mere pointer movement: a nudged mouse is not a person). */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart', 'input'] as const;

export class KeyHolder {
  #handle: UnlockedCaseworkerKey | null = null;
  #viewSignal: AbortSignal | null = null;
  #lockedBecause: LockReason | null = null;
  #drop: ((handle: UnlockedCaseworkerKey) => void) | null = null;
  #idleMs: number;
  #lastActivity = Date.now();
  #timer: ReturnType<typeof setInterval> | null = null;
  readonly #listeners = new Set<Listener>();
  readonly #noteActivity = (): void => {
    this.#lastActivity = Date.now();
  };
  readonly #checkIdle = (): void => {
    if (this.#handle !== null && Date.now() - this.#lastActivity >= this.#idleMs) {
      this.lock('idle');
    }
  };

  constructor(
    idleTimeoutSeconds: number,
    private readonly events: Pick<Document, 'addEventListener' | 'removeEventListener'> = document,
  ) {
    this.#idleMs = idleTimeoutSeconds * 1000;
  }

  get unlocked(): UnlockedCaseworkerKey | null {
    return this.#handle;
  }

  /** Why the key is locked now: the latest lock or reload (null: unlocked, or neither yet). */
  get lockedBecause(): LockReason | null {
    return this.#handle === null ? this.#lockedBecause : null;
  }

  /**
   * This page was loaded inside a live session (a reload, or a new window): whatever key was
   * unlocked lived in the memory of the page before and is gone, so it counts as locked by it.
   */
  noteReload(): void {
    if (this.#handle === null) this.#lockedBecause = 'reload';
  }

  get idleTimeoutSeconds(): number {
    return Math.round(this.#idleMs / 1000);
  }

  setIdleTimeout(seconds: number): void {
    this.#idleMs = seconds * 1000;
  }

  /** Keeps an unlocked key; `drop` (lockCaseworkerKey) wipes it when the holder locks. */
  hold(handle: UnlockedCaseworkerKey, drop: (handle: UnlockedCaseworkerKey) => void): void {
    this.lock('manual', false);
    this.#handle = handle;
    this.#drop = drop;
    this.#lockedBecause = null;
    this.#lastActivity = Date.now();
    for (const type of ACTIVITY_EVENTS) {
      this.events.addEventListener(type, this.#noteActivity, { capture: true, passive: true });
    }
    this.events.addEventListener('visibilitychange', this.#checkIdle);
    // Checked often and against the clock: background tabs throttle timers, not the clock.
    this.#timer = setInterval(this.#checkIdle, Math.min(5000, Math.max(250, this.#idleMs / 4)));
    this.notify(null);
  }

  /** Drops the key (idempotent). */
  lock(reason: LockReason, notify = true): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    for (const type of ACTIVITY_EVENTS) {
      this.events.removeEventListener(type, this.#noteActivity, { capture: true });
    }
    this.events.removeEventListener('visibilitychange', this.#checkIdle);
    const handle = this.#handle;
    const drop = this.#drop;
    this.#handle = null;
    this.#drop = null;
    this.#lockedBecause = reason;
    if (handle === null) return;
    drop?.(handle);
    if (notify) this.notify(reason);
  }

  /**
   * Listeners added from now on belong to the view on screen: they are removed when `signal`
   * aborts (the shell aborts it when the view is replaced), so a view taken off screen never
   * reacts to the key again, whether or not it unsubscribed itself.
   */
  listenFor(signal: AbortSignal): void {
    this.#viewSignal = signal;
  }

  /** Called with null on unlock and with the reason on lock; returns an unsubscribe function. */
  onChange(listener: Listener): () => void {
    const signal = this.#viewSignal;
    if (signal?.aborted === true) return () => undefined;
    this.#listeners.add(listener);
    const unsubscribe = (): void => {
      this.#listeners.delete(listener);
      signal?.removeEventListener('abort', unsubscribe);
    };
    signal?.addEventListener('abort', unsubscribe, { once: true });
    return unsubscribe;
  }

  private notify(reason: LockReason | null): void {
    for (const listener of [...this.#listeners]) listener(reason);
  }
}
