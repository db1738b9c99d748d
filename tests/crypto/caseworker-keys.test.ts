/**
 * The caseworker's own key in the dashboard (docs/design.md "Keys"): generated in the
 * browser or imported from GnuPG, stored only passphrase-protected, unlocked into memory and
 * dropped on lock. Both directions of the GnuPG path use real gpg.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  armorBinaryMessage,
  CaseworkerKeyError,
  CryptoError,
  decryptWithCaseworkerKey,
  encryptForDirectory,
  generateCaseworkerKey,
  importGnuPGSecretKey,
  lockCaseworkerKey,
  reprotectCaseworkerKey,
  unlockCaseworkerKey,
  type ProtectedCaseworkerKey,
  type UnlockedCaseworkerKey,
  type VerifiedDirectory,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';
import { hostileKeys } from '../helpers/forge';
import { useGnuPG, withPassphrase } from '../helpers/gnupg';
import { refusalOf } from '../helpers/refusals';

const KEY_PASSPHRASE = 'TEST ONLY key passphrase';
const OTHER_PASSPHRASE = 'TEST ONLY another passphrase';
const GPG_PASSPHRASE = 'TEST ONLY gnupg passphrase';

/** Re-protects `key` from KEY_PASSPHRASE to OTHER_PASSPHRASE (its fingerprint checked if given). */
const reprotectToOther = (key: ProtectedCaseworkerKey, expectedFingerprint?: string) =>
  reprotectCaseworkerKey(
    key.protectedSecretKey,
    KEY_PASSPHRASE,
    OTHER_PASSPHRASE,
    expectedFingerprint,
  );

/** A directory of one public key, as if verified: enough for encryptForDirectory. */
function directoryOf(...publicKeys: string[]): VerifiedDirectory {
  return {
    version: 1,
    expiresAt: new Date(Date.now() + 86_400_000),
    demo: true,
    recipients: publicKeys.map((publicKey, index) => ({
      fingerprint: `test-${index}`,
      publicKey,
    })),
  } as unknown as VerifiedDirectory;
}

async function encryptTo(publicKey: string, text: string): Promise<Uint8Array> {
  return await encryptForDirectory(new TextEncoder().encode(text), directoryOf(publicKey));
}

/** What the unlocked key reads from `message`, within the report's plaintext bound. */
async function reportTextOf(
  handle: UnlockedCaseworkerKey,
  message: Uint8Array | string,
): Promise<string> {
  return new TextDecoder().decode(
    await decryptWithCaseworkerKey(handle, message, MAX_PLAINTEXT_BYTES.report),
  );
}

const refusal = async (promise: Promise<unknown>): Promise<string> =>
  (await refusalOf(promise, [CaseworkerKeyError, CryptoError])).code;

