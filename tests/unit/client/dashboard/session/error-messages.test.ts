import { createDashboardTranslator } from '../../../../../client/dashboard/i18n';
import {
  describeError,
  describeFailure,
  isKnownErrorCode,
} from '../../../../../client/dashboard/session/error-messages';

describe('error messages', () => {
  const en = createDashboardTranslator('en');
  const ug = createDashboardTranslator('ug');

  test('when the server gives a known code then the message comes from the catalogue, in the chosen language', () => {
    expect(describeFailure(en, { code: 'login_failed' })).toBe(en('error.login_failed'));
    expect(describeFailure(ug, { code: 'login_failed' })).toBe(ug('error.login_failed'));
    expect(describeFailure(en, { code: 'invite_invalid' })).toMatch(/invitation is not valid/);
  });

  test('when the server failed unexpectedly then staff are told to check what was saved, not just to try again', () => {
    // A statistics release or a reply sent again after a 500 may be a second one.
    expect(describeFailure(en, { code: 'internal_error' })).toBe(en('error.internal_error'));
    expect(describeFailure(en, { code: 'internal_error' })).toMatch(/Check what was saved/);
    expect(describeFailure(ug, { code: 'internal_error' })).toBe(ug('error.internal_error'));
  });

  test('when login is throttled then the wait is given in whole minutes', () => {
    expect(describeFailure(en, { code: 'login_throttled', retryAfterSeconds: 61 })).toBe(
      'Too many attempts. Try again in 2 minutes.',
    );
    expect(describeFailure(en, { code: 'login_throttled', retryAfterSeconds: 5 })).toBe(
      'Too many attempts. Try again in 1 minute.',
    );
  });

  test('when the code is unknown then a generic message names it, and odd codes are not echoed', () => {
    expect(describeFailure(en, { code: 'brand_new_code' })).toBe(
      en('error.generic', { code: 'brand_new_code' }),
    );
    expect(describeFailure(en, { code: '<img src=x>' })).toBe(
      en('error.generic', { code: 'unknown' }),
    );
    expect(isKnownErrorCode('__proto__')).toBe(false);
    expect(isKnownErrorCode('constructor')).toBe(false);
    expect(describeFailure(en, { code: 'constructor' })).toContain('(constructor)');
  });

  test('when crypto throws a typed error then its code picks the message; anything else is generic', () => {
    expect(describeError(en, Object.assign(new Error('x'), { code: 'wrong_passphrase' }))).toBe(
      en('error.wrong_passphrase'),
    );
    expect(describeError(en, new TypeError('boom'))).toBe(en('error.generic', { code: 'unknown' }));
    expect(describeError(en, 'string thrown')).toBe(en('error.generic', { code: 'unknown' }));
  });
});
