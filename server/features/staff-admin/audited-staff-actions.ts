/**
 * Admin actions that the dashboard and the admin CLI share, each audited before it takes effect
 * and keyed by what makes it that action, so a retry after any failure appends nothing and no
 * effect is ever left without its entry.
 */
import type { AccountsService, CreatedInvite } from '../accounts';
import type { AuditLogService } from '../audit';
import type { CaseworkerKey, CaseworkerKeysService } from '../caseworkers';

/**
 * A new staff account with its first invitation link. Keyed by username and role: a username is
 * invited once (accounts are never deleted, names never reused), so a retry after the entry
 * finds it and creates the account under the id the entry names.
 */
export async function inviteStaffMember(
  deps: { readonly accounts: AccountsService; readonly audit: AuditLogService },
  actor: string,
  username: string,
  role: string,
): Promise<CreatedInvite> {
  return await deps.accounts.invite(username, role, {
    beforeStore: async (account) => {
      const entry = await deps.audit.record(
        actor,
        'account.invited',
        { account: account.id, username: account.username, role: account.role },
        { key: ['account.invited', account.username, account.role].join('\0') },
      );
      return entry.details['account']!;
    },
  });
}

/**
 * Vets a pending caseworker key. Keyed by the fingerprint: a key is vetted once (an active key
 * is never replaced, and a removed one never comes back).
 */
export async function vetCaseworkerKey(
  deps: { readonly keys: CaseworkerKeysService; readonly audit: AuditLogService },
  actor: string,
  fingerprint: string,
): Promise<CaseworkerKey> {
  return await deps.keys.vetKey(fingerprint, {
    beforeStore: async (vetted) => {
      await deps.audit.record(
        actor,
        'caseworker_key.vetted',
        { fingerprint: vetted },
        { key: `caseworker_key.vetted\0${vetted}` },
      );
    },
  });
}
