/**
 * Admin CLI commands for staff accounts: the first admin is invited from here; later
 * admins can also invite from the dashboard. They reuse the server's services.
 */
import { loadAdminConfig } from '../../server/config';
import { connectDb } from '../../server/platform/db';
import { INVITE_VALID_HOURS } from '../../server/features/accounts';
import {
  inviteStaffMember,
  vetCaseworkerKey as vetKeyAudited,
} from '../../server/features/staff-admin';
import { disableAccount } from '../../server/features/sign-in';
import { buildCoreServices, type CoreServices } from '../../server/services';
import { NEXT_DIRECTORY_STEP } from './directory-commands';
import { CliError } from './passphrase';
import { CLI_ACTOR } from './cli-actor';
import type { Print } from './commands';

async function withStaff<T>(run: (services: CoreServices) => Promise<T>): Promise<T> {
  const connection = await connectDb(loadAdminConfig().mongodbUri);
  try {
    return await run(buildCoreServices({ connection }));
  } finally {
    await connection.close();
  }
}

/** Prints a single-use invitation path; the admin hands it over through a trusted channel. */
export async function inviteStaff(username: string, role: string, print: Print): Promise<string> {
  return await withStaff(async ({ accounts, audit }) => {
    let invite;
    try {
      invite = await inviteStaffMember({ accounts, audit }, CLI_ACTOR, username, role);
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error));
    }
    print(`Invited ${invite.account.username} as ${invite.account.role}.`);
    print(
      `  link (valid ${INVITE_VALID_HOURS} h, single use): <PUBLIC_ORIGIN>/staff/#invite=${invite.token}`,
    );
    print('  Hand it over through a channel you trust; anyone holding it can claim the account.');
    return invite.token;
  });
}

export async function listStaff(print: Print): Promise<void> {
  await withStaff(async ({ accounts }) => {
    const all = await accounts.listAccounts();
    if (all.length === 0) print('No staff accounts.');
    for (const account of all) {
      print(
        `${account.id}  ${account.status.padEnd(8)}  ${account.role.padEnd(10)}  ${account.username}`,
      );
    }
  });
}

/**
 * Disables an account as the admin CLI, at once: password, factors, devices and sessions are
 * gone (also what offboarding a caseworker's key does to its owner's account).
 */
export async function disableAccountFromCli(
  { accounts, audit, caseLinks, repositories }: CoreServices,
  accountId: string,
): Promise<{ sessionsEnded: number }> {
  const { factors, sessions, caseReads } = repositories;
  const deps = { accounts, audit, factors, sessions, caseReads, caseLinks };
  return await disableAccount(deps, CLI_ACTOR, accountId);
}

/** Disables the account at once: password, factors, devices and sessions are gone. */
export async function disableStaff(username: string, print: Print): Promise<void> {
  await withStaff(async (services) => {
    const account = await services.accounts.findByUsername(username);
    if (!account) throw new CliError(`No staff account named ${username}.`);
    const { sessionsEnded } = await disableAccountFromCli(services, account.id);
    print(`Disabled ${account.username}; ${sessionsEnded} session(s) ended.`);
  });
}

/** Vets a key a caseworker uploaded from the dashboard (pending → active). */
export async function vetCaseworkerKey(fingerprint: string, print: Print): Promise<void> {
  await withStaff(async ({ caseworkerKeys, audit }) => {
    let key;
    try {
      key = await vetKeyAudited({ keys: caseworkerKeys, audit }, CLI_ACTOR, fingerprint);
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error));
    }
    print(`Vetted ${key.fingerprint} (${key.label}). New reports are not encrypted to it yet.`);
    print(`NEXT: ${NEXT_DIRECTORY_STEP}`);
  });
}

/** Runs the retention sweep once (the server also runs it every RETENTION_SWEEP_MINUTES). */
export async function runRetention(closedDays: number, print: Print): Promise<number> {
  if (!Number.isInteger(closedDays) || closedDays < 1 || closedDays > 3650) {
    throw new CliError('--closed-days must be a whole number from 1 to 3650.');
  }
  return await withStaff(async (services) => {
    const { deleted } = await services.retentionAfter(closedDays).deleteExpiredCases(CLI_ACTOR);
    print(`Deleted ${deleted} case(s) closed more than ${closedDays} days ago (legal holds kept).`);
    return deleted;
  });
}
