/**
 * A staff member's own alert settings, the webhook allow-list and the failing deliveries: what
 * the routes and the admin page read and change. Addresses are sealed at rest; every change is
 * audited (which channels are on, never the addresses).
 */
import {
  ALERT_KINDS,
  type AlertKind,
  type AlertSettingsRequest,
  type WebhookHosts,
} from '../../../contract/api/alerts';
import { UnprocessableError } from '../../platform/errors';
import type { Account, AccountsService, StaffRole } from '../accounts';
import type { AuditLogService } from '../audit';
import type { AlertAddressSealer } from './alert-address-seal';
import { ALERT_CHANNELS, type AlertChannel } from './alert-delivery.model';
import type { AlertDeliveriesRepository } from './alert-deliveries.repository';
import type { AlertSettingsRepository, StoredAlertSettings } from './alert-settings.repository';
import { checkWebhookUrl, normaliseHost } from './webhook-allow-list';
import type { WebhookHost } from './webhook-allow-list.model';
import type { WebhookAllowListRepository } from './webhook-allow-list.repository';

/** Caseworkers hear of cases; admins of the service's operation (they read no cases). */
const KINDS_OF_ROLE: Record<StaffRole, readonly AlertKind[]> = {
  caseworker: ['reports', 'followUps', 'deadlines'],
  admin: ['operations'],
  analyst: [],
};

export function allowedKindsOf(role: StaffRole): readonly AlertKind[] {
  return KINDS_OF_ROLE[role];
}

