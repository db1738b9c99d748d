/**
 * Disabling a staff account as the admin CLI does (staff:disable, and offboarding's owner
 * account), through the CLI's own step with the test app's services: for the tests of what
 * disabling takes away.
 */
import { disableAccountFromCli } from '../../scripts/admin/staff-commands';
import type { TestApp } from './test-app';

export async function disableAccountAsAdminCli(t: TestApp, accountId: string): Promise<void> {
  await disableAccountFromCli(t.services, accountId);
}
