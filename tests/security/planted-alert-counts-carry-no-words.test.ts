/**
 * Attack: a database writer uses the organisation's own alerts to phish its staff. Alerts come
 * from a sender staff trust, and say only fixed phrases with numbers; the numbers, though, are
 * read back from the database. The attacker plants a waiting delivery whose count is text ("visit
 * https://... to see the report") and waits for the notifier to send it, by e-mail and webhook.
 * Defence: an alert shows only whole numbers above 0 of the known kinds
 * (shownCounts in server/notifier/alert-text.ts, used by both channels); the rest is dropped.
 */
import type { AlertDelivery } from '../../server/features/alerts';
import { pendingDelivery } from '../../server/notifier/alert-batches';
import { notifierOf } from '../helpers/alert-receivers';
import { adminAllowingLoopbackWebhooks, useAlertsDesk } from '../helpers/alerts-desk';
import { enrolStaff } from '../helpers/staff';

const PLANTED = 'visit https://evil.example/login to see the report';
const PLANTED_COUNTS = {
  reports: PLANTED,
  followUps: 2,
  deadlines: ['click here'],
} as unknown as AlertDelivery['counts'];

describe('planted alert counts carry no words', () => {
  const desk = useAlertsDesk('planted-alert-counts', { hook: true, mail: true });
  const t = desk.t;

  test('when a database writer plants a delivery whose count is text then the e-mail and the webhook say only the genuine numbers', async () => {
    await adminAllowingLoopbackWebhooks(t, 'planted-counts-admin');
    const caseworker = await enrolStaff(t, 'planted-counts-caseworker', 'caseworker');
    const settings = await caseworker.client.put('/api/me/alerts', {
      kinds: { reports: true, followUps: true, deadlines: false, operations: false },
      email: 'planted-counts@amanat.test',
      webhookUrl: desk.hook.url,
    });
    expect(settings.status).toBe(200);
    const account = await t.connection
      .db!.collection<{ _id: string }>('accounts')
      .findOne({ username: caseworker.username });

    const now = t.clock.now();
    await t.connection.db!.collection<{ _id: string }>('alert_deliveries').insertMany(
      (['email', 'webhook'] as const).map((channel) =>
        pendingDelivery(
          `planted:${account!._id}:${channel}`,
          // Written straight into the database: counts no type of the server's would let through.
          { accountId: account!._id, channel, counts: PLANTED_COUNTS },
          now,
          new Date(now.getTime() + 86_400_000),
        ),
      ),
    );

    const notifier = notifierOf(t, desk.mail);
    try {
      expect(await notifier.deliver()).toEqual({ made: 0, sent: 2, failed: 0 });
    } finally {
      notifier.close();
    }

    expect(desk.mail.received).toHaveLength(1);
    expect(desk.mail.received[0]!.raw).toContain('2 new follow-ups');
    expect(desk.hook.received).toEqual([
      {
        path: '/hook',
        body: {
          text: expect.stringContaining('2 new follow-ups') as unknown,
          counts: { followUps: 2 },
        },
      },
    ]);
    const sent = [desk.mail.received[0]!.raw, JSON.stringify(desk.hook.received)].join('\n');
    for (const word of ['evil.example', 'visit', 'click here', 'new report'])
      expect({ word, found: sent.includes(word) }).toEqual({ word, found: false });
  });
});
