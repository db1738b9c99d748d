/** Attack: a client (buggy or hostile) uploads a report that is not encrypted at all. */
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import {
  armorBytes,
  cleartextSignedMessage,
  compressedMessage,
  literalMessage,
  signedMessage,
} from '../helpers/forge';

describe('plaintext reports are refused', () => {
  const t = useTestApp({ label: 'sec-plaintext' });

  const secret = 'TEST ONLY: my brother was detained in Urumqi';

  /** Sends a complete report whose message is `message`; it must be refused and leave nothing. */
  async function expectReportRefused(
    message: string,
    expected: Parameters<typeof expectRefusedAndNothingStored>[2],
  ): Promise<void> {
    const { body } = await buildSubmission(t.directory);
    body.message = message;
    await expectRefusedAndNothingStored(t, body, expected);
  }

  const notEncrypted = { status: 422, code: 'not_encrypted' };
  const invalidArmor = { status: 400, code: 'invalid_armor' };
  test.each<[string, () => Promise<string>, { status: number; code: string }]>([
    [
      'a literal data packet then it is refused as not encrypted',
      async () => armorBytes(await literalMessage(secret)),
      notEncrypted,
    ],
    [
      'signed plaintext then it is refused as not encrypted',
      async () => armorBytes(await signedMessage(secret)),
      notEncrypted,
    ],
    [
      'a cleartext-signed text then it is refused as invalid armor',
      () => cleartextSignedMessage(secret),
      invalidArmor,
    ],
    [
      'a compressed packet then it is refused',
      async () => armorBytes(await compressedMessage(secret)),
      { status: 422, code: 'compressed_data' },
    ],
  ])('when the message is %s', async (_what, message, expected) => {
    await expectReportRefused(await message(), expected);
  });

  test('when the message field holds the plaintext itself then it is refused as invalid armor', async () => {
    await expectReportRefused(secret, invalidArmor);
  });
});
