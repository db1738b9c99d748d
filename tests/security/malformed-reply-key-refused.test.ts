/**
 * Attack or mistake: a reply key that cannot protect replies, or that carries identifying data
 * (a name or e-mail in its user id would be stored in plaintext).
 */
import { REPORTER_TIMESTAMP } from '../../client/crypto/config';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { hostileKeys } from '../helpers/forge';

describe('malformed reply keys are refused', () => {
  const t = useTestApp({ label: 'sec-replykey', caseworkers: 1 });

  const cases: [string, () => Promise<string>][] = [
    ['garbage text', () => Promise.resolve('not a key at all')],
    [
      'an armored block that is not a key',
      () =>
        Promise.resolve(
          '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n',
        ),
    ],
    // Made at the reporter time, so only its user id is wrong.
    [
      'a key whose user id names the reporter',
      () => hostileKeys.withIdentifyingUserId(REPORTER_TIMESTAMP),
    ],
    ['an expired key', () => hostileKeys.expired()],
    ['a revoked key', () => hostileKeys.revoked()],
    ['a secret key', () => hostileKeys.secret()],
    ['a v6 key', () => hostileKeys.version6()],
    ['two keys', () => hostileKeys.two()],
  ];

  test.each(cases)('when the reply key is %s then it is refused', async (_name, makeKey) => {
    const { body } = await buildSubmission(t.directory);
    body.replyKey = await makeKey();
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'reply_key_invalid' });
  });

  test('when the reply key is missing then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    const { replyKey: _omitted, ...withoutKey } = body;
    await expectRefusedAndNothingStored(t, withoutKey, { status: 400, code: 'invalid_field' });
  });
});
