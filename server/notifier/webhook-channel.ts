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
import { checkWebhookUrl, normaliseHost, type WebhookHost } from '../features/alerts';
import { ALERT_SUBJECT, alertText, shownCounts, type AlertCounts } from './alert-text';
import { DeliveryError } from './delivery-error';

const WEBHOOK_TIMEOUT_MS = 15_000;

/** Addresses no webhook reaches unless its host is allowed to be private. */
const PRIVATE = new BlockList();
/**
 * Addresses no webhook ever reaches, allowPrivate or not: "this network" (0.0.0.0/8 and ::,
 * which reach the notifier's own host) and link-local (169.254.0.0/16 holds cloud metadata
 * services that hand out credentials).
 */
const NEVER = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['169.254.0.0', 16],
] as const) {
  NEVER.addSubnet(network, prefix, 'ipv4');
}
NEVER.addAddress('::', 'ipv6');
NEVER.addSubnet('fe80::', 10, 'ipv6');
for (const [network, prefix] of [
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv4');
}
// No IPv4-mapped (::ffff:0:0/96) rule here: Node checks every IPv4 address against IPv6 rules in
// its mapped form, so such a rule would match all of IPv4. Mapped addresses are unwrapped instead.
for (const [network, prefix] of [
  ['::', 96], // loopback and the deprecated IPv4-compatible addresses
  ['64:ff9b::', 96], // NAT64 reaches any IPv4 address, private ones included
  ['64:ff9b:1::', 48],
  ['2001::', 32], // Teredo embeds an IPv4 address
  ['2002::', 16], // 6to4 embeds an IPv4 address
  ['fc00::', 7],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(network, prefix, 'ipv6');
}

/** Canonical form of an IP address; an IPv4-mapped IPv6 address becomes its IPv4 address. */
function canonicalAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const family = isIP(address);
  if (family === 0) return null;
  if (family === 4) return { address, family: 'ipv4' };
  // The URL parser writes any spelling of an IPv6 address in one compressed lower-case form.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped === null) return { address: canonical, family: 'ipv6' };
  const high = Number.parseInt(mapped[1]!, 16);
  const low = Number.parseInt(mapped[2]!, 16);
  return {
    address: [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.'),
    family: 'ipv4',
  };
}

/** Whether a webhook may connect to `address`: public, or private where its host allows that. */
export function isReachableAddress(address: string, allowPrivate: boolean): boolean {
  const canonical = canonicalAddress(address);
  if (canonical === null) return false;
  if (NEVER.check(canonical.address, canonical.family)) return false;
  return allowPrivate || !PRIVATE.check(canonical.address, canonical.family);
}

export function isPublicAddress(address: string): boolean {
  return isReachableAddress(address, false);
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
    // Every address is checked and the first one pinned, so whichever the name resolves to, the
    // connection goes to an address that passed.
    if (!addresses.every(({ address }) => isReachableAddress(address, entry.allowPrivate))) {
      throw new DeliveryError('webhook_private_address');
    }
    const status = await postPinned(url, addresses[0]!, payloadOf(counts));
    if (status >= 300 && status < 400) throw new DeliveryError('webhook_redirect_refused');
    if (status < 200 || status >= 300) throw new DeliveryError(`webhook_status_${status}`);
  }
}

function payloadOf(counts: AlertCounts): string {
  const shown = shownCounts(counts);
  return JSON.stringify({ text: `${ALERT_SUBJECT}\n${alertText(shown)}`, counts: shown });
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
        // A pooled keep-alive socket could carry the request to an address this lookup never
        // checked; every request opens its own connection.
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'amanat-notifier',
        },
        // An overall limit, not only an idle one: a receiver trickling bytes cannot hold the
        // notifier.
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      },
      (response) => {
        // Only the status is used; the body is never read.
        response.destroy();
        resolvePost(response.statusCode ?? 0);
      },
    );
    request.on('error', (error) => {
      if (error instanceof DeliveryError) reject(error);
      else if (error.name === 'AbortError') reject(new DeliveryError('webhook_timeout'));
      else reject(new DeliveryError('webhook_unreachable'));
    });
    request.end(body);
  });
}
