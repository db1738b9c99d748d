/**
 * The admin CLI's commands. They reuse the server's services, so the CLI enforces exactly the
 * rules the server does (key vetting, directory verification, export format).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateProtectedKeyPair } from '../../client/crypto';
import { loadAdminConfig } from '../../server/config';
import { connectDb, type DbConnection } from '../../server/platform/db';
import { CaseworkerKeysRepository, CaseworkerKeysService } from '../../server/features/caseworkers';
import { ReportRepository } from '../../server/features/intake';
import { AttachmentPartsRepository } from '../../server/features/attachments';
import { CaseExportService, CaseMessagesRepository } from '../../server/features/cases';
import { AuditLogRepository, AuditLogService } from '../../server/features/audit';
import { CliError, readPassphrase } from './passphrase';
import { publishDirectory } from './publish-directory';

export type Print = (line: string) => void;

export interface OrgInitOptions {
  readonly out: string;
  readonly name: string;
  readonly passphraseFile?: string | undefined;
  readonly demo?: boolean | undefined;
}

/** Creates the organisation key. The secret key file stays with the admin, offline. */
export async function initOrganisation(options: OrgInitOptions, print: Print): Promise<string> {
  if (existsSync(options.out))
    throw new CliError(`${options.out} exists; refusing to overwrite an organisation key.`);
  if (options.demo && process.env['NODE_ENV'] === 'production') {
    throw new CliError('Demo keys are refused when NODE_ENV=production.');
  }
  const passphrase = await readPassphrase({
    file: options.passphraseFile,
    prompt: 'Passphrase for the organisation key: ',
    confirm: true,
  });
  const name = options.demo ? `${options.name} (DEMO - not for real reports)` : options.name;
  const key = await generateProtectedKeyPair(name, passphrase);
  writeFileSync(options.out, key.armoredSecretKey, { mode: 0o600, flag: 'wx' });
  writeFileSync(`${options.out}.pub`, key.armoredPublicKey, { mode: 0o644, flag: 'wx' });
  print(`Organisation key created${options.demo ? ' (DEMO)' : ''}.`);
  print(`  fingerprint: ${key.fingerprint}`);
  print(`  secret key:  ${options.out}  (passphrase-protected; keep it offline)`);
  print(`  public key:  ${options.out}.pub`);
  print(`Set ORG_FINGERPRINT=${key.fingerprint} for the server and the client build.`);
  return key.fingerprint;
}

async function withDatabase<T>(run: (connection: DbConnection) => Promise<T>): Promise<T> {
  const config = loadAdminConfig();
  const connection = await connectDb(config.mongodbUri);
  try {
    return await run(connection);
  } finally {
    await connection.close();
  }
}

export async function addCaseworkerKey(
  keyFile: string,
  label: string,
  print: Print,
): Promise<void> {
  const armored = readFileSync(keyFile === '-' ? 0 : keyFile, 'utf8');
  await withDatabase(async (connection) => {
    const key = await new CaseworkerKeysService(
      new CaseworkerKeysRepository(connection),
    ).addCaseworkerKey(armored, label);
    await audit(connection, 'caseworker_key.added', {
      fingerprint: key.fingerprint,
      label: key.label,
    });
    print(`Added caseworker key ${key.fingerprint} (${key.label}).`);
    print('It is not used until you run directory:sign.');
  });
}

export async function listCaseworkerKeys(print: Print): Promise<void> {
  await withDatabase(async (connection) => {
    const keys = await new CaseworkerKeysService(
      new CaseworkerKeysRepository(connection),
    ).listAllKeys();
    if (keys.length === 0) print('No caseworker keys.');
    for (const key of keys)
      print(`${key.fingerprint}  ${key.status.padEnd(7)}  ${key.addedOn}  ${key.label}`);
  });
}

