/**
 * The recipient directory commands. In production the organisation secret key never comes to
 * the server:
 *
 *   server:  directory:export --out next.json         the exact JSON to sign (next version)
 *   offline: directory:sign-offline --in next.json --org-key org.asc --out next.json.asc
 *            (or stock GnuPG: gpg --local-user <ORG_FINGERPRINT> --sign --armor next.json)
 *   server:  directory:import --in next.json.asc      verified, checked, published
 *
 * then DIRECTORY_MIN_VERSION is raised to the printed version (server and page builds), so no
 * older directory can be served again. `directory:sign` (sign and publish in one step, with the
 * secret key on this machine) remains for the demo and development and is refused in production.
 *
 * Rotating the organisation key (ORG_FINGERPRINT set to the new key for these commands):
 *
 *   server:  directory:export --out next.json --previous-org-public-key old.asc.pub
 *   offline: directory:sign-offline --in next.json --org-key new.asc --out next.json.asc
 *   server:  directory:import --in next.json.asc --org-public-key new.asc.pub
 *                             --previous-org-public-key old.asc.pub
 *
 * The latest directory must verify with the old key, whose fingerprint is printed for the admin
 * to compare; then the server and both front ends are rebuilt and restarted with the new
 * ORG_FINGERPRINT, the pages' pin.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { signRecipientDirectory } from '../../client/crypto';
import { loadAdminConfig, loadNodeEnv, type AdminConfig } from '../../server/config';
import { buildCoreServices } from '../../server/services';
import {
  directoryContentSchema,
  listedKeyMismatches,
  type DirectoryContent,
  type PreviousOrganisationKey,
} from '../../server/features/directory';
import { connectDb, type DbConnection } from '../../server/platform/db';
import { AppError } from '../../server/platform/errors';
import { DirectorySignatureError, inspectOrganisationKey } from '../../server/platform/openpgp';
import { CliError, readPassphrase } from './passphrase';
import {
  directoryServiceFor,
  draftDirectory,
  importSignedDirectory,
  publishDirectory,
  type DirectorySettings,
} from './publish-directory';

type Print = (line: string) => void;

/** What an admin does to put a key change into effect, for the other commands' messages. */
export const NEXT_DIRECTORY_STEP =
  'Publish the next directory: directory:export here, sign the file offline (directory:sign-offline or gpg --sign --armor), then directory:import.';

const isProduction = (): boolean => loadNodeEnv() === 'production';

export interface DirectoryDraftOptions {
  readonly validDays: number;
  readonly demo?: boolean | undefined;
}

export interface DirectorySignOptions extends DirectoryDraftOptions {
  readonly orgKey: string;
  readonly passphraseFile?: string | undefined;
}

/**
 * Builds the next directory from the active keys, signs it with the org key file and publishes
 * it, in one step. Refused in production: it needs the organisation secret key on this machine.
 */
export async function signDirectory(options: DirectorySignOptions, print: Print): Promise<number> {
  checkOnlineSigningAllowed();
  const settings = directorySettings(loadAdminConfig());
  checkDraftOptions(options);
  const armoredSecretKey = readFileSync(options.orgKey, 'utf8');
  const organisationKey = readFileSync(`${options.orgKey}.pub`, 'utf8');
  const passphrase = await readPassphrase({
    file: options.passphraseFile,
    prompt: 'Organisation key passphrase: ',
  });
  return await withDatabase(async (connection) => {
    const { content } = await publishDirectory(
      connection,
      { armoredSecretKey, armoredPublicKey: organisationKey, passphrase },
      { ...settings, validDays: options.validDays, demo: options.demo ?? false },
      auditPublished(connection),
    );
    printPublished(content, print);
    return content.version;
  });
}

/** Signing with the secret key on this machine: the demo and development only. */
export function checkOnlineSigningAllowed(): void {
  if (isProduction()) {
    throw new CliError(
      'Signing with --org-key is refused when NODE_ENV=production: the organisation secret key stays offline. Run directory:export here, sign the file on the offline machine (directory:sign-offline or gpg --sign --armor), then directory:import.',
    );
  }
}

export interface DirectoryExportOptions extends DirectoryDraftOptions {
  readonly out: string;
  /** The organisation public key, when no directory is stored yet (it marks DEMO keys). */
  readonly orgPublicKey?: string | undefined;
  /** A rotation: the public key of the organisation key that signed the latest directory. */
  readonly previousOrgPublicKey?: string | undefined;
}

