/**
 * Backups encrypted to the organisation key (client/crypto/backups.ts): a streamed round trip,
 * the packet shape (one PKESK v3 + SEIPD v1) and stock GnuPG opening it; refusals of any key but
 * the pinned, valid organisation public key before the archive is read; a flipped byte, a wrong
 * key, a wrong passphrase and a non-OpenPGP file all fail closed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BackupError,
  CryptoError,
  encryptBackupToOrganisation,
  generateProtectedKeyPair,
  unsafeDecryptBackupStream,
  type GeneratedKeyPair,
} from '../../client/crypto';
import { readPacketFraming } from '../../server/platform/openpgp/packet-framing';
import { hostileKeys } from '../helpers/forge';
import { useGnuPG } from '../helpers/gnupg';

const PASSPHRASE = 'TEST ONLY organisation passphrase';
const PKESK_TAG = 1;
const SEIPD_TAG = 18;

/** A stream of `parts` that counts how many were pulled. */
function countingStream(parts: readonly Uint8Array[]): {
  stream: ReadableStream<Uint8Array>;
  pulled: () => number;
} {
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next >= parts.length) controller.close();
        else controller.enqueue(parts[next++]!);
      },
    },
    { highWaterMark: 0 }, // pulled only when read, not ahead
  );
  return { stream, pulled: () => next };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    chunks.push(value);
  }
}

describe('backups encrypted to the organisation key', () => {
  const { gpg, scratch: work } = useGnuPG('amanat-backup-crypto-');
  let organisation: GeneratedKeyPair;
  let stranger: GeneratedKeyPair;
  const parts = Array.from({ length: 24 }, () => randomBytes(128 * 1024));
  const plaintext = Buffer.concat(parts);
  let encrypted: Buffer;

  beforeAll(async () => {
    organisation = await generateProtectedKeyPair('TEST ONLY organisation', PASSPHRASE);
    stranger = await generateProtectedKeyPair('TEST ONLY stranger', PASSPHRASE);
    encrypted = await collect(
      await encryptBackupToOrganisation(
        countingStream(parts).stream,
        organisation.armoredPublicKey,
        organisation.fingerprint.toUpperCase(),
      ),
    );
  });

  const fromBytes = (bytes: Uint8Array): ReadableStream<Uint8Array> =>
    countingStream(
      Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) =>
        bytes.subarray(i * 65_536, (i + 1) * 65_536),
      ),
    ).stream;

  test('when a streamed archive is encrypted then it is one PKESK v3 and one SEIPD v1, and decrypts back to the same bytes', async () => {
    const packets = readPacketFraming(encrypted);
    expect(packets.map((packet) => packet.tag)).toEqual([PKESK_TAG, SEIPD_TAG]);
    expect(packets[0]!.bodyStart[0]).toBe(3); // PKESK version 3
    expect(packets[1]!.bodyStart[0]).toBe(1); // SEIPD version 1 (MDC)
    expect(encrypted.includes(parts[3]!.subarray(0, 32))).toBe(false);
    const decrypted = await collect(
      await unsafeDecryptBackupStream(
        fromBytes(encrypted),
        organisation.armoredSecretKey,
        PASSPHRASE,
      ),
    );
    expect(decrypted.equals(plaintext)).toBe(true);
  });

  test('when the admin has only GnuPG then gpg --decrypt with the organisation key opens the backup', () => {
    gpg.importSecretKey(organisation.armoredSecretKey, PASSPHRASE);
    const file = join(work, 'backup.gpg');
    writeFileSync(file, encrypted);
    const out = join(work, 'backup.plain');
    gpg.decryptFileTo(file, out, PASSPHRASE);
    expect(readFileSync(out).equals(plaintext)).toBe(true);
  });

  test('when one byte of the backup is flipped then decryption fails instead of yielding the whole archive', async () => {
    const flipped = Buffer.from(encrypted);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
    await expect(
      (async () =>
        collect(
          await unsafeDecryptBackupStream(
            fromBytes(flipped),
            organisation.armoredSecretKey,
            PASSPHRASE,
          ),
        ))(),
    ).rejects.toThrow();
  });

  test('when the key, the passphrase or the file is wrong then it fails closed with a typed error', async () => {
    await expect(
      unsafeDecryptBackupStream(fromBytes(encrypted), stranger.armoredSecretKey, PASSPHRASE),
    ).rejects.toMatchObject({ name: 'BackupError', code: 'backup_not_for_this_key' });
    await expect(
      unsafeDecryptBackupStream(
        fromBytes(encrypted),
        organisation.armoredSecretKey,
        'TEST ONLY wrong passphrase',
      ),
    ).rejects.toEqual(expect.any(CryptoError));
    await expect(
      // Not OpenPGP at all (random bytes would sometimes start like a packet header and be
      // refused one step later, as damaged).
      unsafeDecryptBackupStream(
        fromBytes(new TextEncoder().encode('not a backup, '.repeat(300))),
        organisation.armoredSecretKey,
        PASSPHRASE,
      ),
    ).rejects.toMatchObject({ code: 'backup_unreadable' });
  });

  test('when the key is not the pinned, valid organisation public key then encryption is refused before the archive is read', async () => {
    const fingerprintOf = (armored: string): string =>
      /^fpr:+([0-9A-F]{40}):/m
        .exec(gpg.run(['--with-colons', '--show-keys'], armored).toString('utf8'))![1]!
        .toLowerCase();
    const expired = await hostileKeys.expired('TEST ONLY org');
    const revoked = await hostileKeys.revoked('TEST ONLY org');
    const cases: [string, string, string][] = [
      [stranger.armoredPublicKey, organisation.fingerprint, 'organisation_key_mismatch'],
      [organisation.armoredSecretKey, organisation.fingerprint, 'organisation_key_invalid'],
      ['not a key', organisation.fingerprint, 'organisation_key_invalid'],
      [expired, fingerprintOf(expired), 'organisation_key_invalid'],
      [revoked, fingerprintOf(revoked), 'organisation_key_invalid'],
    ];
    for (const [key, pinned, code] of cases) {
      const archive = countingStream(parts);
      const error = await encryptBackupToOrganisation(archive.stream, key, pinned).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackupError);
      expect({ code: (error as BackupError).code, pulled: archive.pulled() }).toEqual({
        code,
        pulled: 0,
      });
    }
  });
});
