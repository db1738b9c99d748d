/**
 * Attack: aiming the notifier, the only process allowed out, at a host of one's choosing: an
 * internal service (the database, a cloud metadata address) or a server that learns when alerts
 * fire. A staff member (or someone holding their session) sets a webhook URL to an unlisted
 * host; a database writer plants one, or an admin takes a host off the allow-list after it was
 * set; a listed name resolves to a loopback address. Defence: the URL's host must be on the
 * admins' allow-list when it is set (422) and again before every request (the notifier checks
 * the list as it is then), and an address that is not public is refused unless the host's entry
 * allows it (server/features/alerts/webhook-allow-list.ts, server/notifier/webhook-channel.ts).
 * The receiver below is a real server on loopback: a refused send never connects to it.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { AlertAddressSealer } from '../../server/features/alerts';
import { notifierOf, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { buildSubmission } from '../helpers/reports';
import { reauthenticate } from '../helpers/staff';
import { useAlertsDesk } from '../helpers/alerts-desk';

const KINDS = { reports: true, followUps: true, deadlines: false, operations: false };

describe('webhook alerts cannot reach hosts off the allow-list', () => {
  const desk = useAlertsDesk('webhook-allow-list', {
    hook: true,
    staff: { caseworker: 'webhook-caseworker', admin: 'webhook-admin' },
  });
  const t = desk.t;

  async function allowList(hosts: { host: string; allowPrivate: boolean }[]): Promise<void> {
    await reauthenticate(t, desk.admin.client, desk.admin);
    const answer = await desk.admin.client.put('/api/admin/alerts/webhook-hosts', { hosts });
    expect(answer.status).toBe(200);
  }

  /** A report, then the window closes and the notifier runs: what did it do? */
  async function reportAndDeliver(): Promise<{ made: number; sent: number; failed: number }> {
    const submission = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(submission.body).expect(201);
    t.clock.advance(untilFannedOutMsOf(t));
    const notifier = notifierOf(t, null);
    try {
      return await notifier.deliver();
    } finally {
      notifier.close();
    }
  }

  async function lastErrors(): Promise<string[]> {
    const failures = await desk.admin.client.get('/api/admin/alerts/failures');
    return (failures.body as { failures: { lastError: string }[] }).failures.map(
      (failure) => failure.lastError,
    );
  }

  test('when a staff member sets a webhook on a host not on the allow-list then it is refused and nothing stored changes', async () => {
    await allowList([{ host: 'bridge.example.org', allowPrivate: false }]);
    const before = await desk.caseworker.client.get('/api/me/alerts');
    for (const url of [
      desk.hook.url,
      'https://169.254.169.254/latest/meta-data',
      'https://bridge.example.org.attacker.example/hook',
      'https://attacker.example/?bridge.example.org',
    ]) {
      const refused = await desk.caseworker.client.put('/api/me/alerts', {
        kinds: KINDS,
        email: null,
        webhookUrl: url,
      });
      expect({ url, status: refused.status, body: refused.body as object }).toMatchObject({
        url,
        status: 422,
        body: { error: { code: 'webhook_host_not_allowed' } },
      });
    }
    const withCredentials = await desk.caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: null,
      webhookUrl: 'https://user:secret@bridge.example.org/hook',
    });
    expect(withCredentials.body).toMatchObject({ error: { code: 'webhook_url_malformed' } });
    expect((await desk.caseworker.client.get('/api/me/alerts')).body).toEqual(before.body);
  });

  test('when the host is taken off the allow-list after the URL was set then the notifier refuses to send and never connects', async () => {
    await allowList([{ host: '127.0.0.1', allowPrivate: true }]);
    const set = await desk.caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: null,
      webhookUrl: desk.hook.url,
    });
    expect(set.status).toBe(200);
    await allowList([{ host: 'bridge.example.org', allowPrivate: false }]);

    expect(await reportAndDeliver()).toEqual({ made: 1, sent: 0, failed: 1 });
    expect(desk.hook.connections()).toBe(0);
    expect(await lastErrors()).toEqual(['webhook_host_not_allowed']);
  });

  test('when a URL to an unlisted host is planted in the database then the notifier refuses to send and never connects', async () => {
    // A database writer cannot seal without the key; this stands for one who can (or a bug).
    const sealer = new AlertAddressSealer(t.config.alertAddressKey);
    const account = await t.services.accounts.findByUsername('webhook-caseworker');
    await t.connection.db!.collection('alert_settings').updateOne(
      { _id: account!.id as never },
      {
        $set: {
          webhookUrlSealed: sealer.seal(
            account!.id,
            'webhook',
            `${desk.hook.url}?${randomBytes(4).toString('hex')}`,
          ),
        },
      },
    );
    await t.connection.db!.collection('alert_deliveries').deleteMany({});

    expect(await reportAndDeliver()).toEqual({ made: 1, sent: 0, failed: 1 });
    expect(desk.hook.connections()).toBe(0);
    expect(await lastErrors()).toEqual(['webhook_host_not_allowed']);
  });

  test('when a listed host that may not be private resolves to a loopback address then the notifier refuses to send and never connects', async () => {
    await allowList([
      { host: 'localhost', allowPrivate: false },
      { host: '127.0.0.1', allowPrivate: true },
    ]);
    await reauthenticate(t, desk.caseworker.client, desk.caseworker);
    const set = await desk.caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: null,
      webhookUrl: `https://localhost:${desk.hook.port}/hook`,
    });
    expect(set.status).toBe(200);
    await t.connection.db!.collection('alert_deliveries').deleteMany({});

    expect(await reportAndDeliver()).toEqual({ made: 1, sent: 0, failed: 1 });
    expect(desk.hook.connections()).toBe(0);
    expect(await lastErrors()).toEqual(['webhook_private_address']);
  });

  test('when a listed receiver answers with a redirect then the notifier does not follow it and lists the failure', async () => {
    await allowList([{ host: '127.0.0.1', allowPrivate: true }]);
    await reauthenticate(t, desk.caseworker.client, desk.caseworker);
    const set = await desk.caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: null,
      webhookUrl: `http://127.0.0.1:${desk.hook.port}/redirect`,
    });
    expect(set.status).toBe(200);
    await t.connection.db!.collection('alert_deliveries').deleteMany({});
    const received = desk.hook.received.length;

    expect(await reportAndDeliver()).toEqual({ made: 1, sent: 0, failed: 1 });
    expect(desk.hook.received.slice(received).map((entry) => entry.path)).toEqual(['/redirect']);
    expect(await lastErrors()).toEqual(['webhook_redirect_refused']);
  });
});
