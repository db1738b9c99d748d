import { randomBytes } from 'node:crypto';
import { SecretSealer } from '../../../../server/platform/sealed-secrets';

describe('sealed secrets', () => {
  const sealer = new SecretSealer(randomBytes(32), 'totp-secret');

  test('a sealed secret opens in its own context and does not contain the secret', () => {
    const sealed = sealer.seal('JBSWY3DPEHPK3PXP', 'account-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealer.open(sealed, 'account-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(sealer.seal('JBSWY3DPEHPK3PXP', 'account-1')).not.toBe(sealed); // random IV
  });

  test('when the context, the key or one byte differs then it does not open', () => {
    const sealed = sealer.seal('JBSWY3DPEHPK3PXP', 'account-1');
    expect(() => sealer.open(sealed, 'account-2')).toThrow();
    expect(() =>
      new SecretSealer(randomBytes(32), 'totp-secret').open(sealed, 'account-1'),
    ).toThrow();
    const flipped = sealed.slice(0, -3) + (sealed.at(-3) === 'A' ? 'B' : 'A') + sealed.slice(-2);
    expect(() => sealer.open(flipped, 'account-1')).toThrow();
  });
});
