/**
 * Which webhook URLs alerts may go to: only to a host on the admin-managed allow-list, over
 * https (plain http only to a host allowed to be private, such as a bridge on the same network),
 * with no user name or password in the URL. Checked when a staff member sets the URL and again
 * by the notifier before every request, so a URL planted in the database or a host taken off
 * the list is refused too.
 */
import { isIP } from 'node:net';
import { UnprocessableError } from '../../platform/errors';
import type { WebhookHost } from './webhook-allow-list.model';

const DNS_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** A host as the allow-list keeps it (lower case, IPv6 without brackets), or null if it is none. */
export function normaliseHost(input: string): string | null {
  const host = input
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) return host;
  return DNS_NAME.test(host) ? host : null;
}

export interface CheckedWebhookUrl {
  readonly url: URL;
  readonly host: WebhookHost;
}

/** The URL and its allow-list entry; throws 422 with the reason otherwise. */
export function checkWebhookUrl(raw: string, allowList: readonly WebhookHost[]): CheckedWebhookUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnprocessableError('webhook_url_malformed', 'The webhook URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UnprocessableError('webhook_url_malformed', 'The webhook URL must be http or https.');
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnprocessableError(
      'webhook_url_malformed',
      'The webhook URL must not carry a user name or password.',
    );
  }
  const hostname = normaliseHost(url.hostname);
  const host = allowList.find((entry) => entry.host === hostname);
  if (!host) {
    throw new UnprocessableError(
      'webhook_host_not_allowed',
      'The webhook host is not on the allow-list. Ask an admin to add it.',
    );
  }
  if (url.protocol === 'http:' && !host.allowPrivate) {
    throw new UnprocessableError(
      'webhook_url_not_https',
      'The webhook URL must use https (plain http only to a host on the internal network).',
    );
  }
  return { url, host };
}
