/**
 * Sends the deliveries that are due. A failure is recorded on the delivery (attempts, a stable
 * error code, the next attempt after an exponential back-off) for the admin page, and it is tried
 * again until NOTIFIER_GIVE_UP_HOURS after it was made; then it is marked given up and stays
 * listed, so no alert is ever lost without an admin being able to see it. A sent delivery is
 * deleted. Each delivery reads its recipient's settings as they are now: an address changed or a
 * channel turned off meanwhile is honoured.
 */
import type { NotifierConfig } from '../config';
import {
  type AlertAddressSealer,
  type AlertDeliveriesRepository,
  type AlertDelivery,
  type AlertSettingsRepository,
  type WebhookAllowListRepository,
} from '../features/alerts';
import type { Logger } from '../platform/logger';
import { DeliveryError } from './delivery-error';
import type { EmailChannel } from './email-channel';
import type { WebhookChannel } from './webhook-channel';

/** Deliveries one pass sends at most; the next pass goes on. */
const PER_PASS = 200;

export interface AlertSenderDeps {
  readonly deliveries: AlertDeliveriesRepository;
  readonly settings: AlertSettingsRepository;
  readonly allowList: WebhookAllowListRepository;
  /** Opens the sealed addresses (ALERT_ADDRESS_KEY). */
  readonly sealer: AlertAddressSealer;
  readonly email: EmailChannel;
  readonly webhook: WebhookChannel;
  readonly retry: NotifierConfig['retry'];
  readonly logger: Logger;
}

export interface SendOutcome {
  readonly sent: number;
  readonly failed: number;
}

export class AlertSender {
  constructor(private readonly deps: AlertSenderDeps) {}

  async sendDue(now: Date): Promise<SendOutcome> {
    const due = await this.deps.deliveries.listDue(now, PER_PASS);
    let sent = 0;
    let failed = 0;
    for (const delivery of due) {
      try {
        await this.deliver(delivery);
        await this.deps.deliveries.remove(delivery._id);
        sent++;
      } catch (error) {
        failed++;
        await this.recordFailure(delivery, error, now);
      }
    }
    return { sent, failed };
  }

  private async deliver(delivery: AlertDelivery): Promise<void> {
    const settings = await this.deps.settings.findByAccount(delivery.accountId);
    const sealed =
      delivery.channel === 'email' ? settings?.emailSealed : settings?.webhookUrlSealed;
    // The channel was turned off since: nothing to send, by the recipient's choice.
    if (!sealed) return;
    const address = this.deps.sealer.open(delivery.accountId, delivery.channel, sealed);
    if (delivery.channel === 'email') await this.deps.email.send(address, delivery.counts);
    else await this.deps.webhook.send(address, await this.deps.allowList.read(), delivery.counts);
  }

  private async recordFailure(delivery: AlertDelivery, error: unknown, now: Date): Promise<void> {
    const { retry, logger } = this.deps;
    const code = error instanceof DeliveryError ? error.code : 'send_failed';
    const attempts = delivery.attempts + 1;
    const backoffSeconds = Math.min(retry.baseSeconds * 2 ** (attempts - 1), retry.maxSeconds);
    const givenUp = now.getTime() - delivery.createdAt.getTime() >= retry.giveUpHours * 3_600_000;
    logger.warn({
      event: givenUp ? 'notifier.delivery_given_up' : 'notifier.delivery_failed',
      code,
    });
    await this.deps.deliveries.recordFailure(delivery._id, {
      attempts,
      nextAttemptAt: new Date(now.getTime() + backoffSeconds * 1000),
      lastError: code,
      state: givenUp ? 'given_up' : 'pending',
    });
  }
}
