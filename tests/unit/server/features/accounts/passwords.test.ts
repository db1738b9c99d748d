import {
  checkNewPassword,
  hashPassword,
  verifyAgainstDecoy,
  verifyPassword,
} from '../../../../../server/features/accounts/passwords';

describe('staff passwords', () => {
  test.each([
    ['14 characters', 'fourteen chars', 'password_too_short'],
    ['257 characters', 'x'.repeat(257), 'password_too_long'],
    ['a listed common password', '123456789987654321', 'password_common'],
    ['a common password padded with digits', 'password1234567890', 'password_common'],
    ['one containing the username', 'my name is amina and more', 'password_common'],
  ])('when it is %s then it is refused with its own code', (_name, password, code) => {
    expect(() => checkNewPassword(password, 'amina')).toThrow(
      expect.objectContaining({ code, status: 422 }),
    );
  });

  test('length counts characters, not bytes: 15 Uyghur letters are enough', () => {
    expect(() => checkNewPassword('ئۇيغۇرچەئىمەسمۇبۇ', 'amina')).not.toThrow();
  });

  test('an argon2id hash with 64 MiB and t=3 verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    await expect(verifyPassword(hash, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'correct horse battery stapl')).resolves.toBe(false);
    await expect(verifyPassword('not a hash', 'x')).resolves.toBe(false);
    await expect(verifyAgainstDecoy('anything')).resolves.toBe(false);
  });
});
