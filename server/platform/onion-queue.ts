/**
 * Budgets for requests that arrive through the onion service (onion-listener.ts). Behind Tor
 * every request comes from the tor daemon and a new circuit costs nothing, so no per-client
 * bucket exists that a flooder could not empty for everyone. Instead each route class has one
 * budget per instance, and requests beyond it wait in line (fifo-budget.ts): a flood slows onion
 * users down, and only a full queue refuses (503 `onion_busy` with Retry-After; the reporter page
 * retries by itself).
 *
 * Per instance, not shared through the database: the budgets bound the cost an instance spends
 * on onion requests (parsing, argon2, writes), not anyone's guesses (receipt verifiers are 256
 * bits; sign-in attempts are counted by the login throttle). The deployment's total onion budget
 * is the number of instances times these numbers; tor spreads connections over the instances.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { ServiceUnavailableError } from './errors';
import { FifoBudget } from './fifo-budget';

export type OnionRouteClass = keyof Config['onion']['perMinute'];

/** Ten seconds' worth of requests may pass at once after a quiet spell. */
const BURST_SECONDS = 10;

export class OnionQueues {
  private readonly budgets: Record<OnionRouteClass, FifoBudget>;

  constructor(settings: Config['onion']) {
    const budgetOf = (perMinute: number) =>
      new FifoBudget({
        perMinute,
        burst: Math.ceil((perMinute * BURST_SECONDS) / 60),
        // The last place waits at most queueSeconds for its turn.
        maxQueue: Math.max(1, Math.floor((perMinute * settings.queueSeconds) / 60)),
      });
    this.budgets = {
      intake: budgetOf(settings.perMinute.intake),
      receipts: budgetOf(settings.perMinute.receipts),
      followUps: budgetOf(settings.perMinute.followUps),
      attachments: budgetOf(settings.perMinute.attachments),
      signIn: budgetOf(settings.perMinute.signIn),
    };
  }

  /** Middleware: the request waits for its turn in this class's queue (before its body is read). */
  waitForTurn(routeClass: OnionRouteClass): RequestHandler {
    const budget = this.budgets[routeClass];
    return (_req, res, next) => {
      const place = budget.enter();
      if (place === null) throw onionBusy(budget.secondsToDrain());
      // A client that closes its connection while waiting gives its place to the next in line.
      const leave = () => place.leave();
      res.once('close', leave);
      void place.turn.then((admitted) => {
        res.off('close', leave);
        next(admitted ? undefined : onionBusy(1));
      });
    };
  }

  /** Requests still waiting are answered 503 `onion_busy` at once (shutdown). */
  release(): void {
    for (const budget of Object.values(this.budgets)) budget.release();
  }
}

function onionBusy(retryAfterSeconds: number): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'onion_busy',
    'Many requests are arriving through the onion service right now. Please wait a little and try again.',
    retryAfterSeconds,
  );
}
