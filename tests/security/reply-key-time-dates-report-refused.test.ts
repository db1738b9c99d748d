/**
 * Attack or careless client: a reply key made "now". The reply key and its secret half are stored
 * with the report in plaintext; a key packet's or a signature's creation time gives the second
 * the reporter wrote the report, where the database otherwise keeps only the day. Defence:
 * intake accepts only keys whose every key and signature time is REPORTER_TIMESTAMP
 * (server/features/intake/intake.service.ts), which the reporter's browser uses
 * (client/crypto/keys.ts generateReplyKey). Keys from OpenPGP.js and from GnuPG are tried; each
 * refusal is 422 with a message that says why, and stores nothing.
 */
import request from 'supertest';
import { prepareReportSubmission } from '../../client/crypto';
import { REPORTER_TIMESTAMP } from '../../client/crypto/config';
import { timedReplyKeys } from '../helpers/forge';
import { GnuPG, withPassphrase } from '../helpers/gnupg';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { buildSubmission } from '../helpers/reports';
import { useTestApp } from '../helpers/use-test-app';

const REPLY_KEY_USER_ID = 'Amanat reply key';
const PASSPHRASE = 'TEST ONLY reply key passphrase';
const TIME_REFUSAL =
  /made at a time other than the fixed reporter time \(2025-01-01T00:00:00Z\): key times would date the report/;

describe('reply keys whose times would date the report are refused', () => {
  const t = useTestApp({ label: 'sec-replykeytime', caseworkers: 1 });
  let gnupg: GnuPG;
  beforeAll(() => {
    gnupg = new GnuPG();
  });
  afterAll(() => {
    gnupg.dispose();
  });

  /** Generates a protected Curve25519 key in GnuPG, optionally with a faked clock; returns its fingerprint. */
  function gnupgReplyKey(fakedTime?: string): string {
    gnupg.run([
      ...(fakedTime ? ['--faked-system-time', fakedTime] : []),
      ...withPassphrase(PASSPHRASE),
      '--yes', // another key with this user id may exist
      '--quick-gen-key',
      REPLY_KEY_USER_ID,
      'future-default',
      'default',
      'never',
    ]);
    return primaryFingerprints().at(-1)!;
  }

  /** Fingerprints of the primary keys in the keyring, oldest first. */
  function primaryFingerprints(): string[] {
    const lines = gnupg.run(['--with-colons', '--list-keys']).toString().split('\n');
    return lines
      .filter((line, i) => line.startsWith('fpr:') && lines[i - 1]?.startsWith('pub:'))
      .map((line) => line.split(':')[9]!);
  }

  function exportSecret(fingerprint: string): string {
    return gnupg.exportSecretKey(fingerprint, PASSPHRASE);
  }

  async function submit(replyKey: string, replySecretKey?: string) {
    const { body } = await buildSubmission(t.directory);
    return {
      ...body,
      replyKey,
      ...(replySecretKey === undefined ? {} : { replySecretKey }),
    };
  }

  async function expectRefused(
    body: object,
    code: 'reply_key_invalid' | 'reply_secret_key_invalid',
  ): Promise<void> {
    const error = await expectRefusedAndNothingStored(t, body, { status: 422, code });
    expect(error.message).toMatch(TIME_REFUSAL);
  }

  test('when the browser prepares a report then its reply key and secret key are accepted', async () => {
    const { body } = await prepareReportSubmission({ whatHappened: 'TEST ONLY' }, t.directory);
    const response = await request(t.app).post('/api/reports').send(body);
    expect(response.status).toBe(201);
  });

  test('when the reply key was generated now by OpenPGP.js then it is refused', async () => {
    const now = await timedReplyKeys.generate(PASSPHRASE);
    await expectRefused(await submit(now.publicKey, now.privateKey), 'reply_key_invalid');
  });

  test('when the key was made at the reporter time but its self-signatures now then it is refused', async () => {
    const fixed = await timedReplyKeys.generate(PASSPHRASE, REPORTER_TIMESTAMP);
    const signedNow = await timedReplyKeys.resign(fixed.privateKey, PASSPHRASE, new Date());
    await expectRefused(await submit(signedNow.publicKey), 'reply_key_invalid');
  });

  test('when a subkey made now was added to a key of the reporter time then it is refused', async () => {
    const fixed = await timedReplyKeys.generate(PASSPHRASE, REPORTER_TIMESTAMP);
    const withSubkey = await timedReplyKeys.withSubkeyAddedAt(
      fixed.privateKey,
      PASSPHRASE,
      new Date(),
    );
    await expectRefused(await submit(withSubkey), 'reply_key_invalid');
  });

  test('when the public key is of the reporter time but the secret key was signed now then the secret key is refused', async () => {
    const fixed = await timedReplyKeys.generate(PASSPHRASE, REPORTER_TIMESTAMP);
    const signedNow = await timedReplyKeys.resign(fixed.privateKey, PASSPHRASE, new Date());
    await expectRefused(
      await submit(fixed.publicKey, signedNow.privateKey),
      'reply_secret_key_invalid',
    );
  });

  test('when the reply key was made by GnuPG with the real clock then it is refused', async () => {
    const fingerprint = gnupgReplyKey();
    const publicKey = gnupg.run(['--armor', '--export', fingerprint]).toString();
    await expectRefused(await submit(publicKey, exportSecret(fingerprint)), 'reply_key_invalid');
  });

  test('when GnuPG made the key at the reporter time then it is accepted, and once it signs again now its secret key is refused', async () => {
    const fingerprint = gnupgReplyKey('20250101T000000!');
    const publicKey = gnupg.run(['--armor', '--export', fingerprint]).toString();
    const accepted = await request(t.app)
      .post('/api/reports')
      .send(await submit(publicKey, exportSecret(fingerprint)));
    expect(accepted.status).toBe(201);

    // A new self-signature (here: the expiry set again) carries the real time.
    gnupg.run([...withPassphrase(PASSPHRASE), '--quick-set-expire', fingerprint, '0']);
    await expectRefused(
      await submit(publicKey, exportSecret(fingerprint)),
      'reply_secret_key_invalid',
    );
  });
});
