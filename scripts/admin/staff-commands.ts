/**
 * Admin CLI commands for staff accounts: the first admin is invited from here; later
 * admins can also invite from the dashboard. They reuse the server's services.
 */
import { loadAdminConfig } from '../../server/config';
import { connectDb, type DbConnection } from '../../server/platform/db';
import { SingleUseMarks } from '../../server/platform/single-use';
import {
  AccountsRepository,
  AccountsService,
  INVITE_VALID_HOURS,
} from '../../server/features/accounts';
import { AuditLogRepository, AuditLogService } from '../../server/features/audit';
import { CaseworkerKeysRepository, CaseworkerKeysService } from '../../server/features/caseworkers';
import { SessionsRepository } from '../../server/features/sessions';
import {
  inviteStaffMember,
  vetCaseworkerKey as vetKeyAudited,
} from '../../server/features/staff-admin';
import { disableAccount, FactorsRepository } from '../../server/features/sign-in';
import { AttachmentPartsRepository } from '../../server/features/attachments';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { ReplyKeyConfirmationsRepository } from '../../server/features/casework';
import { ReportRepository } from '../../server/features/intake';
import { RetentionService } from '../../server/features/retention';
import { CasesRepository } from '../../server/features/cases';
import { NEXT_DIRECTORY_STEP } from './directory-commands';
import { CliError } from './passphrase';
import type { Print } from './commands';

const CLI_ACTOR = 'admin-cli';

async function withStaff<T>(
  run: (deps: {
    connection: DbConnection;
    accounts: AccountsService;
    audit: AuditLogService;
    marks: SingleUseMarks;
  }) => Promise<T>,
): Promise<T> {
  const connection = await connectDb(loadAdminConfig().mongodbUri);
  const marks = new SingleUseMarks(connection);
  try {
    return await run({
      connection,
      accounts: new AccountsService(new AccountsRepository(connection), marks, () => new Date()),
      audit: new AuditLogService(new AuditLogRepository(connection)),
      marks,
    });
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

/** Disables the account at once: password, factors, devices and sessions are gone. */
export async function disableStaff(username: string, print: Print): Promise<void> {
  await withStaff(async ({ connection, accounts, audit, marks }) => {
    const account = await accounts.findByUsername(username);
    if (!account) throw new CliError(`No staff account named ${username}.`);
    const { sessionsEnded } = await disableAccount(
      {
        accounts,
        audit,
        factors: new FactorsRepository(connection, marks),
        sessions: new SessionsRepository(connection),
      },
      CLI_ACTOR,
      account.id,
    );
    print(`Disabled ${account.username}; ${sessionsEnded} session(s) ended.`);
  });
}

/** Vets a key a caseworker uploaded from the dashboard (pending → active). */
export async function vetCaseworkerKey(fingerprint: string, print: Print): Promise<void> {
  await withStaff(async ({ connection, audit }) => {
    const keys = new CaseworkerKeysService(new CaseworkerKeysRepository(connection));
    let key;
    try {
      key = await vetKeyAudited({ keys, audit }, CLI_ACTOR, fingerprint);
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
  return await withStaff(async ({ connection, audit }) => {
    const { deleted } = await new RetentionService(
      {
        cases: new CasesRepository(connection),
        reports: new ReportRepository(connection),
        messages: new CaseMessagesRepository(connection),
        attachmentParts: new AttachmentPartsRepository(connection),
        replyKeyConfirmations: new ReplyKeyConfirmationsRepository(connection),
        audit,
      },
      closedDays,
      () => new Date(),
    ).deleteExpiredCases(CLI_ACTOR);
    print(`Deleted ${deleted} case(s) closed more than ${closedDays} days ago (legal holds kept).`);
    return deleted;
  });
}
