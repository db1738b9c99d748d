/**
 * Upgrading to ALERT_ADDRESS_KEY: addresses sealed as earlier versions did (under
 * FACTOR_ENCRYPTION_KEY, which the notifier no longer holds) are sealed again under the new key
 * when the app starts, so nobody has to enter them again and the notifier can open them. A value
 * that opens under neither key is left as it is; one already under the new key is not touched.
 */
import { AlertAddressSealer } from '../../server/features/alerts';
import { SecretSealer } from '../../server/platform/sealed-secrets';
import { useTestApp } from '../helpers/use-test-app';

describe('alert addresses sealed under the earlier key', () => {
  const t = useTestApp({ label: 'alert-addresses-resealed', caseworkers: 1 });

  test('when the app starts then each earlier address is sealed again under ALERT_ADDRESS_KEY, and the rest stay as they are', async () => {
    const earlier = new SecretSealer(t.config.factorEncryptionKey, 'alert-address');
    const sealer = new AlertAddressSealer(t.config.alertAddressKey);
    const settings = t.connection.db!.collection<{
      _id: string;
      emailSealed: string | null;
      webhookUrlSealed: string | null;
    }>('alert_settings');
    const kinds = { reports: true, followUps: false, deadlines: false, operations: false };
    const current = sealer.seal('current', 'email', 'current@amanat.test');
    await settings.insertMany([
      {
        _id: 'upgraded',
        kinds,
        emailSealed: earlier.seal('upgraded@amanat.test', 'upgraded:email'),
        webhookUrlSealed: earlier.seal('https://bridge.example.org/hook', 'upgraded:webhook'),
        active: true,
      },
      { _id: 'current', kinds, emailSealed: current, webhookUrlSealed: null, active: true },
      {
        _id: 'unreadable',
        kinds,
        emailSealed: 'v1.bm90LXNlYWxlZA',
        webhookUrlSealed: null,
        active: false,
      },
    ] as never);

    expect(await t.services.alertSettings.resealEarlierAddresses()).toBe(1);

    const upgraded = await settings.findOne({ _id: 'upgraded' });
    expect(sealer.open('upgraded', 'email', upgraded!.emailSealed!)).toBe('upgraded@amanat.test');
    expect(sealer.open('upgraded', 'webhook', upgraded!.webhookUrlSealed!)).toBe(
      'https://bridge.example.org/hook',
    );
    expect(await settings.findOne({ _id: 'current' })).toMatchObject({ emailSealed: current });
    expect(await settings.findOne({ _id: 'unreadable' })).toMatchObject({
      emailSealed: 'v1.bm90LXNlYWxlZA',
    });
    // Done once: a second start finds nothing left to seal again.
    expect(await t.services.alertSettings.resealEarlierAddresses()).toBe(0);
  });
});
