/**
 * What alerts reach in tests: a real SMTP server (smtp-server) and a webhook receiver (node:http),
 * both on loopback, each keeping what it received; and the notifier of a test app, configured
 * through loadNotifierConfig as the compose service is, on the app's database and clock.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { AlertKind } from '../../contract/api/alerts';
import { loadNotifierConfig } from '../../server/config';
import { FAN_OUT_GRACE_MS } from '../../server/features/alerts';
import { createLogger } from '../../server/platform/logger';
import { Notifier } from '../../server/notifier/notifier';
import type { TestApp } from './test-app';

export interface ReceivedMail {
  readonly to: readonly string[];
  /** The whole message as it arrived: headers and body. */
  readonly raw: string;
}

export interface MailServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Stops listening: the notifier then finds the mail server down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** A plain SMTP server on 127.0.0.1 (no STARTTLS, no authentication), as NOTIFIER_SMTP_TLS=none expects. */
export async function startMailServer(): Promise<MailServer> {
  const received: ReceivedMail[] = [];
  let port = 0;
  let server: SMTPServer | undefined;
  const listen = async (): Promise<void> => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  };
  await listen();
  return {
    get port() {
      return port;
    },
    received,
    stop: () => new Promise<void>((resolve) => server!.close(() => resolve())),
    start: listen,
  };
}

export interface WebhookReceiver {
  readonly url: string;
  readonly port: number;
  /** Each request's body, parsed. */
  readonly received: { readonly path: string; readonly body: unknown }[];
  /** Connections opened to it at all (a refused send opens none). */
  readonly connections: () => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: { path: string; body: unknown }[] = [];
  let connections = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
      });
      // Under /redirect it answers as a hostile receiver might: go elsewhere (the notifier must not).
      if (request.url?.startsWith('/redirect'))
        response.writeHead(302, { Location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else response.writeHead(200).end();
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The notifier of `t`, sending mail to `mail` (or with no mail server configured). */
export function notifierOf(
  t: TestApp,
  mail: { readonly port: number } | null,
  env: Readonly<Record<string, string>> = {},
): Notifier {
  const config = loadNotifierConfig({
    NODE_ENV: 'test',
    MONGODB_URI: t.config.mongodbUri,
    ALERT_ADDRESS_KEY: t.config.alertAddressKey.toString('hex'),
    ORG_FINGERPRINT: t.config.orgFingerprint,
    ALERT_BATCH_MINUTES: String(t.config.alerts.batchMinutes),
    ...(mail
      ? {
          NOTIFIER_SMTP_HOST: '127.0.0.1',
          NOTIFIER_SMTP_PORT: String(mail.port),
          NOTIFIER_SMTP_TLS: 'none',
          NOTIFIER_SMTP_FROM: 'alerts@amanat.test',
        }
      : {}),
    ...env,
  });
  return new Notifier({
    connection: t.connection,
    config,
    logger: createLogger('silent'),
    clock: t.clock.now,
  });
}

/**
 * How far the clock moves for the current batch window (ALERT_BATCH_MINUTES) to close and its
 * grace to pass: the notifier then fans it out.
 */
export function untilFannedOutMsOf(t: TestApp): number {
  return t.config.alerts.batchMinutes * 60_000 + FAN_OUT_GRACE_MS;
}

/**
 * Alerts turned on for `accountId` as stored (a webhook whose sealed address is never opened:
 * the caller looks only at counts and deliveries), and the app's counter told, as the settings
 * route does.
 */
export async function plantAlertsOn(
  t: TestApp,
  accountId: string,
  kinds: Partial<Record<AlertKind, boolean>>,
): Promise<void> {
  await t.connection.db!.collection('alert_settings').insertOne({
    _id: accountId as never,
    kinds: { reports: false, followUps: false, deadlines: false, operations: false, ...kinds },
    emailSealed: null,
    webhookUrlSealed: 'sealed',
    active: true,
  });
  t.services.alertCounter.settingsChanged();
}
