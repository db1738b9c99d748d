/**
 * Attack: a message that can be opened with a password (alone or besides the caseworker keys):
 * whoever guesses or is coerced into giving the password reads the report.
 */
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { armorBytes, keysAndPasswordMessage, passwordOnlyMessage } from '../helpers/forge';

describe('password-encrypted reports are refused', () => {
  const t = useTestApp({ label: 'sec-password' });

  test('when the message is encrypted only to a password then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(await passwordOnlyMessage('TEST ONLY report'));
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'password_encrypted' });
  });

  test('when the message is encrypted to the caseworkers and also to a password then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(await keysAndPasswordMessage('TEST ONLY report', t.directory));
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'password_encrypted' });
  });
});
