/**
 * Fans each closed batch window of the outbox out into deliveries: for every active staff member,
 * the sum of the window's counted events of the kinds they turned on (and their role allows), one
 * delivery per channel they set. A window is fanned out only FAN_OUT_GRACE_MS after its stored
 * end, so no count of it is still on its way. Deliveries are named by window, account and
 * channel, so a window fanned out twice (the notifier died before deleting its events) makes
 * nothing twice; the events summed are deleted right after their deliveries exist, those and no
 * other.
 */
import type { AlertCount, AlertKind } from '../../contract/api/alerts';
import type { AccountsService, Account } from '../features/accounts';
import {
  allowedKindsOf,
  FAN_OUT_GRACE_MS,
  sumCounts,
  type AlertChannel,
  type AlertDelivery,
  type CountedEvent,
  type AlertDeliveriesRepository,
  type AlertOutboxRepository,
  type AlertSettingsRepository,
  type StoredAlertSettings,
} from '../features/alerts';
import type { AlertCounts } from './alert-text';

/** Which counts each kind of alert covers. */
const COUNTS_OF_KIND: Record<AlertKind, readonly AlertCount[]> = {
  reports: ['reports'],
  followUps: ['followUps'],
  deadlines: ['deadlines'],
  operations: ['directoryExpiring', 'backupOverdue', 'storageWatermark', 'auditChainBroken'],
};

/** Given-up deliveries stay listed for the admin this long. */
const GIVEN_UP_KEPT_MS = 30 * 86_400_000;

/**
 * How long the admins' list says that someone's e-mail alerts go unsent for want of a mail
 * server, from the fan-out that first listed it (a later one does not extend it: the entry is
 * inserted once); the first fan-out that needs it after it expired lists it again.
 */
const UNSENDABLE_KEPT_MS = 86_400_000;

/**
 * A delivery made at `now` and due at once, never tried: named `id`, of `counts` to one account
 * on one channel, kept until `expiresAt`.
 */
export function pendingDelivery(
  id: string,
  to: Pick<AlertDelivery, 'accountId' | 'channel' | 'counts'>,
  now: Date,
  expiresAt: Date,
): AlertDelivery {
  return {
    _id: id,
    ...to,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    failing: false,
    lastError: null,
    expiresAt,
  };
}

export interface AlertBatchesDeps {
  readonly outbox: AlertOutboxRepository;
  readonly settings: AlertSettingsRepository;
  readonly deliveries: AlertDeliveriesRepository;
  readonly accounts: Pick<AccountsService, 'findById'>;
  readonly batchMinutes: number;
  readonly giveUpHours: number;
  /** Whether a mail server is configured (NOTIFIER_SMTP_HOST): without one no e-mail is made. */
  readonly emailConfigured: boolean;
}

export class AlertBatches {
  constructor(private readonly deps: AlertBatchesDeps) {}

  /** Fans out every window closed by `now`; returns how many deliveries it made. */
  async fanOut(now: Date): Promise<number> {
    const { outbox, settings, deliveries } = this.deps;
    if (this.deps.batchMinutes === 0) return 0; // alerts off: nothing was counted
    const events = await outbox.listEndedBy(now.getTime() - FAN_OUT_GRACE_MS);
    if (events.length === 0) return 0;
    const recipients = await this.recipients(await settings.listActive());
    let made = 0;
    for (const [window, counted] of byWindow(events)) {
      const windowCounts = sumCounts(counted);
      for (const { account, settings: own } of recipients) {
        const counts = countsFor(windowCounts, own, account);
        if (Object.keys(counts).length === 0) continue;
        for (const channel of channelsOf(own)) {
          if (channel === 'email' && !this.deps.emailConfigured) {
            await this.listUnsendableEmail(account.id, now);
            continue;
          }
          const inserted = await deliveries.insert(
            pendingDelivery(
              `${window}:${account.id}:${channel}`,
              { accountId: account.id, channel, counts },
              now,
              new Date(now.getTime() + this.deps.giveUpHours * 3_600_000 + GIVEN_UP_KEPT_MS),
            ),
          );
          if (inserted) made++;
        }
      }
      await outbox.remove(counted.map((event) => event._id));
    }
    return made;
  }

  /**
   * No mail server: no e-mail delivery is made (it could only fail and be retried for days, a
   * record of activity per window). Instead the admins' failures list shows one given-up entry
   * per person, with no counts and no window, for a day (UNSENDABLE_KEPT_MS).
   */
  private async listUnsendableEmail(accountId: string, now: Date): Promise<void> {
    await this.deps.deliveries.insert({
      _id: `smtp_not_configured:${accountId}`,
      accountId,
      channel: 'email',
      counts: {},
      state: 'given_up',
      attempts: 1,
      nextAttemptAt: now,
      createdAt: now,
      failing: true,
      lastError: 'smtp_not_configured',
      expiresAt: new Date(now.getTime() + UNSENDABLE_KEPT_MS),
    });
  }

  private async recipients(
    all: readonly StoredAlertSettings[],
  ): Promise<{ account: Account; settings: StoredAlertSettings }[]> {
    const recipients = [];
    for (const settings of all) {
      const account = await this.deps.accounts.findById(settings._id);
      // A disabled or reset account hears of nothing. A disabled or deleted one never will: where
      // its alerts went is erased.
      if (account?.status === 'active') recipients.push({ account, settings });
      else if (!account || account.status === 'disabled')
        await this.deps.settings.removeForAccount(settings._id);
    }
    return recipients;
  }
}

/** The counted events of each window, by the window's start. */
function byWindow(events: readonly CountedEvent[]): Map<number, CountedEvent[]> {
  const windows = new Map<number, CountedEvent[]>();
  for (const event of events) {
    const counted = windows.get(event.window);
    if (counted) counted.push(event);
    else windows.set(event.window, [event]);
  }
  return windows;
}

function countsFor(
  window: AlertCounts,
  settings: StoredAlertSettings,
  account: Account,
): AlertCounts {
  const counts: AlertCounts = {};
  for (const kind of allowedKindsOf(account.role)) {
    if (!settings.kinds[kind]) continue;
    for (const count of COUNTS_OF_KIND[kind]) {
      const value = window[count] ?? 0;
      if (value > 0) counts[count] = value;
    }
  }
  return counts;
}

function channelsOf(settings: StoredAlertSettings): AlertChannel[] {
  return [
    ...(settings.emailSealed ? (['email'] as const) : []),
    ...(settings.webhookUrlSealed ? (['webhook'] as const) : []),
  ];
}
