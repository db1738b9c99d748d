/**
 * Offboarding a person (issue 4, point 6): the account can never sign in again; its password
 * hash, second factors, trusted devices and every open session are deleted at once. Their key
 * is handled by the offboarding feature (removed from the directory, PKESKs dropped).
 */
import type { Account, AccountsService } from '../accounts';
import type { AuditLogService } from '../audit';
import type { SessionsRepository } from '../sessions';
import type { FactorsRepository } from './factors.repository';

export interface AccountDisablingDeps {
  readonly accounts: AccountsService;
  readonly factors: FactorsRepository;
  readonly sessions: SessionsRepository;
  readonly audit: AuditLogService;
}

export async function disableAccount(
  deps: AccountDisablingDeps,
  actor: string,
  accountId: string,
): Promise<{ account: Account; sessionsEnded: number }> {
  const account = await deps.accounts.disable(accountId);
  await deps.factors.deleteAllFactors(account.id);
  const sessionsEnded = await deps.sessions.deleteAllForAccount(account.id);
  await deps.audit.record(actor, 'account.disabled', {
    account: account.id,
    username: account.username,
    sessionsEnded: String(sessionsEnded),
  });
  return { account, sessionsEnded };
}
