/** Attack: a client (buggy or hostile) uploads a report that is not encrypted at all. */
import { createTestApp, type TestApp } from '../helpers/test-app';
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
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ label: 'sec-plaintext' });
  });
  afterAll(async () => {
    await t.close();
  });

  const secret = 'TEST ONLY: my brother was detained in Urumqi';

  test('when the message is a literal data packet then it is refused as not encrypted', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(await literalMessage(secret));
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'not_encrypted' });
  });

  test('when the message is signed plaintext then it is refused as not encrypted', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(await signedMessage(secret));
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'not_encrypted' });
  });

  test('when the message is a cleartext-signed text then it is refused as invalid armor', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = await cleartextSignedMessage(secret);
    await expectRefusedAndNothingStored(t, body, { status: 400, code: 'invalid_armor' });
  });

  test('when the message is a compressed packet then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(await compressedMessage(secret));
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'compressed_data' });
  });

  test('when the message field holds the plaintext itself then it is refused as invalid armor', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = secret;
    await expectRefusedAndNothingStored(t, body, { status: 400, code: 'invalid_armor' });
  });
});
