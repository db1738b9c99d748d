import {
  groupFingerprint,
  groupSecret,
  keyFileName,
  normaliseCode,
} from '../../../../client/dashboard/format';

describe('formatting for people', () => {
  test('when a fingerprint is shown then it is upper case in groups of four', () => {
    expect(groupFingerprint('0123456789abcdef0123456789abcdef01234567')).toBe(
      '0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567',
    );
  });

  test('when a TOTP secret is shown then padding goes and groups of four remain', () => {
    expect(groupSecret('jbswy3dpehpk3pxp==')).toBe('JBSW Y3DP EHPK 3PXP');
  });

  test('when a code is typed with spaces then they are removed', () => {
    expect(normaliseCode(' 123 456 ')).toBe('123456');
  });

  test('when a key is downloaded then the file name holds only hex', () => {
    expect(keyFileName('../..//0123456789abcdef0123456789ABCDEF01234567')).toBe(
      'amanat-key-89abcdef01234567.asc',
    );
  });
});
