/**
 * Brute-force throttling for staff sign-in. Every attempt (password or second factor) is
 * counted, before it is checked, against these keys:
 *   - the client address (keyed hash, IPv6 /56): 10 free attempts, then 1 s doubling to 15 min;
 *   - the account, by the username typed (so unknown names behave like known ones): 10 free, then
 *     1 s doubling to 15 min;
 *   - or, instead of the account key, the device: a browser that has completed a sign-in for this
 *     account carries a device cookie, and its attempts are counted apart from the account's.
 * An attacker hammering an account from many addresses therefore slows down everyone without a
 * device cookie, but never the account's owner on their usual browser: no indefinite lockout.
 * Refused attempts change nothing, so hammering does not extend a delay. A successful sign-in
 * clears the counts (see forgive).
 *
 * Attempts through the onion service are counted apart from the clearnet ones (keys of their
 * own), so a flood of onion attempts never throttles a clearnet sign-in of the same account, nor
 * the other way round. They have no address key: every onion attempt comes from the tor daemon,
 * so one would be a single bucket that any flooder keeps full for every onion user. Their cost
 * is bounded by the onion sign-in queue instead (onion-queue.ts); guesses stay bounded per
 * account (and each path allows its own 10 free attempts).
 */
import { createHmac } from 'node:crypto';
import { TooManyRequestsError } from '../../platform/errors';
import type { FactorsRepository } from './factors.repository';

/** How an attempt reached us: the listener it arrived on, never a header (onion-listener.ts). */
export type SignInPath =
  { readonly listener: 'clearnet'; readonly addressHash: string } | { readonly listener: 'onion' };

interface ThrottlePolicy {
  readonly freeAttempts: number;
  readonly maxDelaySeconds: number;
}

const ADDRESS_POLICY: ThrottlePolicy = { freeAttempts: 10, maxDelaySeconds: 15 * 60 };
const ACCOUNT_POLICY: ThrottlePolicy = { freeAttempts: 10, maxDelaySeconds: 15 * 60 };
/** Bookkeeping is forgotten a day after the last attempt. */
const KEEP_MS = 24 * 3_600_000;

export interface ThrottleKeys {
  /** Null through the onion service (no address of its own). */
  readonly address: string | null;
  /** The account key (by username), or the device key when the device is trusted for it. */
  readonly principal: string;
}

export function delaySeconds(policy: ThrottlePolicy, attempts: number): number {
  if (attempts < policy.freeAttempts) return 0;
  return Math.min(2 ** (attempts - policy.freeAttempts), policy.maxDelaySeconds);
}

export class LoginThrottle {
  constructor(
    private readonly repository: FactorsRepository,
    private readonly hashKey: Buffer,
    private readonly clock: () => Date,
  ) {}

  keysFor(path: SignInPath, username: string, trustedDeviceHash: string | null): ThrottleKeys {
    const principal = trustedDeviceHash
      ? `device:${trustedDeviceHash}`
      : `account:${createHmac('sha256', this.hashKey).update(`login\0${username}`).digest('base64url')}`;
    if (path.listener === 'onion') return { address: null, principal: `onion:${principal}` };
    return { address: `address:${path.addressHash}`, principal };
  }

  /**
   * Counts this attempt, or throws 429 with the wait if it comes too early. A key's counting
   * cycle is its attempts since the last one that is a day old (or since it was forgiven): each
   * attempt names the first of its cycle, so the latest attempt alone gives the count. Expired
   * attempts not yet deleted (expiry.ts) still name the next number, but start a new cycle.
   */
  async admit(keys: ThrottleKeys): Promise<void> {
    const now = this.clock();
    const checks = [
      ...(keys.address === null ? [] : [{ key: keys.address, policy: ADDRESS_POLICY }]),
      { key: keys.principal, policy: ACCOUNT_POLICY },
    ];
    const latest = await Promise.all(
      checks.map(({ key }) => this.repository.findLatestAttempt(key)),
    );
    const cycles = latest.map((attempt) => (attempt && attempt.expiresAt > now ? attempt : null));
    let wait = 0;
    for (const [i, { policy }] of checks.entries()) {
      const cycle = cycles[i];
      if (!cycle) continue;
      const attempts = cycle.seq - cycle.cycleStart + 1;
      const allowedAt = cycle.at.getTime() + delaySeconds(policy, attempts) * 1000;
      wait = Math.max(wait, (allowedAt - now.getTime()) / 1000);
    }
    if (wait > 0) throw throttled(wait);
    const expiresAt = new Date(now.getTime() + KEEP_MS);
    for (const [i, { key }] of checks.entries()) {
      const seq = (latest[i]?.seq ?? 0) + 1;
      const counted = await this.repository.insertAttempt({
        _id: `${key}:${seq}`,
        key,
        seq,
        cycleStart: cycles[i]?.cycleStart ?? seq,
        at: now,
        expiresAt,
      });
      // Another attempt on the same key took this number between our read and write.
      if (!counted) throw throttled(1);
    }
  }

  /**
   * After a complete sign-in (password and second factor) both counts start again: colleagues
   * behind one office address must not slow each other down. Someone who can complete a
   * sign-in could reset their address's count, but never another account's.
   */
  async forgive(keys: ThrottleKeys): Promise<void> {
    await this.repository.clearAttempts(keys.principal);
    if (keys.address !== null) await this.repository.clearAttempts(keys.address);
  }
}

function throttled(seconds: number): TooManyRequestsError {
  return new TooManyRequestsError(
    'login_throttled',
    'Too many sign-in attempts. Wait a little and try again.',
    seconds,
  );
}
