/**
 * The offline restore: the organisation secret key never comes to the server. The backup file
 * goes to the offline machine, stock GnuPG decrypts it there, and the server restores what gpg
 * printed, piped in (`gpg --decrypt backup.gpg | npm run admin -- backup:restore --in -
 * --decrypted`) or from a file (`--in backup.plain --decrypted`), in production mode, where
 * `--org-key` is refused. The restored database is the source byte for byte and its audit chain
 * verifies; input that is not a decrypted backup (random bytes, text, nothing, the still-encrypted
 * file) is refused with a message that says what it is, and changes nothing in the target, not
 * even with --drop-existing.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, MongoClient } from 'mongodb';
import {
  createBackup,
  expectAuditLogIntact,
  runCli,
  runCliInBackground,
  useBackupWorkspace,
} from '../helpers/admin-cli';
import { GnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';
import {
  expectRestoredAs,
  rawSnapshot,
  withoutAuditEvent,
  type Snapshot,
} from '../helpers/raw-snapshot';
import { sendReportWithThread } from '../helpers/reporter-traffic';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

/** Several CLI runs, each a fresh process. */
const SLOW_MS = 180_000;

describe('backup:restore of a backup decrypted on the offline machine', () => {
  const { work, sourceUri, backupFile, freshTarget } = useBackupWorkspace('offline-restore');
  const plainFile = join(work, 'amanat.backup.plain');
  const gpg = new GnuPG();
  const t = useTestApp({ label: 'offline-restore', caseworkers: 1, mongodbUri: sourceUri });
  let before: Snapshot;
  let archiveSha256: string;

  /** The server as deployed: production, no organisation key anywhere in reach. */
  const production = (uri: string): Record<string, string> => ({
    MONGODB_URI: uri,
    NODE_ENV: 'production',
    DIRECTORY_MIN_VERSION: '1',
  });

  beforeAll(async () => {
    await enrolStaff(t, 'offline-restore-admin', 'admin');
    for (let i = 0; i < 2; i++) await sendReportWithThread(t.app, t.directory, 70_000);
    before = await rawSnapshot(sourceUri);
    const created = createBackup(sourceUri, backupFile, t.organisation);
    archiveSha256 = /archive sha256: ([0-9a-f]{64})/.exec(created.stdout)![1]!;
    // The offline machine: stock GnuPG with the organisation secret key, nothing of Amanat's.
    gpg.importSecretKey(t.organisation.armoredSecretKey, TEST_PASSPHRASE);
  }, SLOW_MS);

  afterAll(() => gpg.dispose());

  test(
    'when gpg --decrypt is piped into backup:restore --in - --decrypted then every document comes back byte for byte, the archive checksum is printed and recorded, and audit:verify passes',
    async () => {
      const target = freshTarget('offline-piped');
      const decrypting = gpg.spawnDecrypt(backupFile, TEST_PASSPHRASE);
      // 'exit', not 'close': gpg's stdout is the restore's stdin and is never read here.
      const gpgDone = new Promise<number | null>((resolve) => decrypting.once('exit', resolve));
      const restored = await runCliInBackground(
        ['backup:restore', '--in', '-', '--decrypted'],
        production(target),
        decrypting.stdout,
      );
      expect(await gpgDone).toBe(0);
      expect([restored.status, restored.stderr]).toEqual([0, '']);
      expect(restored.stdout).toMatch(
        new RegExp(
          `^Backup verified: made \\S+ from database "\\S+", archive sha256 ${archiveSha256}\\.$`,
          'm',
        ),
      );

      const entries = await expectRestoredAs(target, before);
      expect(before.get('reports')).toHaveLength(2);
      expect(entries).toHaveLength(1);
      expect(BSON.deserialize(entries[0]!)['details']).toMatchObject({
        archiveSha256,
        decryptedOffline: 'true',
      });

      expectAuditLogIntact(production(target), before.get('audit_log')!.length + 1);
    },
    SLOW_MS,
  );

  test(
    'when the decrypted archive is a file then --in <file> --decrypted restores it the same way',
    async () => {
      writeFileSync(plainFile, gpg.decryptFile(backupFile, TEST_PASSPHRASE), { mode: 0o600 });
      const target = freshTarget('offline-file');
      const restored = runCli(
        ['backup:restore', '--in', plainFile, '--decrypted'],
        production(target),
      );
      expect([restored.status, restored.stderr]).toEqual([0, '']);
      expect(restored.stdout).toContain(`archive sha256 ${archiveSha256}.`);
      const { rest } = withoutAuditEvent(await rawSnapshot(target), 'backup.restored');
      expect(rest).toEqual(before);
    },
    SLOW_MS,
  );

  test(
    'when the input is not a decrypted backup then backup:restore says what it is, exits non-zero, and the target is unchanged even with --drop-existing',
    async () => {
      // A target with contents: --drop-existing would replace them, if the input were a backup.
      const target = freshTarget('offline-refused');
      const client = await MongoClient.connect(target);
      try {
        await client
          .db()
          .collection('test_only_existing')
          .insertMany([{ _id: 'TEST ONLY a' as never }, { _id: 'TEST ONLY b' as never }]);
      } finally {
        await client.close();
      }
      const untouched = await rawSnapshot(target);
      const empty = freshTarget('offline-refused-empty');

      const refusals: { input: Buffer; says: RegExp }[] = [
        { input: randomBytes(64 * 1024), says: /still encrypted|not an Amanat backup archive/ },
        { input: Buffer.from('TEST ONLY\n'.repeat(1000)), says: /not an Amanat backup archive/ },
        { input: Buffer.alloc(0), says: /The input is empty/ },
        { input: readFileSync(backupFile), says: /still encrypted \(an OpenPGP message\)/ },
        // A real archive's start, cut off: the magic line is right, the rest is missing.
        { input: readFileSync(plainFile).subarray(0, 4096), says: /archive is damaged/ },
      ];
      for (const { input, says } of refusals) {
        for (const [uri, extra] of [
          [target, ['--drop-existing']],
          [empty, []],
        ] as const) {
          const refused = runCli(
            ['backup:restore', '--in', '-', '--decrypted', ...extra],
            production(uri),
            input,
          );
          expect({ says: says.source, status: refused.status }).toEqual({
            says: says.source,
            status: 1,
          });
          expect(refused.stderr).toMatch(says);
          expect(refused.stderr).toContain('nothing was restored');
        }
        expect(await rawSnapshot(target)).toEqual(untouched);
        expect([...(await rawSnapshot(empty)).values()].flat()).toEqual([]);
      }
    },
    SLOW_MS,
  );

  test(
    'when NODE_ENV=production then backup:restore refuses the organisation secret key, and asks how the input came when neither way is named',
    async () => {
      const orgKey = join(work, 'org.asc');
      writeFileSync(orgKey, t.organisation.armoredSecretKey, { mode: 0o600 });
      const target = freshTarget('offline-key-refused');
      const withKey = runCli(
        ['backup:restore', '--in', backupFile, '--org-key', orgKey],
        production(target),
      );
      expect(withKey.status).toBe(1);
      expect(withKey.stderr).toContain(
        'Restoring with --org-key is refused when NODE_ENV=production',
      );
      expect(withKey.stderr).toContain('--in - --decrypted');

      const unnamed = runCli(['backup:restore', '--in', plainFile], production(target));
      expect(unnamed.status).toBe(1);
      expect(unnamed.stderr).toContain('Say what --in holds: --decrypted');
      const both = runCli(
        ['backup:restore', '--in', plainFile, '--decrypted', '--org-key', orgKey],
        production(target),
      );
      expect(both.status).toBe(1);
      expect(both.stderr).toContain('Say what --in holds');
      expect([...(await rawSnapshot(target)).values()].flat()).toEqual([]);
    },
    SLOW_MS,
  );
});
