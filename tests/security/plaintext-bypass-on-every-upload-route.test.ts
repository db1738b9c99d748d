/**
 * Attack: getting plaintext (or something anyone with a password can open) stored through any
 * route that accepts a message or a part of one, not only intake: a reporter's follow-up or
 * attachment part, a caseworker's note or reply, a shared key packet, a caseworker's key upload
 * or re-protection, the reporter's reply secret key. A buggy or hostile client sends plain text,
 * an armored literal data packet, compressed data, a password-encrypted (SKESK) message, a
 * signature, signed plaintext or a truncated message. Defence: every one of these routes runs
 * the same strict packet check (server/platform/openpgp: PKESK v3 for exactly the right keys,
 * then one SEIPD v1; key packets alone for shares; S2K-protected secret keys) before anything is
 * written, and answers with a specific 4xx code. Nothing is stored.
 */
import { randomBytes } from 'node:crypto';
import request, { type Response } from 'supertest';
import { generateCaseworkerKey } from '../../client/crypto';
import { REPORTER_TIMESTAMP } from '../../client/crypto/config';
import { readPacketFraming } from '../../server/platform/openpgp/packet-framing';
import { storedDataExcept } from '../helpers/database';
import {
  armorBytes,
  compressedMessage,
  hostileKeys,
  keysAndPasswordMessage,
  literalMessage,
  messageForDirectory,
  passwordOnlyMessage,
  signedMessage,
} from '../helpers/forge';
import { buildSubmission } from '../helpers/reports';
import { enrolStaff, reauthenticate, uploadOwnKey, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const SECRET = 'TEST ONLY: my brother was detained in Urumqi on 3 May';

type PayloadName =
  | 'plain text'
  | 'armored literal data'
  | 'compressed data'
  | 'password-encrypted (SKESK only)'
  | 'caseworkers and a password'
  | 'a signature only'
  | 'signed plaintext'
  | 'truncated ciphertext';

/** The bytes each payload is made of (the plain text as UTF-8). */
type Payloads = Record<PayloadName, Uint8Array>;

/** Where packet `index` starts and ends in the input (fixed-length packets). */
function packetBounds(bytes: Uint8Array, index: number): { start: number; end: number } {
  const packets = readPacketFraming(bytes);
  const previous = packets[index - 1];
  const packet = packets[index]!;
  return {
    start: previous ? previous.bodyOffset + previous.bodyLength : 0,
    end: packet.bodyOffset + packet.bodyLength,
  };
}

/** Packet `index` alone. */
function onePacket(bytes: Uint8Array, index: number): Uint8Array {
  const { start, end } = packetBounds(bytes, index);
  return bytes.subarray(start, end);
}

/** What a route answered: status and error code. */
const answerOf = (response: Response) => ({
  status: response.status,
  code: (response.body as { error?: { code?: string } }).error?.code,
});

describe('plaintext on every upload route', () => {
  let caseworker: EnrolledStaff;
  let payloads: Payloads;
  let caseId: string;
  let receiptVerifier: string;
  let validPkesk: Uint8Array;

  const t = useTestApp({ label: 'sec-plain-routes', caseworkers: 2 });
  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'plain-caseworker');
    const built = await buildSubmission(t.directory);
    caseId = (await request(t.app).post('/api/reports').send(built.body).expect(201)).body.caseId;
    receiptVerifier = built.body.receiptVerifier;
    // The caseworker has a key of their own (pending), so its re-protection can be attempted.
    const own = await generateCaseworkerKey('TEST ONLY plaintext-routes key passphrase');
    await reauthenticate(t, caseworker.client, caseworker);
    expect((await uploadOwnKey(caseworker.client, own)).status).toBe(201);

    const valid = await messageForDirectory(SECRET, t.directory);
    const signed = await signedMessage(SECRET);
    const passwordOnly = await passwordOnlyMessage(SECRET);
    payloads = {
      'plain text': new TextEncoder().encode(SECRET),
      'armored literal data': await literalMessage(SECRET),
      'compressed data': await compressedMessage(SECRET),
      'password-encrypted (SKESK only)': passwordOnly,
      'caseworkers and a password': await keysAndPasswordMessage(SECRET, t.directory),
      // One-pass signature, literal data, signature: the last packet is the signature alone.
      'a signature only': onePacket(signed, readPacketFraming(signed).length - 1),
      'signed plaintext': signed,
      'truncated ciphertext': valid.subarray(0, valid.length - 7),
    };
    validPkesk = onePacket(valid, 1);
  });

  /** Armored fields carry the plain text as it is, everything else armored. */
  const armored = (name: PayloadName) =>
    name === 'plain text' ? SECRET : armorBytes(payloads[name]);

  interface UploadRoute {
    readonly name: string;
    readonly send: (name: PayloadName) => Promise<Response>;
  }

  const messageId = () => randomBytes(16).toString('hex');
  const routes = (): UploadRoute[] => [
    {
      name: 'POST /api/reports (message)',
      send: async (name) => {
        const { body } = await buildSubmission(t.directory);
        return await request(t.app)
          .post('/api/reports')
          .send({ ...body, message: armored(name) });
      },
    },
    {
      name: 'POST /api/receipts/messages (follow-up)',
      send: (name) =>
        request(t.app)
          .post('/api/receipts/messages')
          .send({ receiptVerifier, messageId: messageId(), message: armored(name) }),
    },
    {
      name: 'PUT /api/attachments/:attachmentId/parts/:index',
      send: (name) =>
        request(t.app)
          .put(`/api/attachments/${randomBytes(16).toString('hex')}/parts/0`)
          .set({
            'Content-Type': 'application/octet-stream',
            'X-Receipt-Verifier': receiptVerifier,
          })
          .send(Buffer.from(payloads[name])),
    },
    {
      name: 'POST /api/cases/:caseId/notes',
      send: (name) =>
        caseworker.client.post(`/api/cases/${caseId}/notes`, {
          messageId: messageId(),
          message: armored(name),
        }),
    },
    {
      name: 'POST /api/cases/:caseId/replies',
      send: (name) =>
        caseworker.client.post(`/api/cases/${caseId}/replies`, {
          messageId: messageId(),
          message: armored(name),
        }),
    },
  ];

  /** Specific codes per payload, the same on every message route. */
  const EXPECTED: Record<PayloadName, { status: number; code: string }> = {
    'plain text': { status: 400, code: 'invalid_armor' },
    'armored literal data': { status: 422, code: 'not_encrypted' },
    'compressed data': { status: 422, code: 'compressed_data' },
    'password-encrypted (SKESK only)': { status: 422, code: 'password_encrypted' },
    'caseworkers and a password': { status: 422, code: 'password_encrypted' },
    'a signature only': { status: 422, code: 'not_encrypted' },
    'signed plaintext': { status: 422, code: 'not_encrypted' },
    'truncated ciphertext': { status: 422, code: 'truncated' },
  };
  /** Binary parts carry bytes, not armor: plain text is simply not an OpenPGP packet. */
  const EXPECTED_BINARY: Record<PayloadName, { status: number; code: string }> = {
    ...EXPECTED,
    'plain text': { status: 422, code: 'malformed_packet' },
  };

  const storedData = async () => await storedDataExcept(t.connection);

  test('when any message route receives a payload that is not ciphertext for the right keys then it is refused with its specific code and nothing is stored', async () => {
    const before = await storedData();
    const answers: { route: string; payload: PayloadName; answer: object }[] = [];
    const expected: typeof answers = [];
    for (const route of routes()) {
      const table = route.name.startsWith('PUT /api/attachments') ? EXPECTED_BINARY : EXPECTED;
      for (const payload of Object.keys(EXPECTED) as PayloadName[]) {
        answers.push({ route: route.name, payload, answer: answerOf(await route.send(payload)) });
        expected.push({ route: route.name, payload, answer: table[payload] });
      }
    }
    expect(answers).toEqual(expected);
    expect(await storedData()).toBe(before);
    // The secret never reached the database in any form.
    const stored = await storedData();
    expect(stored).not.toContain('Urumqi');
    expect(stored).not.toContain(Buffer.from(SECRET).toString('base64'));
  });

  test('when a share carries anything but one key packet then it is refused and no message changes', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    const colleague = t.caseworkers[1]!.fingerprint;
    const before = await storedData();
    const answers: { payload: string; answer: object }[] = [];
    const variants: [string, Uint8Array][] = [
      ['plain text', payloads['plain text']],
      ['a literal data packet', payloads['armored literal data']],
      ['compressed data', payloads['compressed data']],
      ['a password (SKESK) packet', onePacket(payloads['password-encrypted (SKESK only)'], 0)],
      ['a signature only', payloads['a signature only']],
      ['a truncated key packet', validPkesk.subarray(0, validPkesk.length - 5)],
      [
        'a key packet followed by a literal',
        Buffer.concat([validPkesk, payloads['armored literal data']]),
      ],
    ];
    for (const [payload, bytes] of variants) {
      const response = await caseworker.client.post(`/api/cases/${caseId}/shares`, {
        fingerprint: colleague,
        packets: [{ target: 'report', id: caseId, pkesk: Buffer.from(bytes).toString('base64') }],
      });
      answers.push({ payload, answer: answerOf(response) });
    }
    expect(answers).toEqual(
      variants.map(([payload]) => ({
        payload,
        answer: { status: 422, code: 'invalid_key_packet' },
      })),
    );
    expect(await storedData()).toBe(before);
  });

  test('when a key upload carries an unprotected secret key or a message instead of a key then it is refused and the stored key is unchanged', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    const unprotected = await hostileKeys.unprotectedPair('caseworker');
    const before = await storedData();
    const attempts: [string, () => Promise<Response>, string][] = [
      [
        'PUT /api/me/key with an unprotected secret key',
        () =>
          caseworker.client.put('/api/me/key', {
            armoredPublicKey: unprotected.publicKey,
            protectedSecretKey: unprotected.secretKey,
          }),
        'key_invalid',
      ],
      [
        'PUT /api/me/key with a literal message as the secret key',
        () =>
          caseworker.client.put('/api/me/key', {
            armoredPublicKey: unprotected.publicKey,
            protectedSecretKey: armorBytes(payloads['armored literal data']),
          }),
        'key_unreadable',
      ],
      [
        'PUT /api/me/key/protection with an unprotected secret key',
        () =>
          caseworker.client.put('/api/me/key/protection', {
            protectedSecretKey: unprotected.secretKey,
          }),
        'key_invalid',
      ],
      [
        'PUT /api/me/key/protection with a literal message',
        () =>
          caseworker.client.put('/api/me/key/protection', {
            protectedSecretKey: armorBytes(payloads['armored literal data']),
          }),
        'key_unreadable',
      ],
    ];
    const answers: { attempt: string; answer: object }[] = [];
    for (const [attempt, send] of attempts)
      answers.push({ attempt, answer: answerOf(await send()) });
    expect(answers).toEqual(
      attempts.map(([attempt, , code]) => ({ attempt, answer: { status: 422, code } })),
    );
    expect(await storedData()).toBe(before);
  });

  test('when a report carries its reply secret key unprotected then it is refused', async () => {
    // Made at the reporter time, so only its missing protection is wrong.
    const pair = await hostileKeys.unprotectedPair('Amanat reply key', REPORTER_TIMESTAMP);
    const { body } = await buildSubmission(t.directory);
    const before = await storedData();
    const response = await request(t.app)
      .post('/api/reports')
      .send({ ...body, replyKey: pair.publicKey, replySecretKey: pair.secretKey });
    expect(answerOf(response)).toEqual({ status: 422, code: 'reply_secret_key_invalid' });
    // And a literal message where the reply key goes is no key at all.
    const literal = await request(t.app)
      .post('/api/reports')
      .send({ ...body, replyKey: armorBytes(payloads['armored literal data']) });
    expect(answerOf(literal)).toEqual({ status: 422, code: 'reply_key_invalid' });
    expect(await storedData()).toBe(before);
  });
});
