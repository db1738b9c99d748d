/**
 * `npm run admin -- <command>`: the organisation's offline key, caseworker keys, the signed
 * recipient directory and offline case export. Errors print a message and exit non-zero.
 */
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../server/config';
import { AppError } from '../server/platform/errors';
import { CryptoError } from '../client/crypto';
import {
  addCaseworkerKey,
  exportCase,
  initOrganisation,
  listCaseworkerKeys,
  offboardCaseworker,
  removeCaseworkerKey,
  type OffboardingHooksFor,
  verifyAuditLog,
} from './admin/commands';
import {
  exportDirectory,
  importDirectory,
  signDirectory,
  signDirectoryOffline,
} from './admin/directory-commands';
import { CliError } from './admin/passphrase';
import { createBackup, restoreBackup } from './admin/backup-commands';
import { exportStats, type StatsExportOptions } from './export-stats';
import { addPartner, listPartners } from './admin/partner-commands';
import {
  disableStaff,
  inviteStaff,
  listStaff,
  runRetention,
  vetCaseworkerKey,
} from './admin/staff-commands';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days)) throw new InvalidArgumentError('a whole number of days');
  return days;
}

export interface CliExtensions {
  /** What caseworker:offboard ends besides the key (the caseworker's account and sessions). */
  readonly offboardingHooks?: OffboardingHooksFor;
}

