/**
 * Offboarding a person: the account can never sign in again; its password
 * hash, second factors, trusted devices, every open session and their read marks (which cases
 * they opened, case-reads) are deleted at once. Their key
 * is handled by the offboarding feature (removed from the directory, PKESKs dropped).
 */
import type { Account, AccountsService } from '../accounts';
import type { AuditLogService } from '../audit';
import type { CaseLinksService } from '../case-links';
import type { CaseReadsRepository } from '../case-reads';
import type { SessionsRepository } from '../sessions';
import type { FactorsRepository } from './factors.repository';

export interface AccountDisablingDeps {
  readonly accounts: AccountsService;
  readonly factors: FactorsRepository;
  readonly sessions: SessionsRepository;
  readonly caseReads: CaseReadsRepository;
  readonly audit: AuditLogService;
  readonly caseLinks: Pick<CaseLinksService, 'retireKey'>;
}

/**
 * Audited before anything changes, keyed by the account (disabling is final: it is never
 * enabled again), so a retry after any failure appends nothing. `sessionsEnded` in the entry
 * counts the sessions open when it was written.
 */
export async function disableAccount(
  deps: AccountDisablingDeps,
  actor: string,
  accountId: string,
): Promise<{ account: Account; sessionsEnded: number }> {
  const found = await deps.accounts.requireAccount(accountId);
  await deps.audit.record(
    actor,
    'account.disabled',
    {
      account: found.id,
      username: found.username,
      sessionsEnded: String(await deps.sessions.countForAccount(found.id)),
    },
    { key: `account.disabled\0${found.id}` },
  );
  const account = await deps.accounts.disable(found.id);
  await deps.factors.deleteAllFactors(account.id);
  const sessionsEnded = await deps.sessions.deleteAllForAccount(account.id);
  await deps.caseReads.deleteAllOfCaseworker(account.id);
  // A caseworker's dashboard held the linking key: no token is made with it again (as offboarding).
  if (account.role === 'caseworker') await deps.caseLinks.retireKey();
  return { account, sessionsEnded };
}