describe('caseworker keys', () => {
  const { gpg, scratch } = useGnuPG('amanat-cw-keys-');

  /** A protected Ed25519/Curve25519 key made by real gpg, exported armored as a caseworker would. */
  function gnupgKey(userId: string, passphrase: string): { fingerprint: string; armored: string } {
    const fingerprint = gpg.generateKey(userId, 'future-default', '1y', { passphrase });
    const armored = gpg.exportSecretKey(fingerprint, passphrase);
    return { fingerprint, armored };
  }

  describe('generated in the browser', () => {
    test('when a key is generated, unlocked and used then it decrypts a message encrypted to it', async () => {
      const key = await generateCaseworkerKey(KEY_PASSPHRASE);
      expect(key.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      expect(key.userIds).toEqual(['Amanat caseworker']);
      expect(key.protectedSecretKey).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
      expect(key.protectedSecretKey).not.toContain(KEY_PASSPHRASE);

      const handle = await unlockCaseworkerKey(key.protectedSecretKey, KEY_PASSPHRASE);
      expect(handle.fingerprint).toBe(key.fingerprint);
      expect(handle.isLocked).toBe(false);
      const binary = await encryptTo(key.armoredPublicKey, 'TEST ONLY report');
      expect(await reportTextOf(handle, binary)).toBe('TEST ONLY report');
      const armored = armorBinaryMessage(binary);
      expect(await reportTextOf(handle, armored)).toBe('TEST ONLY report');
    });

    test('when the key passphrase is shorter than 12 characters then nothing is generated', async () => {
      expect(await refusal(generateCaseworkerKey('short pass'))).toBe('passphrase_too_short');
    });

    test('when a wrong passphrase is given then unlock and re-protection fail closed', async () => {
      const key = await generateCaseworkerKey(KEY_PASSPHRASE);
      expect(await refusal(unlockCaseworkerKey(key.protectedSecretKey, OTHER_PASSPHRASE))).toBe(
        'wrong_passphrase',
      );
      expect(
        await refusal(
          reprotectCaseworkerKey(key.protectedSecretKey, OTHER_PASSPHRASE, 'TEST ONLY a third one'),
        ),
      ).toBe('wrong_passphrase');
    });

    test('when the key is re-protected then the fingerprint stays and only the new passphrase opens it', async () => {
      const key = await generateCaseworkerKey(KEY_PASSPHRASE);
      const reprotected = await reprotectToOther(key, key.fingerprint);
      expect(reprotected.fingerprint).toBe(key.fingerprint);
      expect(reprotected.protectedSecretKey).not.toBe(key.protectedSecretKey);
      expect(
        await refusal(unlockCaseworkerKey(reprotected.protectedSecretKey, KEY_PASSPHRASE)),
      ).toBe('wrong_passphrase');
      const handle = await unlockCaseworkerKey(
        reprotected.protectedSecretKey,
        OTHER_PASSPHRASE,
        key.fingerprint,
      );
      const message = await encryptTo(key.armoredPublicKey, 'TEST ONLY after re-protection');
      expect(await reportTextOf(handle, message)).toBe('TEST ONLY after re-protection');
    });

    test('when the server hands over a different key than the expected fingerprint then it is refused', async () => {
      const ours = await generateCaseworkerKey(KEY_PASSPHRASE);
      const theirs = await generateCaseworkerKey(KEY_PASSPHRASE);
      expect(
        await refusal(
          unlockCaseworkerKey(theirs.protectedSecretKey, KEY_PASSPHRASE, ours.fingerprint),
        ),
      ).toBe('key_mismatch');
      expect(await refusal(reprotectToOther(theirs, ours.fingerprint))).toBe('key_mismatch');
    });

    test('when the server hands over an unprotected secret key then it is not used', async () => {
      expect(await refusal(unlockCaseworkerKey(await hostileKeys.secret(), KEY_PASSPHRASE))).toBe(
        'key_unprotected',
      );
    });

    test('when the key is locked then it decrypts nothing more', async () => {
      const key = await generateCaseworkerKey(KEY_PASSPHRASE);
      const handle = await unlockCaseworkerKey(key.protectedSecretKey, KEY_PASSPHRASE);
      const message = await encryptTo(key.armoredPublicKey, 'TEST ONLY');
      lockCaseworkerKey(handle);
      lockCaseworkerKey(handle); // idempotent
      expect(handle.isLocked).toBe(true);
      expect(
        await refusal(decryptWithCaseworkerKey(handle, message, MAX_PLAINTEXT_BYTES.report)),
      ).toBe('key_locked');
      // A look-alike object is not a handle.
      expect(
        await refusal(
          decryptWithCaseworkerKey(
            { fingerprint: key.fingerprint, isLocked: false },
            message,
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ).toBe('key_locked');
    });

    test('when a message is for another key or has one flipped byte then decryption fails closed', async () => {
      const key = await generateCaseworkerKey(KEY_PASSPHRASE);
      const other = await generateCaseworkerKey(KEY_PASSPHRASE);
      const handle = await unlockCaseworkerKey(key.protectedSecretKey, KEY_PASSPHRASE);
      expect(
        await refusal(
          decryptWithCaseworkerKey(
            handle,
            await encryptTo(other.armoredPublicKey, 'TEST ONLY'),
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ).toBe('decryption_failed');
      const message = await encryptTo(key.armoredPublicKey, 'TEST ONLY integrity');
      const flipped = Uint8Array.from(message);
      flipped[flipped.length - 30]! ^= 0x01;
      expect(
        await refusal(decryptWithCaseworkerKey(handle, flipped, MAX_PLAINTEXT_BYTES.report)),
      ).toBe('decryption_failed');
      expect(
        await refusal(
          decryptWithCaseworkerKey(handle, 'not a message', MAX_PLAINTEXT_BYTES.report),
        ),
      ).toBe('decryption_failed');
    });

    /** A file of what the browser encrypts to `key`, armored, for gpg to open. */
    async function browserMadeFile(
      key: ProtectedCaseworkerKey,
      name: string,
      text: string,
    ): Promise<string> {
      const path = join(scratch, name);
      writeFileSync(path, armorBinaryMessage(await encryptTo(key.armoredPublicKey, text)));
      return path;
    }

    test('when a generated key is imported into GnuPG then gpg decrypts a message encrypted in the browser', async () => {
      const key = await generateCaseworkerKey(KEY_PASSPHRASE);
      gpg.importSecretKey(key.protectedSecretKey, KEY_PASSPHRASE);
      const path = await browserMadeFile(key, 'browser-made.asc', 'TEST ONLY for gpg');
      expect(gpg.decryptFile(path, KEY_PASSPHRASE).toString('utf8')).toBe('TEST ONLY for gpg');
    });

    test('when a re-protected key is imported into GnuPG then gpg opens it with the new passphrase', async () => {
      const key = await generateCaseworkerKey(KEY_PASSPHRASE);
      const reprotected = await reprotectToOther(key);
      gpg.importSecretKey(reprotected.protectedSecretKey, OTHER_PASSPHRASE);
      const path = await browserMadeFile(key, 'reprotected.asc', 'TEST ONLY re-protected');
      expect(gpg.tryRun([...withPassphrase(KEY_PASSPHRASE), '--decrypt', path]).status).not.toBe(0);
      expect(gpg.decryptFile(path, OTHER_PASSPHRASE).toString('utf8')).toBe(
        'TEST ONLY re-protected',
      );
    });
  });

  describe('imported from GnuPG', () => {
    test('when a gpg key is imported with its passphrase then it is re-protected and decrypts what gpg encrypts to it', async () => {
      const made = gnupgKey('TEST ONLY gpg caseworker <import@example.invalid>', GPG_PASSPHRASE);
      const imported = await importGnuPGSecretKey(made.armored, GPG_PASSPHRASE, KEY_PASSPHRASE);
      expect(imported.fingerprint).toBe(made.fingerprint);
      expect(imported.userIds).toEqual(['TEST ONLY gpg caseworker <import@example.invalid>']);
      expect(imported.armoredPublicKey).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
      // The GnuPG passphrase no longer opens it; the chosen key passphrase does.
      expect(await refusal(unlockCaseworkerKey(imported.protectedSecretKey, GPG_PASSPHRASE))).toBe(
        'wrong_passphrase',
      );
      const handle = await unlockCaseworkerKey(
        imported.protectedSecretKey,
        KEY_PASSPHRASE,
        made.fingerprint,
      );
      const fromGpg = gpg.encryptTo([made.fingerprint], 'TEST ONLY from gpg');
      expect(await reportTextOf(handle, fromGpg)).toBe('TEST ONLY from gpg');
      const fromBrowser = await encryptTo(imported.armoredPublicKey, 'TEST ONLY from browser');
      expect(await reportTextOf(handle, fromBrowser)).toBe('TEST ONLY from browser');
    });

    test('when the GnuPG passphrase is wrong then the import fails closed', async () => {
      const made = gnupgKey('TEST ONLY gpg wrong passphrase', GPG_PASSPHRASE);
      expect(
        await refusal(importGnuPGSecretKey(made.armored, OTHER_PASSPHRASE, KEY_PASSPHRASE)),
      ).toBe('wrong_passphrase');
    });

    test('when the new key passphrase is too short then nothing is imported', async () => {
      const made = gnupgKey('TEST ONLY gpg short passphrase', GPG_PASSPHRASE);
      expect(await refusal(importGnuPGSecretKey(made.armored, GPG_PASSPHRASE, 'too short'))).toBe(
        'passphrase_too_short',
      );
    });

    test('when the gpg key has no passphrase then it is refused', async () => {
      const made = gnupgKey('TEST ONLY gpg unprotected', '');
      expect(await refusal(importGnuPGSecretKey(made.armored, '', KEY_PASSPHRASE))).toBe(
        'key_unprotected',
      );
    });

    test('when two secret keys are exported together then the import is refused', async () => {
      const a = gnupgKey('TEST ONLY gpg first of two', GPG_PASSPHRASE);
      const b = gnupgKey('TEST ONLY gpg second of two', GPG_PASSPHRASE);
      const both = gpg.exportSecretKey([a.fingerprint, b.fingerprint], GPG_PASSPHRASE);
      expect(await refusal(importGnuPGSecretKey(both, GPG_PASSPHRASE, KEY_PASSPHRASE))).toBe(
        'one_key_expected',
      );
      expect(
        await refusal(
          importGnuPGSecretKey(`${a.armored}\n${b.armored}`, GPG_PASSPHRASE, KEY_PASSPHRASE),
        ),
      ).toBe('one_key_expected');
    });

    test('when a key has no encryption subkey then it is refused', async () => {
      const userId = 'TEST ONLY gpg sign only';
      const fingerprint = gpg.generateKey(userId, 'ed25519', '1y', {
        usage: 'sign',
        passphrase: GPG_PASSPHRASE,
      });
      const armored = gpg.exportSecretKey(fingerprint, GPG_PASSPHRASE);
      expect(await refusal(importGnuPGSecretKey(armored, GPG_PASSPHRASE, KEY_PASSPHRASE))).toBe(
        'no_encryption_key',
      );
    });

    test('when only the subkeys were exported (a GnuPG stub primary) then it is refused', async () => {
      const made = gnupgKey('TEST ONLY gpg subkeys only', GPG_PASSPHRASE);
      const stub = gpg.exportSecretKey(made.fingerprint, GPG_PASSPHRASE, '--export-secret-subkeys');
      expect(await refusal(importGnuPGSecretKey(stub, GPG_PASSPHRASE, KEY_PASSPHRASE))).toBe(
        'key_incomplete',
      );
    });

    test('when a public key, garbage or a v6 key is given then it is refused', async () => {
      const made = gnupgKey('TEST ONLY gpg public only', GPG_PASSPHRASE);
      expect(
        await refusal(
          importGnuPGSecretKey(
            gpg.exportPublicKey(made.fingerprint),
            GPG_PASSPHRASE,
            KEY_PASSPHRASE,
          ),
        ),
      ).toBe('key_unreadable');
      expect(await refusal(importGnuPGSecretKey('hello', GPG_PASSPHRASE, KEY_PASSPHRASE))).toBe(
        'key_unreadable',
      );
      const v6 = await hostileKeys.version6Secret(GPG_PASSPHRASE, 'TEST ONLY v6');
      expect(await refusal(importGnuPGSecretKey(v6, GPG_PASSPHRASE, KEY_PASSPHRASE))).toBe(
        'key_version_unsupported',
      );
    });
  });
});
