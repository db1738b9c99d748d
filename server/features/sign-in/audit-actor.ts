import type { Account } from '../accounts';

/** How the audit log names a staff member: by account id, never by username. */
export function actorOf(account: Account): string {
  return `account:${account.id}`;
}