/** No spaces, quotes, angle brackets or line breaks: nothing that could add a header or a recipient. */
const EMAIL_ADDRESS = /^[^\s@<>"',;:()[\]\\]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

const NO_KINDS: Record<AlertKind, boolean> = {
  reports: false,
  followUps: false,
  deadlines: false,
  operations: false,
};

export interface OwnAlertSettings {
  readonly kinds: Record<AlertKind, boolean>;
  readonly email: string | null;
  readonly webhookUrl: string | null;
  readonly allowedKinds: readonly AlertKind[];
}

export interface AlertFailure {
  readonly username: string | null;
  readonly channel: 'email' | 'webhook';
  readonly attempts: number;
  readonly lastError: string;
  readonly nextAttemptAt: Date | null;
  readonly state: 'retrying' | 'given_up';
}

export interface AlertSettingsServiceDeps {
  readonly settings: AlertSettingsRepository;
  readonly allowList: WebhookAllowListRepository;
  readonly deliveries: AlertDeliveriesRepository;
  readonly accounts: AccountsService;
  readonly audit: AuditLogService;
  /** Seals and opens the addresses (ALERT_ADDRESS_KEY). */
  readonly sealer: AlertAddressSealer;
  /** Opens addresses sealed as earlier versions did (FACTOR_ENCRYPTION_KEY), to seal them again. */
  readonly earlierOpener: (accountId: string, channel: AlertChannel, sealed: string) => string;
  /** Told after any settings are saved (the alert counter looks again whether anyone has alerts on). */
  readonly onSettingsChanged: () => void;
}

export class AlertSettingsService {
  constructor(private readonly deps: AlertSettingsServiceDeps) {}

  async ownSettings(account: Account): Promise<OwnAlertSettings> {
    const stored = await this.deps.settings.findByAccount(account.id);
    return this.viewOf(account, stored);
  }

  /**
   * Whether `request` sends alerts somewhere new (an e-mail address or webhook URL other than the
   * stored one): what a stolen session would do to learn of activity, so the route asks for a
   * fresh re-authentication then. Turning kinds or channels off is not.
   */
  async changesDestination(account: Account, request: AlertSettingsRequest): Promise<boolean> {
    const current = await this.ownSettings(account);
    const email = request.email?.trim() ?? null;
    const webhookUrl = request.webhookUrl?.trim() ?? null;
    return (
      (email !== null && email !== current.email) ||
      (webhookUrl !== null && webhookUrl !== current.webhookUrl)
    );
  }

  async changeOwnSettings(
    account: Account,
    request: AlertSettingsRequest,
  ): Promise<OwnAlertSettings> {
    const allowed = allowedKindsOf(account.role);
    for (const kind of ALERT_KINDS) {
      if (request.kinds[kind] && !allowed.includes(kind)) {
        throw new UnprocessableError(
          'alert_kind_not_allowed',
          'Your role cannot turn on one of these alerts.',
        );
      }
    }
    const email = request.email?.trim() ?? null;
    if (email !== null && !EMAIL_ADDRESS.test(email)) {
      throw new UnprocessableError('alert_email_malformed', 'The e-mail address is not valid.');
    }
    const webhookUrl = request.webhookUrl?.trim() ?? null;
    if (webhookUrl !== null) checkWebhookUrl(webhookUrl, await this.deps.allowList.read());
    const { sealer } = this.deps;
    const anyKind = ALERT_KINDS.some((kind) => request.kinds[kind]);
    const stored: StoredAlertSettings = {
      _id: account.id,
      kinds: { ...request.kinds },
      emailSealed: email === null ? null : sealer.seal(account.id, 'email', email),
      webhookUrlSealed: webhookUrl === null ? null : sealer.seal(account.id, 'webhook', webhookUrl),
      active: anyKind && (email !== null || webhookUrl !== null),
    };
    // Audited first: no change of where alerts go is ever left without its entry.
    await this.deps.audit.record(`account:${account.id}`, 'alerts.settings_changed', {
      account: account.id,
      kinds: ALERT_KINDS.filter((kind) => request.kinds[kind]).join(',') || 'none',
      email: email === null ? 'off' : 'on',
      webhook: webhookUrl === null ? 'off' : 'on',
    });
    await this.deps.settings.save(stored);
    this.deps.onSettingsChanged();
    return this.viewOf(account, stored);
  }

  /**
   * At start: addresses sealed under FACTOR_ENCRYPTION_KEY (before ALERT_ADDRESS_KEY existed) are
   * sealed again under ALERT_ADDRESS_KEY, so the notifier, which no longer holds the factor key,
   * can open them and nobody has to enter them again. One that opens under neither key is left
   * as it is (its sends fail, listed for admins). Returns how many settings were sealed again.
   */
  async resealEarlierAddresses(): Promise<number> {
    let resealed = 0;
    for (const stored of await this.deps.settings.listAll()) {
      const sealed = {
        email: this.resealed(stored._id, 'email', stored.emailSealed),
        webhook: this.resealed(stored._id, 'webhook', stored.webhookUrlSealed),
      };
      if (ALERT_CHANNELS.every((channel) => sealed[channel] === null)) continue;
      await this.deps.settings.replaceSealed(stored, {
        emailSealed: sealed.email ?? stored.emailSealed,
        webhookUrlSealed: sealed.webhook ?? stored.webhookUrlSealed,
      });
      resealed++;
    }
    return resealed;
  }

  /** `sealed` under ALERT_ADDRESS_KEY if it opens only under the earlier key; else null. */
  private resealed(accountId: string, channel: AlertChannel, sealed: string | null): string | null {
    if (sealed === null) return null;
    const { sealer, earlierOpener } = this.deps;
    try {
      sealer.open(accountId, channel, sealed);
      return null;
    } catch {
      try {
        return sealer.seal(accountId, channel, earlierOpener(accountId, channel, sealed));
      } catch {
        return null;
      }
    }
  }

  async webhookHosts(): Promise<WebhookHost[]> {
    return await this.deps.allowList.read();
  }

  async replaceWebhookHosts(actor: string, request: WebhookHosts): Promise<WebhookHost[]> {
    const hosts: WebhookHost[] = [];
    for (const entry of request.hosts) {
      const host = normaliseHost(entry.host);
      if (host === null) {
        throw new UnprocessableError(
          'webhook_host_malformed',
          'Each host must be a DNS name or an IP address, without scheme, port or path.',
        );
      }
      if (!hosts.some((known) => known.host === host))
        hosts.push({ host, allowPrivate: entry.allowPrivate });
    }
    await this.deps.audit.record(actor, 'alerts.webhook_hosts_changed', {
      hosts:
        hosts
          .map((entry) => (entry.allowPrivate ? `${entry.host}(private)` : entry.host))
          .join(',') || 'none',
    });
    await this.deps.allowList.replace(hosts);
    return hosts;
  }

  async failures(): Promise<AlertFailure[]> {
    const failing = await this.deps.deliveries.listFailing();
    const usernames = new Map(
      (await this.deps.accounts.listAccounts()).map((account) => [account.id, account.username]),
    );
    return failing.map((delivery) => ({
      username: usernames.get(delivery.accountId) ?? null,
      channel: delivery.channel,
      attempts: delivery.attempts,
      lastError: delivery.lastError ?? 'unknown',
      nextAttemptAt: delivery.state === 'pending' ? delivery.nextAttemptAt : null,
      state: delivery.state === 'pending' ? 'retrying' : 'given_up',
    }));
  }

  private viewOf(account: Account, stored: StoredAlertSettings | null): OwnAlertSettings {
    const { sealer } = this.deps;
    return {
      kinds: { ...NO_KINDS, ...stored?.kinds },
      email: stored?.emailSealed ? sealer.open(account.id, 'email', stored.emailSealed) : null,
      webhookUrl: stored?.webhookUrlSealed
        ? sealer.open(account.id, 'webhook', stored.webhookUrlSealed)
        : null,
      allowedKinds: allowedKindsOf(account.role),
    };
  }
}
