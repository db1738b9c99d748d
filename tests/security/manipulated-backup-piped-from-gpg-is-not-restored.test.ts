/**
 * Attack: someone who can write to the backup volume but has no organisation key flips bits in an
 * encrypted backup (its cipher is malleable: the flip lands in the plaintext). On the offline
 * machine `gpg --decrypt` prints the whole, changed plaintext and only at the end reports the
 * failed integrity check, by its exit status, which a shell pipeline into the restore does not
 * look at. Defence: the archive carries the SHA-256 of its own contents (backup:create writes it
 * into the end frame), and the restore of a decrypted archive checks it before it writes anything.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackup, runCliInBackground } from '../helpers/admin-cli';
import { testDatabaseUri } from '../helpers/database';
import { GnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { dropDatabaseAt, rawSnapshot } from '../helpers/raw-snapshot';
import { sendAttachmentPart, sendReport } from '../helpers/reporter-traffic';
import { createTestApp, type TestApp } from '../helpers/test-app';

const SLOW_MS = 180_000;
/** Most of the archive is this one part, so a flip in the middle of the file lands inside it. */
const PART_BYTES = 1024 * 1024;

describe('a manipulated backup decrypted through a pipe', () => {
  const work = mkdtempSync(join(tmpdir(), 'amanat-manipulated-backup-'));
  const sourceUri = testDatabaseUri('manipulated-source');
  const target = testDatabaseUri('manipulated-target');
  const backupFile = join(work, 'amanat.backup');
  const manipulatedFile = join(work, 'manipulated.backup');
  const gpg = new GnuPG();
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ label: 'manipulated', caseworkers: 1, mongodbUri: sourceUri });
    await sendAttachmentPart(t.app, t.directory, await sendReport(t.app, t.directory), PART_BYTES);
    createBackup(sourceUri, backupFile, t.organisation);
    const manipulated = readFileSync(backupFile);
    manipulated[Math.floor(manipulated.length / 2)]! ^= 0x01;
    writeFileSync(manipulatedFile, manipulated);
    gpg.importSecretKey(t.organisation.armoredSecretKey, TEST_PASSPHRASE);
  }, SLOW_MS);

  /** gpg --decrypt to a pipe, read whole: what it printed, its exit status and its warnings. */
  const decryptAll = async (file: string) => {
    const child = gpg.spawnDecrypt(file, TEST_PASSPHRASE);
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    return { status, stdout: Buffer.concat(chunks), stderr };
  };

  afterAll(async () => {
    gpg.dispose();
    await t.close();
    await dropDatabaseAt(target).catch(() => {});
    rmSync(work, { recursive: true, force: true });
  });

  test(
    'when gpg --decrypt of a manipulated backup is piped into backup:restore --decrypted then the restore refuses it and writes nothing',
    async () => {
      // What the attack relies on: gpg prints a plaintext as long as the real one but changed,
      // and says so only by its exit status and a warning on stderr.
      const genuine = await decryptAll(backupFile);
      const changed = await decryptAll(manipulatedFile);
      expect(genuine.status).toBe(0);
      expect(changed.status).not.toBe(0);
      expect(changed.stderr).toMatch(/manipulated|modification/i);
      expect(changed.stdout.length).toBe(genuine.stdout.length);
      expect(changed.stdout.equals(genuine.stdout)).toBe(false);

      const decrypting = gpg.spawnDecrypt(manipulatedFile, TEST_PASSPHRASE);
      // 'exit', not 'close': gpg's stdout is the restore's stdin and is never read here.
      const gpgDone = new Promise<number | null>((resolve) => decrypting.once('exit', resolve));
      const restored = await runCliInBackground(
        ['backup:restore', '--in', '-', '--decrypted'],
        { MONGODB_URI: target, NODE_ENV: 'production', DIRECTORY_MIN_VERSION: '1' },
        decrypting.stdout,
      );
      expect(await gpgDone).not.toBe(0);
      expect(restored.status).toBe(1);
      expect(restored.stderr).toContain(
        'The backup archive is damaged: its checksum does not match its contents; nothing was restored.',
      );
      expect([...(await rawSnapshot(target)).values()].flat()).toEqual([]);
    },
    SLOW_MS,
  );
});
