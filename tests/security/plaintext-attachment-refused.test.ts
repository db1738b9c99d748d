/** Attack: an attachment part uploaded unencrypted, password-encrypted, or for the wrong keys. */
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { deriveReceiptVerifier } from '../../client/crypto';
import { useTestApp } from '../helpers/use-test-app';
import {
  literalMessage,
  messageForKeys,
  passwordOnlyMessage,
  strangerPublicKey,
} from '../helpers/forge';
import { sendPreparedReport } from '../helpers/reporter-traffic';

describe('attachment parts that are not ciphertext for the caseworkers are refused', () => {
  const t = useTestApp({ label: 'sec-attachment', caseworkers: 2 });
  let receiptVerifier: string;
  beforeAll(async () => {
    const { prepared } = await sendPreparedReport(t.app, t.directory, {
      whatHappened: 'TEST ONLY',
    });
    receiptVerifier = await deriveReceiptVerifier(prepared.receipt);
  });

  const cases: [string, () => Promise<Uint8Array>, string][] = [
    [
      'the raw file',
      () => Promise.resolve(Buffer.from('%PDF-1.7 TEST ONLY secret document')),
      'malformed_packet',
    ],
    ['a literal data packet', () => literalMessage('TEST ONLY file content'), 'not_encrypted'],
    [
      'a password-encrypted message',
      () => passwordOnlyMessage('TEST ONLY file content'),
      'password_encrypted',
    ],
    [
      'a message for a stranger',
      async () =>
        messageForKeys('TEST ONLY', [
          ...t.directory.recipients.map((r) => r.publicKey),
          await strangerPublicKey(),
        ]),
      'unknown_recipient',
    ],
    [
      'a message missing a caseworker',
      () => messageForKeys('TEST ONLY', [t.directory.recipients[0]!.publicKey]),
      'recipient_missing',
    ],
  ];

  test.each(cases)(
    'when the part is %s then it is refused and nothing is stored',
    async (_name, makePart, code) => {
      const response = await request(t.app)
        .put(`/api/attachments/${randomBytes(16).toString('hex')}/parts/0`)
        .set('Content-Type', 'application/octet-stream')
        .set('X-Receipt-Verifier', receiptVerifier)
        .send(Buffer.from(await makePart()));
      expect({ status: response.status, code: response.body.error?.code }).toEqual({
        status: 422,
        code,
      });
      expect(await t.connection.db!.collection('attachment_parts').countDocuments({})).toBe(0);
    },
  );

  test('when the part is sent as JSON then it is refused as the wrong media type', async () => {
    const response = await request(t.app)
      .put(`/api/attachments/${randomBytes(16).toString('hex')}/parts/0`)
      .set('X-Receipt-Verifier', receiptVerifier)
      .send({ file: 'TEST ONLY' });
    expect(response.status).toBe(415);
  });
});
