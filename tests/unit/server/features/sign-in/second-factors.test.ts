import {
  createRecoveryCodes,
  hashRecoveryCode,
} from '../../../../../server/features/sign-in/recovery-codes';
import { delaySeconds } from '../../../../../server/features/sign-in/login-throttle';
import {
  createTotpSecret,
  generateTotpCode,
  matchTotpStep,
  totpUri,
} from '../../../../../server/features/sign-in/totp';

describe('recovery codes', () => {
  test('ten distinct codes of 80 bits in four groups of Crockford base32', () => {
    const codes = createRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes)
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  test('when typed in lower case, with spaces or look-alike letters then the same hash results', () => {
    const [code] = createRecoveryCodes() as [string];
    const hash = hashRecoveryCode(code);
    expect(hashRecoveryCode(code.toLowerCase().replace(/-/g, ' '))).toBe(hash);
    expect(hashRecoveryCode(code.replace(/0/g, 'O').replace(/1/g, 'I'))).toBe(hash);
  });

  test('when the input cannot be a code then there is no hash to look up', () => {
    expect(hashRecoveryCode('')).toBeNull();
    expect(hashRecoveryCode('ABCD-EFGH')).toBeNull();
    expect(hashRecoveryCode('UUUU-UUUU-UUUU-UUUU')).toBeNull(); // U is not in the alphabet
  });
});

describe('TOTP', () => {
  const secret = createTotpSecret();
  const now = new Date('2026-11-28T12:00:15Z');
  const step = Math.floor(now.getTime() / 30_000);

  test('when the code of this step or a neighbouring one is given then its step is returned', () => {
    expect(matchTotpStep(secret, generateTotpCode(secret, now), now)).toBe(step);
    expect(
      matchTotpStep(secret, generateTotpCode(secret, new Date(now.getTime() - 30_000)), now),
    ).toBe(step - 1);
    expect(
      matchTotpStep(secret, generateTotpCode(secret, new Date(now.getTime() + 30_000)), now),
    ).toBe(step + 1);
  });

  test('when the code is two steps away, malformed or from another secret then nothing matches', () => {
    expect(
      matchTotpStep(secret, generateTotpCode(secret, new Date(now.getTime() - 90_000)), now),
    ).toBeNull();
    expect(matchTotpStep(secret, '12345', now)).toBeNull();
    expect(matchTotpStep(secret, '12345a', now)).toBeNull();
    expect(matchTotpStep(createTotpSecret(), generateTotpCode(secret, now), now)).toBeNull();
  });

  test('the otpauth URI names the issuer and the username, with 6 digits and 30 s', () => {
    const uri = totpUri(secret, 'amina', 'Amanat');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Amanat:amina\?/);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
  });
});

describe('login throttle delays', () => {
  const policy = { freeAttempts: 10, maxDelaySeconds: 900 };
  test('free attempts first, then 1 s doubling, capped', () => {
    expect([0, 9].map((n) => delaySeconds(policy, n))).toEqual([0, 0]);
    expect([10, 11, 12, 15].map((n) => delaySeconds(policy, n))).toEqual([1, 2, 4, 32]);
    expect(delaySeconds(policy, 30)).toBe(900);
  });
});
