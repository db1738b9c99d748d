/**
 * The scheduled backup (scripts/lib/backup-schedule.ts, what the compose `backup` service runs):
 * each run is the admin CLI's backup:create, audited, into BACKUP_DIR as
 * `amanat-<UTC day>-<n>.backup`, dated to that day's midnight (no time of day), private to its
 * owner, restorable; the newest BACKUP_KEEP are kept, anything else in the directory is left
 * alone, and a partial file from a run cut short is removed at start. A failed run leaves no
 * file; wrong settings stop it at start, naming the setting. Looping, it backs up again every
 * interval and stops at once on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { dayOf } from '../../server/platform/days';
import { restoreBackup, restoreKeyFilesIn, writeRestoreKeyFiles } from '../helpers/admin-cli';
import { testDatabaseUri } from '../helpers/database';
import { dropDatabaseAt } from '../helpers/raw-snapshot';
import { sendReport } from '../helpers/reporter-traffic';
import { createTestApp, type TestApp } from '../helpers/test-app';

const ROOT = join(__dirname, '..', '..');
const SCHEDULER = join(ROOT, 'scripts', 'lib', 'backup-schedule.ts');
const SLOW_MS = 120_000;

describe('the scheduled backup', () => {
  const work = mkdtempSync(join(tmpdir(), 'amanat-backup-schedule-'));
  const sourceUri = testDatabaseUri('backup-schedule');
  const restoredUri = testDatabaseUri('backup-schedule-restored');
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ label: 'backup-schedule', caseworkers: 1, mongodbUri: sourceUri });
    await sendReport(t.app, t.directory);
    env = {
      MONGODB_URI: sourceUri,
      ORG_FINGERPRINT: t.organisation.fingerprint,
      BACKUP_INTERVAL_SECONDS: '1',
      BACKUP_KEEP: '2',
    };
  }, SLOW_MS);

  afterAll(async () => {
    await t?.close();
    await dropDatabaseAt(restoredUri);
    rmSync(work, { recursive: true, force: true });
  });

  const directory = (name: string): string => {
    const dir = join(work, name);
    mkdirSync(dir);
    return dir;
  };
  const once = (settings: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', SCHEDULER, '--once'], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...settings },
      encoding: 'utf8',
    });
  const backupsCreated = async (): Promise<string[]> => {
    const client = await MongoClient.connect(sourceUri);
    try {
      const entries = await client
        .db()
        .collection('audit_log')
        .find({ event: 'backup.created' }, { sort: { _id: 1 } })
        .toArray();
      return entries.map((entry) => (entry['details'] as { sha256: string }).sha256);
    } finally {
      await client.close();
    }
  };

  test(
    'when it runs three times with BACKUP_KEEP=2 then the two newest are kept, named and dated by the day, audited and restorable',
    async () => {
      const dir = directory('once');
      writeFileSync(join(dir, 'amanat-2020-01-01-001.backup'), 'an old backup');
      writeFileSync(join(dir, 'amanat-2026-01-01-001.backup.partial'), 'cut short');
      writeFileSync(join(dir, 'notes.txt'), 'not a backup');
      writeFileSync(join(dir, 'other.partial'), 'not ours');
      const day = dayOf(new Date());
      for (let run = 1; run <= 3; run++) {
        const result = once({ ...env, BACKUP_DIR: dir });
        expect([run, result.status, result.stderr]).toEqual([run, 0, '']);
        expect(result.stdout).toContain(`Kept as amanat-${day}-00${run}.backup.`);
      }

      const kept = [`amanat-${day}-002.backup`, `amanat-${day}-003.backup`];
      expect(readdirSync(dir).sort()).toEqual([...kept, 'notes.txt', 'other.partial'].sort());
      const midnight = Date.parse(`${day}T00:00:00Z`);
      const audited = (await backupsCreated()).slice(-2);
      for (const [i, name] of kept.entries()) {
        const file = join(dir, name);
        expect({ name, mtime: statSync(file).mtimeMs, mode: statSync(file).mode & 0o777 }).toEqual({
          name,
          mtime: midnight,
          mode: 0o600,
        });
        expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(audited[i]);
      }

      const keys = restoreKeyFilesIn(work);
      writeRestoreKeyFiles(keys, t.organisation.armoredSecretKey);
      const restored = restoreBackup(join(dir, kept[1]!), keys, restoredUri);
      expect([restored.status, restored.stderr]).toEqual([0, '']);
      expect(restored.stdout).toMatch(/\n {2}reports +1\n/);
    },
    SLOW_MS,
  );

  test('when a backup fails then it says why and leaves no file', () => {
    const dir = directory('failing');
    const otherKey = t.caseworkers[0]!.fingerprint;
    const result = once({ ...env, BACKUP_DIR: dir, ORG_FINGERPRINT: otherKey });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Backup failed: ');
    expect(result.stderr).toContain('is not the organisation key');
    expect(readdirSync(dir)).toEqual([]);
  });

  test('when a setting is wrong then it stops at start, naming the setting', () => {
    const dir = directory('settings');
    for (const [setting, value] of [
      ['BACKUP_DIR', ''],
      ['BACKUP_DIR', 'relative/path'],
      ['BACKUP_KEEP', '0'],
      ['BACKUP_INTERVAL_SECONDS', 'daily'],
    ] as const) {
      const result = once({ ...env, BACKUP_DIR: dir, [setting]: value });
      expect([setting, value, result.status, result.stderr.includes(setting)]).toEqual([
        setting,
        value,
        78,
        true,
      ]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  test(
    'when it runs as a service then it backs up every interval and stops at once on SIGTERM',
    async () => {
      const dir = directory('loop');
      const before = (await backupsCreated()).length;
      const child = spawn(process.execPath, ['--import', 'tsx', SCHEDULER], {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '',
          ...env,
          BACKUP_DIR: dir,
        },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const deadline = Date.now() + 90_000;
      while ((await backupsCreated()).length < before + 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect((await backupsCreated()).length).toBeGreaterThanOrEqual(before + 2);
      const backups = readdirSync(dir).filter((name) => name.endsWith('.backup'));
      expect(backups.length).toBeGreaterThanOrEqual(1);
      expect(backups.length).toBeLessThanOrEqual(2);
    },
    SLOW_MS,
  );
});
