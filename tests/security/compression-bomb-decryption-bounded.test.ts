/**
 * Attack: a report of a few hundred kilobytes, made with stock GnuPG, that compresses tens of
 * megabytes inside the encryption. Intake cannot see it (the server never decrypts); the
 * caseworker's browser would expand it whole. Every decryption in client/crypto names the most
 * plaintext it accepts, and stops decompressing there. Compression itself stays accepted: hand-made
 * reports from GnuPG arrive compressed by default.
 */
import {
  CryptoError,
  decryptMessage,
  decryptWithCaseworkerKey,
  generateCaseworkerKey,
  MAX_PLAINTEXT_BYTES,
  unlockCaseworkerKey,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';
import { GnuPG } from '../helpers/gnupg';
import { refusalOf } from '../helpers/refusals';

const KEY_PASSPHRASE = 'TEST ONLY key passphrase';
/** Twice the largest bound: an expansion that must be refused for every kind of message. */
const BOMB_BYTES = 2 * MAX_PLAINTEXT_BYTES.report;

const refusal = async (promise: Promise<unknown>): Promise<string> =>
  (await refusalOf(promise, [CryptoError])).code;

describe('a compression bomb made with GnuPG', () => {
  const gpg = new GnuPG();
  let armoredSecretKey: string;
  let handle: UnlockedCaseworkerKey;
  let fingerprint: string;

  /** `bytes` of zeros (or `text`), encrypted by stock GnuPG to the caseworker key, binary. */
  function gnupgEncrypt(plaintext: Buffer, compression: string[]): Buffer {
    return gpg.run(
      ['--trust-model', 'always', '--encrypt', '--recipient', fingerprint, ...compression],
      plaintext,
    );
  }

  beforeAll(async () => {
    const key = await generateCaseworkerKey(KEY_PASSPHRASE);
    armoredSecretKey = key.protectedSecretKey;
    fingerprint = key.fingerprint;
    gpg.run(['--import'], key.armoredPublicKey);
    handle = await unlockCaseworkerKey(key.protectedSecretKey, KEY_PASSPHRASE);
  });

  afterAll(() => gpg.dispose());

  it.each([
    ['zlib', ['--compress-algo', 'zlib', '-z', '9']],
    ['bzip2', ['--compress-algo', 'bzip2', '-z', '9']],
  ])(
    'when it is %s-compressed then the dashboard and the reporter page refuse it as too large',
    async (_name, compression) => {
      const bomb = gnupgEncrypt(Buffer.alloc(BOMB_BYTES), compression);
      // Small enough to pass intake's body limit: only the decryption bound stops it.
      expect(bomb.length).toBeLessThan(512 * 1024);
      expect(
        await refusal(decryptWithCaseworkerKey(handle, bomb, MAX_PLAINTEXT_BYTES.report)),
      ).toBe('plaintext_too_large');
      expect(
        await refusal(
          decryptMessage(bomb, armoredSecretKey, KEY_PASSPHRASE, MAX_PLAINTEXT_BYTES.report),
        ),
      ).toBe('plaintext_too_large');
    },
  );

  it('when a compressed message is within its bound then it decrypts as before', async () => {
    const report = Buffer.from(JSON.stringify({ what: 'TEST ONLY hand-made report' }).repeat(200));
    const compressed = gnupgEncrypt(report, []);
    const plaintext = await decryptWithCaseworkerKey(
      handle,
      compressed,
      MAX_PLAINTEXT_BYTES.report,
    );
    expect(Buffer.from(plaintext).equals(report)).toBe(true);
  });

  it('when an uncompressed plaintext is larger than its kind allows then it is refused', async () => {
    const oversize = Buffer.alloc(MAX_PLAINTEXT_BYTES.caseMessage + 1, 0x61);
    const message = gnupgEncrypt(oversize, ['-z', '0']);
    expect(
      await refusal(decryptWithCaseworkerKey(handle, message, MAX_PLAINTEXT_BYTES.caseMessage)),
    ).toBe('plaintext_too_large');
    const exact = gnupgEncrypt(oversize.subarray(1), ['-z', '0']);
    expect(
      (await decryptWithCaseworkerKey(handle, exact, MAX_PLAINTEXT_BYTES.caseMessage)).length,
    ).toBe(MAX_PLAINTEXT_BYTES.caseMessage);
  });
});
