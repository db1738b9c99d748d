/**
 * How many no-JavaScript reports this instance encrypts at once. Each one costs the server a
 * key pair and an encryption on its one event loop; the per-address rate limit does not bound
 * that across addresses (an IPv6 /48 is 256 buckets), so without a process-wide cap a flood of
 * form posts could stall every request, staff included. At most `concurrent` run at once and
 * a few more wait in line (first come, first served); past that, 503 `no_js_busy` with
 * Retry-After, before anything is generated or stored. Per instance, in memory: the cost it
 * bounds is this process's.
 */
import { ServiceUnavailableError } from '../../platform/errors';

/** Posts that may wait for a slot, per slot: a short line, not a backlog. */
const QUEUE_PER_SLOT = 4;
/** Seconds a refused reporter is asked to wait before sending the form again. */
const RETRY_AFTER_SECONDS = 10;

export class EncryptionSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrent: number) {}

  /**
   * Waits for a slot, or throws 503 `no_js_busy` when the line is full. Resolves to the function
   * that gives the slot back (once, however often it is called).
   */
  async enter(): Promise<() => void> {
    if (this.running >= this.concurrent) {
      if (this.waiting.length >= this.concurrent * QUEUE_PER_SLOT) throw busy();
      // The slot is handed over by leave(), so `running` already counts this one.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}

function busy(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'no_js_busy',
    'Many reports are being sent without JavaScript right now. Please wait a little and send the form again.',
    RETRY_AFTER_SECONDS,
  );
}
