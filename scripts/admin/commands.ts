/**
 * The admin CLI's commands. They reuse the server's services, so the CLI enforces exactly the
 * rules the server does (key vetting, directory verification, export format).
 *
 * Every change is audited before it takes effect, keyed by what makes it that change, so a
 * command run again after a failure appends nothing for what it had recorded already, and
 * nothing it does is left without an entry (see `audit` below).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateProtectedKeyPair } from '../../client/crypto';
import { loadAdminConfig, loadNodeEnv } from '../../server/config';
import { connectDb, type DbConnection } from '../../server/platform/db';
import { caseRefOf } from '../../server/features/audit';
import type {
  OffboardingCounts,
  OffboardingHooks,
  OffboardingService,
} from '../../server/features/offboarding';
import { buildCoreServices, type CoreServices } from '../../server/services';
import { CliError, readPassphrase } from './passphrase';
import {
  checkOnlineSigningAllowed,
  NEXT_DIRECTORY_STEP,
  signDirectory,
} from './directory-commands';
import { disableAccountFromCli } from './staff-commands';

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
  if (options.demo && loadNodeEnv() === 'production') {
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

async function withDatabase<T>(
  run: (services: CoreServices, connection: DbConnection) => Promise<T>,
): Promise<T> {
  const config = loadAdminConfig();
  const connection = await connectDb(config.mongodbUri);
  try {
    return await run(buildCoreServices({ connection }), connection);
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
  await withDatabase(async (services) => {
    const key = await services.caseworkerKeys.addCaseworkerKey(armored, label, {
      // A fingerprint is added once (keys are never deleted once active or removed).
      beforeStore: (fingerprint) =>
        audit(services, 'caseworker_key.added', { fingerprint, label }, [
          'caseworker_key.added',
          fingerprint,
          label,
        ]),
    });
    print(`Added caseworker key ${key.fingerprint} (${key.label}).`);
    print(`It is not used until the next directory is published. ${NEXT_DIRECTORY_STEP}`);
  });
}

export async function listCaseworkerKeys(print: Print): Promise<void> {
  await withDatabase(async (services) => {
    const keys = await services.caseworkerKeys.listAllKeys();
    if (keys.length === 0) print('No caseworker keys.');
    for (const key of keys)
      print(`${key.fingerprint}  ${key.status.padEnd(7)}  ${key.addedOn}  ${key.label}`);
  });
}

export async function removeCaseworkerKey(fingerprint: string, print: Print): Promise<void> {
  await withDatabase(async (services) => {
    await services.caseworkerKeys.removeCaseworkerKey(fingerprint, {
      beforeStore: (removed) => auditRemoval(services, removed),
    });
    print(
      `Removed ${fingerprint.toLowerCase()}. New reports are encrypted to it until the next directory is published. ${NEXT_DIRECTORY_STEP}`,
    );
  });
}

const DEFAULT_VALID_DAYS = 90;

export interface OffboardOptions {
  /** When given, the next directory (without the key) is signed and published in the same run. */
  readonly orgKey?: string | undefined;
  readonly passphraseFile?: string | undefined;
  readonly validDays?: number | undefined;
}

/**
 * What else offboarding ends, built on the command's database connection: disabling the
 * caseworker's account and ending their sessions plug in here once accounts exist.
 */
export type OffboardingHooksFor = (connection: DbConnection) => OffboardingHooks;

/**
 * Offboarding ends the key owner's staff account too (keys uploaded from the dashboard have
 * one): disabled, password, factors, trusted devices and sessions deleted, audited.
 */
export function staffAccessHooks(connection: DbConnection): OffboardingHooks {
  const services = buildCoreServices({ connection });
  return {
    endCaseworkerAccess: async (key) => {
      if (!key.ownerId) return;
      const account = await services.accounts.findById(key.ownerId);
      if (!account || account.status === 'disabled') return;
      await disableAccountFromCli(services, account.id);
    },
  };
}

/**
 * Offboards a caseworker: marks the key removed, optionally publishes the next directory, drops
 * their PKESK packets from every stored message and records it all in the audit log. Safe to run
 * again: a repeat changes only what arrived in between.
 */
