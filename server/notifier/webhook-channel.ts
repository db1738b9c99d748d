/**
 * Webhook alerts (a Matrix or Signal bridge): one JSON POST of the counts. Requests go only to a
 * host on the admin's allow-list (checked again here, whatever the database says), and the
 * address the name resolves to is checked and then pinned for the connection, so a name that
 * resolves to a private, loopback or link-local address is refused unless its entry allows that,
 * and a second resolution (DNS rebinding) cannot change where the request goes. Redirects are not
 * followed. The answer's body is never read beyond its status.
 */
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../platform/errors';
import { ALERT_COUNTS, type AlertCount } from '../../contract/api/alerts';
import { checkWebhookUrl, normaliseHost, type WebhookHost } from '../features/alerts';
import { ALERT_SUBJECT, alertText, type AlertCounts } from './alert-text';
import { DeliveryError } from './delivery-error';

const WEBHOOK_TIMEOUT_MS = 15_000;

/** Addresses no webhook reaches unless its host is allowed to be private. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127], // :: and ::1
  ['::ffff:0:0', 96], // IPv4-mapped: judged as refused rather than unwrapped
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

export class WebhookChannel {
  async send(
    rawUrl: string,
    allowList: readonly WebhookHost[],
    counts: AlertCounts,
  ): Promise<void> {
    let url: URL;
    let entry: WebhookHost;
    try {
      ({ url, host: entry } = checkWebhookUrl(rawUrl, allowList));
    } catch (error) {
      throw new DeliveryError(error instanceof AppError ? error.code : 'webhook_url_refused');
    }
    const addresses = await resolve(normaliseHost(url.hostname)!);
    if (!entry.allowPrivate && !addresses.every(({ address }) => isPublicAddress(address))) {
      throw new DeliveryError('webhook_private_address');
    }
    const status = await postPinned(url, addresses[0]!, payloadOf(counts));
    if (status >= 300 && status < 400) throw new DeliveryError('webhook_redirect_refused');
    if (status < 200 || status >= 300) throw new DeliveryError(`webhook_status_${status}`);
  }
}

function payloadOf(counts: AlertCounts): string {
  const nonZero: Partial<Record<AlertCount, number>> = {};
  for (const kind of ALERT_COUNTS) {
    const count = counts[kind] ?? 0;
    if (count > 0) nonZero[kind] = count;
  }
  return JSON.stringify({ text: `${ALERT_SUBJECT}\n${alertText(counts)}`, counts: nonZero });
}

async function resolve(host: string): Promise<ResolvedAddress[]> {
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family }];
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    if (addresses.length === 0) throw new DeliveryError('webhook_dns_failed');
    return addresses;
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw new DeliveryError('webhook_dns_failed');
  }
}

/** POSTs to `url` connecting to `pinned` only; answers the status. */
function postPinned(url: URL, pinned: ResolvedAddress, body: string): Promise<number> {
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolvePost, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        lookup: pinnedLookup,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'amanat-notifier',
        },
        timeout: WEBHOOK_TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        resolvePost(response.statusCode ?? 0);
      },
    );
    request.on('timeout', () => request.destroy(new DeliveryError('webhook_timeout')));
    request.on('error', (error) =>
      reject(error instanceof DeliveryError ? error : new DeliveryError('webhook_unreachable')),
    );
    request.end(body);
  });
}