export async function removeCaseworkerKey(fingerprint: string, print: Print): Promise<void> {
  await withDatabase(async (connection) => {
    await new CaseworkerKeysService(new CaseworkerKeysRepository(connection)).removeCaseworkerKey(
      fingerprint,
    );
    await audit(connection, 'caseworker_key.removed', { fingerprint: fingerprint.toLowerCase() });
    print(
      `Removed ${fingerprint.toLowerCase()}. Run directory:sign so new reports stop being encrypted to it.`,
    );
  });
}

export interface DirectorySignOptions {
  readonly orgKey: string;
  readonly passphraseFile?: string | undefined;
  readonly validDays: number;
  readonly demo?: boolean | undefined;
}

/** Builds the next directory from the active keys, signs it with the org key file and publishes it. */
export async function signDirectory(options: DirectorySignOptions, print: Print): Promise<number> {
  const config = loadAdminConfig();
  if (!config.orgFingerprint)
    throw new CliError('Set ORG_FINGERPRINT to the organisation key fingerprint.');
  if (options.demo && process.env['NODE_ENV'] === 'production') {
    throw new CliError('Demo directories are refused when NODE_ENV=production.');
  }
  if (!Number.isInteger(options.validDays) || options.validDays < 1 || options.validDays > 400) {
    throw new CliError('--valid-days must be a whole number from 1 to 400.');
  }
  const armoredSecretKey = readFileSync(options.orgKey, 'utf8');
  const organisationKey = readFileSync(`${options.orgKey}.pub`, 'utf8');
  const passphrase = await readPassphrase({
    file: options.passphraseFile,
    prompt: 'Organisation key passphrase: ',
  });
  const orgFingerprint = config.orgFingerprint;
  return await withDatabase(async (connection) => {
    const { content } = await publishDirectory(
      connection,
      { armoredSecretKey, armoredPublicKey: organisationKey, passphrase },
      {
        orgFingerprint,
        validDays: options.validDays,
        demo: options.demo ?? false,
        isProduction: process.env['NODE_ENV'] === 'production',
      },
    );
    await audit(connection, 'directory.published', {
      version: String(content.version),
      recipients: content.recipients.map((recipient) => recipient.fingerprint).join(','),
    });
    print(
      `Published recipient directory version ${content.version} with ${content.recipients.length} key(s).`,
    );
    print(`  valid until ${content.expiresAt}`);
    return content.version;
  });
}

export async function exportCase(caseId: string, outDir: string, print: Print): Promise<string> {
  return await withDatabase(async (connection) => {
    const exported = await new CaseExportService(
      new ReportRepository(connection),
      new CaseMessagesRepository(connection),
      new AttachmentPartsRepository(connection),
    ).exportCase(caseId);
    const dir = join(outDir, exported.caseId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const file of exported.files)
      writeFileSync(join(dir, file.name), file.content, { mode: 0o600 });
    await audit(connection, 'case.exported', { caseId: exported.caseId });
    print(`Exported case ${exported.caseId} to ${dir}`);
    print(`  decrypt offline with: gpg --decrypt ${join(dir, 'report.asc')}`);
    return dir;
  });
}

/** Checks the audit chain; exits non-zero (via CliError) at the first broken link. */
export async function verifyAuditLog(print: Print): Promise<void> {
  await withDatabase(async (connection) => {
    const verdict = await new AuditLogService(new AuditLogRepository(connection)).verifyChain();
    if (!verdict.ok) {
      throw new CliError(`Audit log broken at entry ${verdict.brokenAt}: ${verdict.reason}.`);
    }
    print(`Audit log intact: ${verdict.count} entries.`);
    print(`  head hash: ${verdict.headHash}  (keep it with your offline records)`);
  });
}

/** Staff actions from this CLI are recorded as the actor "admin-cli" until accounts exist (issue 4). */
async function audit(
  connection: DbConnection,
  event: string,
  details: Record<string, string>,
): Promise<void> {
  await new AuditLogService(new AuditLogRepository(connection)).record('admin-cli', event, details);
}
