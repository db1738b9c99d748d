/**
 * Attack: malformed, truncated, concatenated or exotic OpenPGP input aimed at the parser, or at
 * smuggling a second payload past the check.
 */
import { randomBytes } from 'node:crypto';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { armorBytes, messageForDirectory, withSeipdVersion } from '../helpers/forge';

describe('malformed messages are refused', () => {
  const t = useTestApp({ label: 'sec-malformed' });
  let valid: Uint8Array;
  beforeAll(async () => {
    valid = await messageForDirectory('TEST ONLY report', t.directory);
  });

  async function submitMessage(
    message: string,
    expected: { status: number; code: string },
  ): Promise<void> {
    const { body } = await buildSubmission(t.directory);
    body.message = message;
    await expectRefusedAndNothingStored(t, body, expected);
  }

  test('when the message is truncated then it is refused', async () => {
    await submitMessage(armorBytes(valid.subarray(0, valid.length - 7)), {
      status: 422,
      code: 'truncated',
    });
  });

  test('when the message is cut inside a key packet then it is refused', async () => {
    await submitMessage(armorBytes(valid.subarray(0, 40)), { status: 422, code: 'truncated' });
  });

  test('when two encrypted messages are concatenated then it is refused', async () => {
    const second = await messageForDirectory('TEST ONLY smuggled', t.directory);
    await submitMessage(armorBytes(Buffer.concat([valid, second])), {
      status: 422,
      code: 'concatenated_messages',
    });
  });

  test('when garbage follows the message then it is refused', async () => {
    await submitMessage(armorBytes(Buffer.concat([valid, Buffer.from([0x00, 0x01])])), {
      status: 422,
      code: 'malformed_packet',
    });
  });

  test('when the message is random bytes then it is refused', async () => {
    // 0x80 bit clear in the first byte: never a packet header.
    const bytes = randomBytes(512);
    bytes[0] = 0x3f;
    await submitMessage(armorBytes(bytes), { status: 422, code: 'malformed_packet' });
  });

  test('when the message uses AEAD (SEIPD v2) encryption GnuPG 2.2 cannot read then it is refused', async () => {
    await submitMessage(armorBytes(withSeipdVersion(valid, 2)), {
      status: 422,
      code: 'unsupported_encryption',
    });
  });

  test('when the armor carries headers that would be stored in plaintext then it is refused', async () => {
    const armored = armorBytes(valid).replace(
      '-----BEGIN PGP MESSAGE-----\n',
      '-----BEGIN PGP MESSAGE-----\nComment: reporter@example.org\n',
    );
    await submitMessage(armored, { status: 400, code: 'armor_headers_not_allowed' });
  });

  test('when the armor checksum does not match then it is refused', async () => {
    const armored = armorBytes(valid).trimEnd().split('\n');
    const body = armored.slice(2, -1).join('');
    const wrongChecksum = `=${Buffer.from([1, 2, 3]).toString('base64')}`;
    await submitMessage(
      ['-----BEGIN PGP MESSAGE-----', '', body, wrongChecksum, '-----END PGP MESSAGE-----'].join(
        '\n',
      ),
      { status: 400, code: 'armor_checksum_mismatch' },
    );
  });

  test('when the message is an empty armor block then it is refused', async () => {
    await submitMessage('-----BEGIN PGP MESSAGE-----\n\n-----END PGP MESSAGE-----\n', {
      status: 400,
      code: 'invalid_armor',
    });
  });

  test('when the body is empty then it is refused', async () => {
    await expectRefusedAndNothingStored(t, '', { status: 400, code: 'empty_body' });
  });

  test('when the body is not JSON then it is refused', async () => {
    await expectRefusedAndNothingStored(t, '{"submissionId":', {
      status: 400,
      code: 'invalid_json',
    });
  });

  test('when the body is sent as another media type then it is refused', async () => {
    await expectRefusedAndNothingStored(
      t,
      Buffer.from(valid),
      { status: 415, code: 'unsupported_media_type' },
      'application/octet-stream',
    );
  });
});
