/**
 * Attack: a stolen staff session points the victim's alerts at the thief's own inbox or chat
 * room, to learn when reports arrive; or an analyst (whose role is alerted of nothing) stores an
 * address anyway; or a sealed e-mail address is copied into the webhook field so the notifier
 * posts to it. Defences: PUT /api/me/alerts asks for a fresh re-authentication when the e-mail
 * address or webhook URL changes (turning kinds on and off needs the CSRF check only), is closed
 * to analysts, and each address is sealed under its own account and channel
 * (server/features/alerts/alerts.routes.ts, alert-address-seal.ts). A disabled account's
 * settings are erased by the notifier's next fan-out (server/notifier/alert-batches.ts).
 */
import { AlertAddressSealer } from '../../server/features/alerts';
import { notifierOf, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';
import { useAlertsDesk } from '../helpers/alerts-desk';

const KINDS = { reports: true, followUps: false, deadlines: false, operations: false };
/** Past SESSION_REAUTH_MINUTES (5 by default), well within the idle limit. */
const REAUTH_LAPSED_MS = 6 * 60_000;

describe('where alerts go changes only with a fresh re-authentication', () => {
  const { t } = useAlertsDesk('alert-destination-reauth');
  let caseworker: EnrolledStaff;
  let analyst: EnrolledStaff;

  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'alert-reauth-caseworker', 'caseworker');
    analyst = await enrolStaff(t, 'alert-reauth-analyst', 'analyst');
  });

  const stored = async (accountId: string) =>
    await t.connection.db!.collection('alert_settings').findOne({ _id: accountId as never });

  test('when the re-authentication has lapsed then a new e-mail address or webhook URL is refused and nothing changes, while turning kinds off is accepted', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    const set = await caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: 'first@amanat.test',
      webhookUrl: null,
    });
    expect(set.status).toBe(200);
    const account = (await t.services.accounts.findByUsername('alert-reauth-caseworker'))!;
    const before = await stored(account.id);

    t.clock.advance(REAUTH_LAPSED_MS);
    const newAddress = await caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: 'thief@attacker.test',
      webhookUrl: null,
    });
    expect([newAddress.status, newAddress.body.error?.code]).toEqual([403, 'reauth_required']);
    const newHook = await caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: 'first@amanat.test',
      webhookUrl: 'https://hooks.attacker.test/room',
    });
    expect([newHook.status, newHook.body.error?.code]).toEqual([403, 'reauth_required']);
    expect(await stored(account.id)).toEqual(before);

    const kindsOff = await caseworker.client.put('/api/me/alerts', {
      kinds: { ...KINDS, reports: false },
      email: 'first@amanat.test',
      webhookUrl: null,
    });
    expect(kindsOff.status).toBe(200);

    await reauthenticate(t, caseworker.client, caseworker);
    const afterReauth = await caseworker.client.put('/api/me/alerts', {
      kinds: KINDS,
      email: 'second@amanat.test',
      webhookUrl: null,
    });
    expect([afterReauth.status, afterReauth.body.email]).toEqual([200, 'second@amanat.test']);
  });

  test('when an analyst sets alerts then it is refused 403 and nothing is stored', async () => {
    await reauthenticate(t, analyst.client, analyst);
    const refused = await analyst.client.put('/api/me/alerts', {
      kinds: { reports: false, followUps: false, deadlines: false, operations: false },
      email: 'analyst@amanat.test',
      webhookUrl: null,
    });
    expect(refused.status).toBe(403);
    const account = (await t.services.accounts.findByUsername('alert-reauth-analyst'))!;
    expect(await stored(account.id)).toBeNull();
    expect((await analyst.client.get('/api/me/alerts')).status).toBe(200);
  });

  test('when a sealed e-mail address is taken for a webhook URL or for another account then it does not open', async () => {
    const account = (await t.services.accounts.findByUsername('alert-reauth-caseworker'))!;
    const { emailSealed } = (await stored(account.id)) as unknown as { emailSealed: string };
    const sealer = new AlertAddressSealer(t.config.alertAddressKey);
    expect(sealer.open(account.id, 'email', emailSealed)).toBe('second@amanat.test');
    expect(() => sealer.open(account.id, 'webhook', emailSealed)).toThrow();
    expect(() => sealer.open('another', 'email', emailSealed)).toThrow();
  });

  test('when the account is disabled then the notifier sends it nothing and erases where its alerts went', async () => {
    const account = (await t.services.accounts.findByUsername('alert-reauth-caseworker'))!;
    expect(await stored(account.id)).toMatchObject({ active: true });
    await t.services.accounts.disable(account.id);
    await t.services.alertCounter.count('reports');
    t.clock.advance(untilFannedOutMsOf(t));
    const notifier = notifierOf(t, null);
    try {
      expect(await notifier.deliver()).toEqual({ made: 0, sent: 0, failed: 0 });
    } finally {
      notifier.close();
    }
    expect(await stored(account.id)).toBeNull();
  });
});