export async function offboardCaseworker(
  fingerprint: string,
  options: OffboardOptions,
  print: Print,
  hooksFor: OffboardingHooksFor = staffAccessHooks,
): Promise<OffboardingCounts> {
  if (
    !options.orgKey &&
    (options.passphraseFile !== undefined || options.validDays !== undefined)
  ) {
    throw new CliError('--passphrase-file and --valid-days only apply together with --org-key.');
  }
  if (options.orgKey) checkOnlineSigningAllowed();
  const offboarding = (services: CoreServices, connection: DbConnection): OffboardingService =>
    services.offboardingWith(hooksFor(connection));
  const key = await withDatabase(
    async (services, connection) =>
      await offboarding(services, connection).removeCaseworker(fingerprint, {
        beforeRemove: (removed) => auditRemoval(services, removed),
      }),
  );
  print(`Removed ${key.fingerprint} (${key.label}) from the caseworker keys.`);
  // The new directory goes out before the rewrite, so fewer new reports still name the key.
  const directoryVersion = options.orgKey
    ? await signDirectory(
        {
          orgKey: options.orgKey,
          passphraseFile: options.passphraseFile,
          validDays: options.validDays ?? DEFAULT_VALID_DAYS,
        },
        print,
      )
    : undefined;
  const counts = await withDatabase(
    async (services, connection) =>
      await offboarding(services, connection).removeCaseworkerFromStoredMessages(key.fingerprint, {
        // The entry names what the run is about to change, keyed by exactly those messages:
        // run again with nothing rewritten yet, it is the same run; once messages were
        // rewritten, a run again changes the rest (or what arrived since) and is a new entry.
        beforeRewrite: (plan) =>
          audit(
            services,
            'caseworker.offboarded',
            {
              fingerprint: key.fingerprint,
              reports: String(plan.reports),
              caseMessages: String(plan.caseMessages),
              attachmentParts: String(plan.attachmentParts),
              recipientPacketsRemoved: String(plan.recipientPacketsRemoved),
              onlyRecipientOf: String(plan.onlyRecipientOf.length),
              ...(directoryVersion === undefined
                ? {}
                : { directoryVersion: String(directoryVersion) }),
            },
            ['caseworker.offboarded', key.fingerprint, ...plan.messages],
          ),
      }),
  );
  print(
    `Dropped ${counts.recipientPacketsRemoved} recipient packet(s) of ${key.fingerprint} from stored messages:`,
  );
  print(`  reports:          ${counts.reports}`);
  print(`  thread messages:  ${counts.caseMessages}`);
  print(`  attachment parts: ${counts.attachmentParts}`);
  if (counts.onlyRecipientOf.length > 0) {
    print(
      `WARNING: ${counts.onlyRecipientOf.length} message(s) are readable by this key alone and were left unchanged (dropping it would make them unreadable for everyone):`,
    );
    for (const { kind, caseId } of counts.onlyRecipientOf) print(`  ${kind} of case ${caseId}`);
  }
  if (directoryVersion === undefined) {
    print(
      `NEXT: ${NEXT_DIRECTORY_STEP} Until then new reports still name this key; afterwards run caseworker:offboard again to drop it from anything accepted in between.`,
    );
  } else {
    print(
      `Servers refuse reports naming this key once they read directory version ${directoryVersion} (within seconds). Run caseworker:offboard again after that to drop it from anything accepted in between.`,
    );
  }
  print(
    'Not undone: anything the caseworker already decrypted or exported, and copies of messages with their packet (backups, exports, their own machine), stay readable with their key.',
  );
  return counts;
}

export async function exportCase(caseId: string, outDir: string, print: Print): Promise<string> {
  return await withDatabase(async (services) => {
    const exported = await services.caseExport.exportCase(caseId);
    const dir = join(outDir, exported.caseId);
    // Keyed by the place and the content: the same export written again to the same place is
    // the same copy; an export elsewhere, or after the case changed, is a new one.
    const content = createHash('sha256');
    for (const file of exported.files) content.update(file.name).update('\0').update(file.content);
    await audit(services, 'case.exported', { case: caseRefOf(exported.caseId) }, [
      'case.exported',
      exported.caseId,
      resolve(dir),
      content.digest('hex'),
    ]);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const file of exported.files)
      writeFileSync(join(dir, file.name), file.content, { mode: 0o600 });
    print(`Exported case ${exported.caseId} to ${dir}`);
    print(`  decrypt offline with: gpg --decrypt ${join(dir, 'report.asc')}`);
    return dir;
  });
}

/** Checks the audit chain; exits non-zero (via CliError) at the first broken link. */
export async function verifyAuditLog(print: Print): Promise<void> {
  await withDatabase(async (services) => {
    const verdict = await services.audit.verifyChain();
    if (!verdict.ok) {
      throw new CliError(`Audit log broken at entry ${verdict.brokenAt}: ${verdict.reason}.`);
    }
    print(`Audit log intact: ${verdict.count} entries.`);
    print(`  head hash: ${verdict.headHash}  (keep it with your offline records)`);
  });
}

/**
 * Actions from this CLI are recorded as the actor "admin-cli": whoever runs it on the server.
 * `identity` names the action (audit-log.service.ts `key`): recorded again, it appends nothing.
 */
async function audit(
  services: CoreServices,
  event: string,
  details: Record<string, string>,
  identity: readonly string[],
): Promise<void> {
  await services.audit.record('admin-cli', event, details, { key: identity.join('\0') });
}

/** A key is removed once: removing it again (or offboarding after removing) appends nothing. */
async function auditRemoval(services: CoreServices, fingerprint: string): Promise<void> {
  await audit(services, 'caseworker_key.removed', { fingerprint }, [
    'caseworker_key.removed',
    fingerprint,
  ]);
}
