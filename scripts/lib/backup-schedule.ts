/**
 * The scheduled backup (compose service `backup`, the app image): `backup:create` at start, then
 * every BACKUP_INTERVAL_SECONDS, into BACKUP_DIR, keeping the newest BACKUP_KEEP files. It runs
 * the very `backup:create` the test suite proves, as the database role `amanat_backup` (read
 * everything, append to the audit log: deploy/mongo/init-app-user.js).
 *
 *   node dist/scripts/lib/backup-schedule.js          every interval until SIGTERM
 *   node dist/scripts/lib/backup-schedule.js --once   one backup now, then exit (non-zero on failure)
 *
 * Names and file times carry the UTC day, never a time of day: `amanat-2026-11-28-001.backup`,
 * modified at that day's midnight. What a backup holds (with the organisation key) dates the
 * reports in it to between the previous backup and this one; the interval, not the name, sets
 * that precision, so the default is a day, like every reporter date the service keeps. A file is
 * written as `<name>.partial` and renamed once complete; a partial file is never a backup, and
 * any found at start (a run cut short) is deleted.
 */
import { readdir, rename, rm, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ConfigError,
  loadBackupScheduleConfig,
  type BackupScheduleConfig,
} from '../../server/config';
import { dayOf } from '../../server/platform/days';
import { createBackup } from '../admin/backup-commands';
import { CliError } from '../admin/passphrase';

const BACKUP_NAME = /^amanat-(\d{4}-\d{2}-\d{2})-(\d{3,})\.backup$/;
/** After a failed run the next comes within this long, whatever the interval. */
const RETRY_AFTER_FAILURE_SECONDS = 3600;

type Log = (line: string) => void;

/** One backup into `config.dir`; returns its file name. Older backups beyond `keep` are removed. */
export async function backupOnce(config: BackupScheduleConfig, log: Log): Promise<string> {
  const day = dayOf(new Date());
  const name = nextName(await readdir(config.dir), day);
  const partial = join(config.dir, `${name}.partial`);
  try {
    await createBackup({ out: partial }, log);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const final = join(config.dir, name);
  await rename(partial, final);
  const midnight = new Date(`${day}T00:00:00.000Z`);
  await utimes(final, midnight, midnight);
  log(`Kept as ${name}.`);
  for (const old of await backupsBeyond(config)) {
    await rm(join(config.dir, old));
    log(`Removed ${old} (BACKUP_KEEP=${config.keep}).`);
  }
  return name;
}

function nextName(files: readonly string[], day: string): string {
  const taken = files
    .map((file) => BACKUP_NAME.exec(file.replace(/\.partial$/, '')))
    .filter((match) => match?.[1] === day)
    .map((match) => Number(match![2]));
  const next = Math.max(0, ...taken) + 1;
  return `amanat-${day}-${String(next).padStart(3, '0')}.backup`;
}

/** Backups other than the newest `keep`, by name (day, then number). */
async function backupsBeyond(config: BackupScheduleConfig): Promise<string[]> {
  const backups = (await readdir(config.dir)).filter((file) => BACKUP_NAME.test(file));
  const byAge = backups.sort((a, b) => {
    const [, dayA, numberA] = BACKUP_NAME.exec(a)!;
    const [, dayB, numberB] = BACKUP_NAME.exec(b)!;
    return dayA !== dayB ? (dayA! < dayB! ? 1 : -1) : Number(numberB) - Number(numberA);
  });
  return byAge.slice(config.keep);
}

async function removePartials(config: BackupScheduleConfig, log: Log): Promise<void> {
  for (const file of await readdir(config.dir)) {
    if (!file.endsWith('.partial') || !BACKUP_NAME.test(file.slice(0, -'.partial'.length))) {
      continue;
    }
    await rm(join(config.dir, file), { force: true });
    log(`Removed ${file}: a backup cut short is not a backup.`);
  }
}

/** What a failed run says: the admin CLI's own messages, and only the kind of anything else. */
function reasonOf(error: unknown): string {
  if (error instanceof CliError || error instanceof ConfigError) return error.message;
  return error instanceof Error ? error.name : 'error';
}

async function main(argv: readonly string[]): Promise<void> {
  const log: Log = (line) => process.stdout.write(`${line}\n`);
  let config: BackupScheduleConfig;
  try {
    config = loadBackupScheduleConfig();
  } catch (error) {
    process.stderr.write(`${reasonOf(error)}\n`);
    process.exit(78); // EX_CONFIG
  }
  // Nothing to finish on SIGTERM: a backup cut short stays `.partial` and goes at the next start.
  process.once('SIGTERM', () => process.exit(0));
  process.once('SIGINT', () => process.exit(0));
  await removePartials(config, log);
  if (argv.includes('--once')) {
    try {
      await backupOnce(config, log);
    } catch (error) {
      process.stderr.write(`Backup failed: ${reasonOf(error)}\n`);
      process.exit(1);
    }
    return;
  }
  log(`A backup now, then every ${config.intervalSeconds} s, keeping ${config.keep}.`);
  for (;;) {
    let seconds = config.intervalSeconds;
    try {
      await backupOnce(config, log);
    } catch (error) {
      process.stderr.write(`Backup failed (the older backups are kept): ${reasonOf(error)}\n`);
      seconds = Math.min(seconds, RETRY_AFTER_FAILURE_SECONDS);
    }
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`Backup scheduler stopped: ${reasonOf(error)}\n`);
      process.exit(1);
    },
  );
}
