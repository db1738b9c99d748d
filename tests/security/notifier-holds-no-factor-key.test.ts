/**
 * The notifier is the one process with a route out, so what it holds is what a compromise of it
 * (an SSRF through a webhook, a hostile mail server exploiting a parser) could take. It opens the
 * alert addresses with ALERT_ADDRESS_KEY alone: given FACTOR_ENCRYPTION_KEY (which opens every
 * staff member's TOTP seed) it refuses to start. And a database writer who moves a sealed e-mail
 * address into the webhook field, to make the notifier post somewhere it was never told to, gets
 * nothing: each channel has its own derived key and context. Defences: loadNotifierConfig
 * (server/config.ts) and AlertAddressSealer (server/features/alerts/alert-address-seal.ts).
 */
import { ConfigError, loadNotifierConfig } from '../../server/config';
import { AlertAddressSealer, WebhookAllowListRepository } from '../../server/features/alerts';
import { notifierOf, startWebhookReceiver, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const NOTIFIER_ENV = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/amanat',
  ORG_FINGERPRINT: 'A'.repeat(40),
  ALERT_ADDRESS_KEY: 'ae'.repeat(32),
};

describe('the notifier holds no factor key', () => {
  test('when the notifier is configured then it needs no FACTOR_ENCRYPTION_KEY, keeps none, and refuses one given to it', () => {
    const config = loadNotifierConfig(NOTIFIER_ENV);
    expect(Object.keys(config)).not.toContain('factorEncryptionKey');
    expect(config.alertAddressKey.toString('hex')).toBe(NOTIFIER_ENV.ALERT_ADDRESS_KEY);
    for (const given of [
      { FACTOR_ENCRYPTION_KEY: 'cd'.repeat(32) },
      { FACTOR_ENCRYPTION_KEY_FILE: '/run/secrets/factor_encryption_key' },
    ]) {
      expect(() => loadNotifierConfig({ ...NOTIFIER_ENV, ...given })).toThrow(ConfigError);
    }
  });

  describe('an address sealed for e-mail', () => {
    const t = useTestApp({ label: 'notifier-no-factor-key', caseworkers: 1 });

    test('when it is moved into the webhook field then it does not open, and the notifier posts nowhere', async () => {
      t.clock.freeze();
      const hook = await startWebhookReceiver();
      try {
        const caseworker = await enrolStaff(t, 'swapped-caseworker', 'caseworker');
        const account = await t.connection
          .db!.collection<{ _id: string }>('accounts')
          .findOne({ username: caseworker.username });
        const accountId = account!._id;
        // The receiver is on the allow-list: only the sealing stands between the URL and a post.
        await new WebhookAllowListRepository(t.connection).replace([
          { host: '127.0.0.1', allowPrivate: true },
        ]);
        const sealer = new AlertAddressSealer(t.config.alertAddressKey);
        const sealedForEmail = sealer.seal(accountId, 'email', hook.url);
        expect(() => sealer.open(accountId, 'webhook', sealedForEmail)).toThrow();

        await t.connection.db!.collection('alert_settings').insertOne({
          _id: accountId as never,
          kinds: { reports: true, followUps: false, deadlines: false, operations: false },
          emailSealed: null,
          webhookUrlSealed: sealedForEmail,
          active: true,
        });
        t.services.alertCounter.settingsChanged();
        await t.services.alertCounter.count('reports');
        t.clock.advance(untilFannedOutMsOf(t));
        const notifier = notifierOf(t, null);
        try {
          expect(await notifier.deliver()).toEqual({ made: 1, sent: 0, failed: 1 });
        } finally {
          notifier.close();
        }
        expect(hook.connections()).toBe(0);
      } finally {
        await hook.close();
      }
    });
  });
});