/** Writes exactly what is to be signed offline: the JSON of the next directory version. */
export async function exportDirectory(
  options: DirectoryExportOptions,
  print: Print,
): Promise<DirectoryContent> {
  const settings = directorySettings(loadAdminConfig());
  checkDraftOptions(options);
  const organisationKey = options.orgPublicKey ? readFileSync(options.orgPublicKey, 'utf8') : null;
  const previous = await previousOrganisationKey(options.previousOrgPublicKey, settings, print);
  const draft = await withDatabase(
    async (connection) =>
      await withRotationHint(previous, () =>
        draftDirectory(connection, {
          ...settings,
          validDays: options.validDays,
          demo: options.demo ?? false,
          organisationKey,
          previous,
        }),
      ),
  );
  // Pretty-printed so the admin can read what they sign; the signature covers these exact bytes.
  writeFileSync(options.out, `${JSON.stringify(draft, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
  print(`Wrote the unsigned recipient directory version ${draft.version} to ${options.out}.`);
  printContent(draft, print);
  print('Sign it on the offline machine that holds the organisation key, with either');
  print(
    `  npm run admin -- directory:sign-offline --in ${options.out} --org-key org.asc --out ${options.out}.asc`,
  );
  print(`  gpg --local-user ${settings.orgFingerprint} --sign --armor ${options.out}`);
  print(`then bring ${options.out}.asc back and run`);
  print(
    previous
      ? `  npm run admin -- directory:import --in ${options.out}.asc --org-public-key ${options.orgPublicKey ?? '<new org.asc.pub>'} --previous-org-public-key ${options.previousOrgPublicKey ?? ''}`
      : `  npm run admin -- directory:import --in ${options.out}.asc`,
  );
  return draft;
}

export interface DirectorySignOfflineOptions {
  readonly in: string;
  readonly orgKey: string;
  readonly passphraseFile?: string | undefined;
  readonly out: string;
}

/**
 * On the offline machine (no database, no server configuration): checks the exported file,
 * shows what is about to be signed, signs it with the organisation key. A DEMO organisation key
 * marks the directory demo.
 */
export async function signDirectoryOffline(
  options: DirectorySignOfflineOptions,
  print: Print,
): Promise<DirectoryContent> {
  const parsed = directoryContentSchema.safeParse(parseJson(readFileSync(options.in, 'utf8')));
  if (!parsed.success) {
    throw new CliError(`${options.in} is not a recipient directory written by directory:export.`);
  }
  if (Date.parse(parsed.data.expiresAt) <= Date.now()) {
    throw new CliError(`${options.in} expired at ${parsed.data.expiresAt}; export a new one.`);
  }
  // Security: the fingerprints printed below are what the admin checks; each must be its key's.
  const mismatches = await listedKeyMismatches(parsed.data, new Date());
  if (mismatches.length > 0) {
    throw new CliError(
      `${options.in} lists keys that are not what it says; do not sign it:\n  ${mismatches.join('\n  ')}\nA key refused as expired or revoked needs its caseworker to upload a renewed one; any other mismatch means the file or the caseworker keys on the server were altered: investigate. Then export a new draft.`,
    );
  }
  const armoredSecretKey = readFileSync(options.orgKey, 'utf8');
  const organisationKey = await inspectOrganisationKey(
    readFileSync(`${options.orgKey}.pub`, 'utf8'),
    null,
  ).catch((error: unknown) => {
    if (error instanceof DirectorySignatureError) throw new CliError(error.message);
    throw error;
  });
  const demoKey = organisationKey.isDemo;
  const content = demoKey ? { ...parsed.data, demo: true } : parsed.data;
  const passphrase = await readPassphrase({
    file: options.passphraseFile,
    prompt: 'Organisation key passphrase: ',
  });
  const signed = await signRecipientDirectory(content, armoredSecretKey, passphrase);
  writeFileSync(options.out, signed, { mode: 0o644, flag: 'wx' });
  print(
    `Signed recipient directory version ${content.version} with organisation key ${organisationKey.fingerprint} into ${options.out}.`,
  );
  if (demoKey && !parsed.data.demo) print('  marked DEMO: the organisation key is a DEMO key');
  printContent(content, print);
  print('Compare the fingerprints above with your vetting records, then on the server run');
  print(`  npm run admin -- directory:import --in ${options.out}`);
  return content;
}

export interface DirectoryImportOptions {
  readonly in: string;
  /** The organisation public key; default: the one stored with the latest directory. */
  readonly orgPublicKey?: string | undefined;
  /** A rotation: the public key of the organisation key that signed the latest directory. */
  readonly previousOrgPublicKey?: string | undefined;
}

/**
 * Publishes a directory signed offline, after checking it against ORG_FINGERPRINT, the latest
 * and the minimum version, its expiry, and the keys as they are now.
 */
export async function importDirectory(
  options: DirectoryImportOptions,
  print: Print,
): Promise<number> {
  const settings = directorySettings(loadAdminConfig());
  const signed = readFileSync(options.in, 'utf8');
  const givenKey = options.orgPublicKey ? readFileSync(options.orgPublicKey, 'utf8') : null;
  if (options.previousOrgPublicKey && !givenKey) {
    throw new CliError(
      'A rotation stores the new organisation key with the directory: pass --org-public-key <new org.asc.pub> too (the stored one is the previous key).',
    );
  }
  const previous = await previousOrganisationKey(options.previousOrgPublicKey, settings, print);
  return await withDatabase(async (connection) => {
    // The stored key is no more trusted than the given one: both must match ORG_FINGERPRINT.
    const organisationKey =
      givenKey ?? (await directoryServiceFor(connection, settings).latestOrganisationKey());
    if (!organisationKey) {
      throw new CliError(
        'No directory is stored yet: pass --org-public-key <org.asc.pub> (the public key from org:init).',
      );
    }
    const content = await withRotationHint(previous, () =>
      importSignedDirectory(
        connection,
        signed,
        organisationKey,
        { ...settings, previous },
        auditPublished(connection),
      ),
    );
    printPublished(content, print);
    if (previous) {
      print(
        `NEXT: restart the servers with ORG_FINGERPRINT=${settings.orgFingerprint} and rebuild the reporter page and dashboard with it, at once: until then servers answer 503 directory_invalid, and pages pinned to the previous key ${previous.fingerprint} refuse the directory (reporters reload the page).`,
      );
    }
    return content.version;
  });
}

function directorySettings(config: AdminConfig): DirectorySettings & { orgFingerprint: string } {
  if (!config.orgFingerprint)
    throw new CliError('Set ORG_FINGERPRINT to the organisation key fingerprint.');
  return {
    orgFingerprint: config.orgFingerprint,
    isProduction: config.nodeEnv === 'production',
    minVersion: config.directoryMinVersion,
  };
}

/**
 * The previous organisation key of a rotation, read from the admin's file: its fingerprint is
 * printed so the admin can compare it with their records, and it must not be ORG_FINGERPRINT's
 * (that is no rotation). Whether it signed the latest directory is checked against the database.
 */
async function previousOrganisationKey(
  file: string | undefined,
  settings: { readonly orgFingerprint: string },
  print: Print,
): Promise<PreviousOrganisationKey | undefined> {
  if (!file) return undefined;
  const organisationKey = readFileSync(file, 'utf8');
  const { fingerprint } = await inspectOrganisationKey(organisationKey, null).catch(
    (error: unknown) => {
      if (error instanceof DirectorySignatureError)
        throw new CliError(`--previous-org-public-key: ${error.message}`);
      throw error;
    },
  );
  if (fingerprint === settings.orgFingerprint) {
    throw new CliError(
      `--previous-org-public-key is the key of ORG_FINGERPRINT ${fingerprint}: give the key being replaced, with ORG_FINGERPRINT set to the new one.`,
    );
  }
  print(`Previous organisation key ${fingerprint}: the latest directory must be signed by it.`);
  return { organisationKey, fingerprint };
}

/** A latest directory that does not verify under ORG_FINGERPRINT may mean a rotation: say how. */
async function withRotationHint<T>(
  previous: PreviousOrganisationKey | undefined,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!previous && error instanceof AppError && error.code === 'directory_latest_invalid') {
      throw new CliError(
        `${error.message} If ORG_FINGERPRINT was changed to a new organisation key on purpose, pass --previous-org-public-key <the previous org.asc.pub>. (${error.code})`,
      );
    }
    throw error;
  }
}

function checkDraftOptions(options: DirectoryDraftOptions): void {
  if (options.demo && isProduction()) {
    throw new CliError('Demo directories are refused when NODE_ENV=production.');
  }
  if (!Number.isInteger(options.validDays) || options.validDays < 1 || options.validDays > 400) {
    throw new CliError('--valid-days must be a whole number from 1 to 400.');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function printContent(content: DirectoryContent, print: Print): void {
  print(
    `  version ${content.version}${content.demo ? ' (DEMO)' : ''}, valid until ${content.expiresAt}`,
  );
  print(`  recipients (new reports are encrypted to these ${content.recipients.length}):`);
  for (const key of content.recipients) print(`    ${key.fingerprint}  ${key.label}`);
  if (content.retired.length > 0) {
    print(`  retired (never encrypted to; what they signed still verifies):`);
    for (const key of content.retired)
      print(`    ${key.fingerprint}  ${key.label}  retired ${key.retiredOn}`);
  }
}

function printPublished(content: DirectoryContent, print: Print): void {
  print(
    `Published recipient directory version ${content.version} with ${content.recipients.length} key(s) (${content.retired.length} retired).`,
  );
  print(`  valid until ${content.expiresAt}`);
  print(
    `NEXT: set DIRECTORY_MIN_VERSION=${content.version} for the server (restart it) and rebuild the reporter page and dashboard with DIRECTORY_MIN_VERSION=${content.version}, so no older directory can be served again.`,
  );
}

/**
 * Audits a directory once it has passed every check and before it is stored, keyed by its
 * version and content: importing the same file again after a failure appends nothing; another
 * directory is another entry (and only one of a version can be stored).
 */
function auditPublished(connection: DbConnection): (content: DirectoryContent) => Promise<void> {
  return async (content) => {
    await buildCoreServices({ connection }).audit.record(
      'admin-cli',
      'directory.published',
      {
        version: String(content.version),
        recipients: content.recipients.map((recipient) => recipient.fingerprint).join(','),
        retired: content.retired.map((key) => key.fingerprint).join(','),
      },
      { key: ['directory.published', content.version, JSON.stringify(content)].join('\0') },
    );
  };
}

async function withDatabase<T>(run: (connection: DbConnection) => Promise<T>): Promise<T> {
  const connection = await connectDb(loadAdminConfig().mongodbUri);
  try {
    return await run(connection);
  } finally {
    await connection.close();
  }
}
