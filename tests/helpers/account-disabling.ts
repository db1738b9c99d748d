/**
 * Disabling a staff account as the admin CLI does (server/features/sign-in/account-disabling.ts),
 * with the test app's own services: for the tests of what disabling takes away.
 */
import { disableAccount } from '../../server/features/sign-in';
import type { TestApp } from './test-app';

export async function disableAccountAsAdminCli(t: TestApp, accountId: string): Promise<void> {
  const { services } = t;
  await disableAccount(
    {
      accounts: services.accounts,
      audit: services.audit,
      factors: services.repositories.factors,
      sessions: services.repositories.sessions,
      caseReads: services.repositories.caseReads,
      caseLinks: services.caseLinks,
    },
    'admin-cli',
    accountId,
  );
}