export function buildCli(extensions: CliExtensions = {}): Command {
  const program = new Command('amanat-admin').description('Amanat administration').exitOverride();

  program
    .command('org:init')
    .description(
      'create the organisation OpenPGP key; the secret key file is kept offline by the admin',
    )
    .requiredOption(
      '--out <file>',
      'where to write the passphrase-protected secret key (public key goes to <file>.pub)',
    )
    .option('--name <name>', 'name on the key', 'Amanat organisation')
    .option('--passphrase-file <file>', 'read the passphrase from a file instead of a prompt')
    .option('--demo', 'mark the key as a throwaway demo key (refused in production)')
    .action(
      async (options: { out: string; name: string; passphraseFile?: string; demo?: boolean }) => {
        await initOrganisation(options, print);
      },
    );

  program
    .command('caseworker:add-key')
    .description("import a caseworker's armored public key (e.g. from `gpg --armor --export`)")
    .argument('<file>', 'armored public key file, or - for stdin')
    .requiredOption('--label <label>', 'an alias for the caseworker (not a legal name)')
    .action(async (file: string, options: { label: string }) => {
      await addCaseworkerKey(file, options.label, print);
    });

  program
    .command('caseworker:list')
    .description('list caseworker keys')
    .action(async () => {
      await listCaseworkerKeys(print);
    });

  program
    .command('caseworker:remove')
    .description(
      'stop encrypting new reports to a caseworker key (once the next directory is published; it stays listed as retired)',
    )
    .argument('<fingerprint>')
    .action(async (fingerprint: string) => {
      await removeCaseworkerKey(fingerprint, print);
    });

  program
    .command('staff:invite')
    .description('create a staff account and print its single-use invitation link (72 h)')
    .argument('<username>', '3-64 letters a-z, digits, dots, dashes or underscores (a pseudonym)')
    .requiredOption('--role <role>', 'admin, caseworker or analyst')
    .action(async (username: string, options: { role: string }) => {
      await inviteStaff(username, options.role, print);
    });

  program
    .command('staff:list')
    .description('list staff accounts')
    .action(async () => {
      await listStaff(print);
    });

  program
    .command('staff:disable')
    .description('disable a staff account at once: password, factors, devices and sessions deleted')
    .argument('<username>')
    .action(async (username: string) => {
      await disableStaff(username, print);
    });

  program
    .command('caseworker:vet-key')
    .description(
      'vet a key a caseworker uploaded from the dashboard; publish the next directory next (directory:export)',
    )
    .argument('<fingerprint>')
    .action(async (fingerprint: string) => {
      await vetCaseworkerKey(fingerprint, print);
    });

  program
    .command('retention:run')
    .description('delete closed cases past the retention period now (legal holds are kept)')
    .option('--closed-days <days>', 'days after closing (default 180)', parseDays)
    .action(async (options: { closedDays?: number }) => {
      await runRetention(options.closedDays ?? 180, print);
    });

  program
    .command('caseworker:offboard')
    .description(
      'remove a caseworker key and drop its recipient packets from every stored message (not revocation of what they already read)',
    )
    .argument('<fingerprint>')
    .option(
      '--org-key <file>',
      'also sign and publish the next directory with this org key file (not in production: use directory:export)',
    )
    .option('--passphrase-file <file>', 'read the org key passphrase from a file (with --org-key)')
    .option(
      '--valid-days <days>',
      'validity of the new directory (with --org-key; default 90)',
      parseDays,
    )
    .action(
      async (
        fingerprint: string,
        options: { orgKey?: string; passphraseFile?: string; validDays?: number },
      ) => {
        await offboardCaseworker(fingerprint, options, print, extensions.offboardingHooks);
      },
    );

  program
    .command('directory:export')
    .description(
      'on the server: write the next recipient directory (active and retired keys), unsigned, to sign offline',
    )
    .requiredOption('--out <file>', 'the JSON file to sign (never overwritten)')
    .option('--valid-days <days>', 'how long browsers accept this directory', parseDays, 90)
    .option(
      '--org-public-key <file>',
      'the organisation public key (org.asc.pub) while no directory is stored; a DEMO key marks the directory demo',
    )
    .option('--demo', 'mark the directory demo (refused in production)')
    .option(
      '--previous-org-public-key <file>',
      'changing the organisation key: the previous public key, which must have signed the latest directory (ORG_FINGERPRINT names the new key)',
    )
    .action(
      async (options: {
        out: string;
        validDays: number;
        orgPublicKey?: string;
        demo?: boolean;
        previousOrgPublicKey?: string;
      }) => {
        await exportDirectory(options, print);
      },
    );

  program
    .command('directory:sign-offline')
    .description(
      'on the offline machine (no database): sign an exported directory with the organisation key',
    )
    .requiredOption('--in <file>', 'the JSON file from directory:export')
    .requiredOption('--org-key <file>', 'the organisation secret key file from org:init')
    .requiredOption('--out <file>', 'the signed directory to carry back (never overwritten)')
    .option('--passphrase-file <file>', 'read the passphrase from a file instead of a prompt')
    .action(
      async (options: { in: string; orgKey: string; out: string; passphraseFile?: string }) => {
        await signDirectoryOffline(options, print);
      },
    );

  program
    .command('directory:import')
    .description(
      'on the server: verify a directory signed offline (CLI or gpg --sign --armor) and publish it; prints the DIRECTORY_MIN_VERSION to set',
    )
    .requiredOption('--in <file>', 'the signed directory')
    .option(
      '--org-public-key <file>',
      'the organisation public key (org.asc.pub); default: the key stored with the latest directory. Either must match ORG_FINGERPRINT',
    )
    .option(
      '--previous-org-public-key <file>',
      'changing the organisation key: the previous public key, which must have signed the latest directory (with --org-public-key for the new one)',
    )
    .action(
      async (options: { in: string; orgPublicKey?: string; previousOrgPublicKey?: string }) => {
        await importDirectory(options, print);
      },
    );

  program
    .command('directory:sign')
    .description(
      'demo and development only (refused in production): sign and publish the next directory with the org key on this machine',
    )
    .requiredOption('--org-key <file>', 'the organisation secret key file from org:init')
    .option('--passphrase-file <file>', 'read the passphrase from a file instead of a prompt')
    .option('--valid-days <days>', 'how long browsers accept this directory', parseDays, 90)
    .option('--demo', 'publish a demo directory (a DEMO organisation key always does)')
    .action(
      async (options: {
        orgKey: string;
        passphraseFile?: string;
        validDays: number;
        demo?: boolean;
      }) => {
        await signDirectory(options, print);
      },
    );

  program
    .command('case:export')
    .description('write every stored message of a case, armored, for `gpg --decrypt` offline')
    .argument('<caseId>')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (caseId: string, options: { out: string }) => {
      await exportCase(caseId, options.out, print);
    });

  program
    .command('stats:export')
    .description(
      'release a protected statistics table (CSV, JSON, SVG) as the analyst dashboard does; documented reports, not prevalence',
    )
    .requiredOption('--columns <code>', 'category, country or outcome')
    .option('--unit <unit>', 'month or quarter', 'month')
    .requiredOption('--from <YYYY-MM>', 'first incident month')
    .requiredOption('--to <YYYY-MM>', 'last incident month (ended)')
    .option('--country <CC>', 'only this country (category or outcome columns)')
    .option('--audience <audience>', 'public or partner', 'public')
    .option('--partner <id>', 'the registered partner of a partner release (partner:list)')
    .option('--k <k>', 'threshold, at least the configured one for the audience')
    .option('--rounding <base>', 'rounding base, at least STATS_ROUNDING_BASE (the default)')
    .option('--epsilon <ε>', 'add Laplace noise with this ε')
    .option('--confirm-budget-overrun', 'release even if the ε budget is spent')
    .option('--out <dir>', 'where to write the files')
    .option('--preview', 'print the protected table; release nothing')
    .action(async (options: StatsExportOptions) => {
      await exportStats(options, print);
    });

  program
    .command('partner:add')
    .description(
      'register a partner organisation for partner statistics releases; prints its id (audited)',
    )
    .requiredOption('--name <name>', 'display name, shown in the ledger and the release files')
    .action(async (options: { name: string }) => {
      await addPartner(options.name, print);
    });

  program
    .command('partner:list')
    .description('list the registered partner organisations (id, date, name)')
    .action(async () => {
      await listPartners(print);
    });

  program
    .command('backup:create')
    .description(
      'back up every collection into one file encrypted to the organisation key (never plaintext on disk)',
    )
    .requiredOption('--out <file>', 'the encrypted backup file to create (never overwritten)')
    .option(
      '--org-public-key <file>',
      'the organisation public key (org.asc.pub); default: the key of the published directory. Either must match ORG_FINGERPRINT',
    )
    .action(async (options: { out: string; orgPublicKey?: string }) => {
      await createBackup(options, print);
    });

  program
    .command('backup:restore')
    .description(
      'restore a backup into the empty database of MONGODB_URI (checks all of it first); usually what gpg --decrypt printed on the offline machine: gpg --decrypt backup.gpg | npm run admin -- backup:restore --in - --decrypted',
    )
    .requiredOption(
      '--in <file>',
      "the backup ('-': standard input): with --decrypted what gpg --decrypt printed, with --org-key the encrypted file",
    )
    .option(
      '--decrypted',
      'the input was decrypted on the offline machine (gpg --decrypt): no key is needed here',
    )
    .option(
      '--org-key <file>',
      'decrypt here with the organisation secret key file from org:init (refused when NODE_ENV=production: the key stays offline)',
    )
    .option('--passphrase-file <file>', 'with --org-key: read the passphrase from a file')
    .option(
      '--drop-existing',
      'replace the contents of a database that is not empty (dropped only after the backup verified)',
    )
    .action(
      async (options: {
        in: string;
        decrypted?: boolean;
        orgKey?: string;
        passphraseFile?: string;
        dropExisting?: boolean;
      }) => {
        await restoreBackup(options, print);
      },
    );

  program
    .command('audit:verify')
    .description('check the hash-chained audit log and report the first broken link')
    .action(async () => {
      await verifyAuditLog(print);
    });

  return program;
}

export function describeCliError(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof CliError) return error.message;
  if (error instanceof AppError) return `${error.message} (${error.code})`;
  if (error instanceof CryptoError) return `${error.message} (${error.code})`;
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
    return `File not found: ${(error as { path?: string }).path ?? ''}`;
  return undefined;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      const commanderCode = (error as { code?: unknown }).code;
      if (typeof commanderCode === 'string' && commanderCode.startsWith('commander.')) {
        process.exit(
          commanderCode === 'commander.helpDisplayed' || commanderCode === 'commander.version'
            ? 0
            : 2,
        );
      }
      const message =
        describeCliError(error) ??
        `Unexpected error: ${error instanceof Error ? error.name : 'unknown'}`;
      process.stderr.write(`error: ${message}\n`);
      process.exit(1);
    });
}
