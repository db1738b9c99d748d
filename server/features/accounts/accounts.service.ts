/**
 * Staff accounts: admins invite by a single-use link that expires; the invitee
 * chooses the password. A factor reset puts the account back to "invited" with a new link, so a
 * new factor is only ever enrolled through a link an admin handed over.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import type { SingleUseMarks } from '../../platform/single-use';
import { dayOf } from '../../platform/days';
import { STAFF_ROLES, type StaffRole } from './account.model';
import type { Account, AccountsRepository } from './accounts.repository';
import { checkNewPassword, hashPassword } from './passwords';

export const INVITE_VALID_HOURS = 72;
const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

export interface CreatedInvite {
  readonly account: Account;
  readonly token: string;
  readonly expiresAt: Date;
}

export interface InviteOptions {
  /**
   * Runs once the invitation has passed every check and before anything is stored, with the
   * account about to be created; returns the id to create it under. The caller audits here: a
   * retry whose entry was written already gets that entry's account id back, so the account
   * created is the one its entry names.
   */
  readonly beforeStore?: (account: Account) => Promise<string>;
}

export interface AcceptInviteOptions {
  /** Runs once the link and password are checked, before the link is used: the caller audits. */
  readonly beforeAccept?: (account: Account, tokenHash: string) => Promise<void>;
}

export interface ResetOptions {
  /** Runs once the account may be reset, before anything changes: the caller audits. */
  readonly beforeReset?: (account: Account) => Promise<void>;
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(`amanat/invite/v1\0${token}`).digest('hex');
}

export function normaliseUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

export class AccountsService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly marks: SingleUseMarks,
    private readonly clock: () => Date,
  ) {}

  async invite(
    usernameInput: string,
    role: string,
    { beforeStore }: InviteOptions = {},
  ): Promise<CreatedInvite> {
    const username = normaliseUsername(usernameInput);
    if (!USERNAME_PATTERN.test(username)) {
      throw new UnprocessableError(
        'invalid_username',
        'A username is 3-64 letters a-z, digits, dots, dashes or underscores.',
      );
    }
    if (!(STAFF_ROLES as readonly string[]).includes(role)) {
      throw new UnprocessableError(
        'invalid_role',
        `The role must be one of ${STAFF_ROLES.join(', ')}.`,
      );
    }
    const taken = new ConflictError('username_taken', 'This username is already in use.');
    if (await this.repository.findByUsername(username)) throw taken;
    const proposed: Account = {
      id: randomBytes(16).toString('hex'),
      username,
      role: role as StaffRole,
      status: 'invited',
      passwordHash: null,
      totpSecretSealed: null,
      totpLastUsedStep: 0,
      createdOn: dayOf(this.clock()),
    };
    const account = beforeStore ? { ...proposed, id: await beforeStore(proposed) } : proposed;
    if ((await this.repository.insert(account)) === 'taken') throw taken;
    return { account, ...(await this.issueInvite(account.id)) };
  }

  /**
   * How many invitation links were ever issued for the account: each invitation and each factor
   * reset issues one, and links are never deleted (used and revoked ones stay), so the count
   * only grows. It names a reset: a retry of a reset that issued no link yet sees the same count.
   */
  async countInvitesIssued(accountId: string): Promise<number> {
    return await this.repository.countInvites(accountId);
  }

  /**
   * A new single-use link for an account (a new account, or one whose factors were reset). It
   * replaces every earlier link of the account not used yet: after two resets only the newest
   * link works, so a link handed over before (perhaps through a channel since found unsafe, or
   * to a device since lost) can no longer claim the account.
   */
  async issueInvite(accountId: string): Promise<{ token: string; expiresAt: Date }> {
    await this.revokeOpenInvites(accountId);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock().getTime() + INVITE_VALID_HOURS * 3_600_000);
    await this.repository.insertInvite({
      _id: hashInviteToken(token),
      accountId,
      expiresAt,
      usedAt: null,
      revokedAt: null,
    });
    return { token, expiresAt };
  }

  /**
   * The invited account an open link is for, so the invitation page can name it before a
   * password is chosen; refused exactly as accepting the link would be. Uses nothing up.
   */
  async findInvitedAccount(token: string): Promise<Account> {
    return (await this.openInvite(token)).account;
  }

  /**
   * Uses an invite: checks the new password first (a refused password does not use up the link),
   * then consumes the link atomically, so it works once even under concurrent use.
   */
  async acceptInvite(
    token: string,
    password: string,
    { beforeAccept }: AcceptInviteOptions = {},
  ): Promise<Account> {
    const { account, tokenHash, expiresAt, now } = await this.openInvite(token);
    checkNewPassword(password, account.username);
    const passwordHash = await hashPassword(password);
    await beforeAccept?.(account, tokenHash);
    // Security: the unique mark makes the link single-use even when two acceptances race.
    if (!(await this.marks.claim(`invite:${tokenHash}`, expiresAt))) throw inviteInvalid();
    if (!(await this.repository.consumeInvite(tokenHash, now))) throw inviteInvalid();
    await this.repository.update(account.id, { status: 'active', passwordHash });
    return { ...account, status: 'active', passwordHash };
  }

  /** An invitation link not used, revoked or expired, of an account still invited. */
  private async openInvite(
    token: string,
  ): Promise<{ account: Account; tokenHash: string; expiresAt: Date; now: Date }> {
    const tokenHash = hashInviteToken(token);
    const now = this.clock();
    const pending = await this.repository.findInvite(tokenHash);
    if (pending?.revokedAt) {
      throw new NotFoundError(
        'invite_revoked',
        'This invitation link was replaced by a newer one. Use the newest link an admin gave you.',
      );
    }
    if (!pending || pending.usedAt !== null || pending.expiresAt <= now) throw inviteInvalid();
    const account = await this.repository.findById(pending.accountId);
    if (!account || account.status !== 'invited') throw inviteInvalid();
    return { account, tokenHash, expiresAt: pending.expiresAt, now };
  }

  private async revokeOpenInvites(accountId: string): Promise<void> {
    const open = await this.repository.listOpenInvites(accountId);
    for (const invite of open) {
      // Security: the mark acceptInvite claims. An acceptance of the old link that has not yet
      // claimed it never will; one that already has is racing this reset (SECURITY.md).
      await this.marks.claim(`invite:${invite._id}`, invite.expiresAt);
    }
    await this.repository.revokeInvites(
      open.map((invite) => invite._id),
      this.clock(),
    );
  }

  async changePassword(account: Account, newPassword: string): Promise<void> {
    checkNewPassword(newPassword, account.username);
    await this.repository.update(account.id, { passwordHash: await hashPassword(newPassword) });
  }

  /** Back to "invited": no password, no TOTP seed; the caller removes other factors and sessions. */
  async resetToInvited(accountId: string, { beforeReset }: ResetOptions = {}): Promise<Account> {
    const account = await this.requireAccount(accountId);
    if (account.status === 'disabled') {
      throw new ConflictError('account_disabled', 'This account is disabled.');
    }
    await beforeReset?.(account);
    await this.repository.update(accountId, {
      status: 'invited',
      passwordHash: null,
      totpSecretSealed: null,
      totpLastUsedStep: 0,
    });
    return { ...account, status: 'invited', passwordHash: null, totpSecretSealed: null };
  }

  async disable(accountId: string): Promise<Account> {
    const account = await this.requireAccount(accountId);
    await this.repository.update(accountId, {
      status: 'disabled',
      passwordHash: null,
      totpSecretSealed: null,
    });
    return { ...account, status: 'disabled' };
  }

  async requireAccount(accountId: string): Promise<Account> {
    const account = await this.repository.findById(accountId);
    if (!account) throw new NotFoundError('account_not_found', 'No such account.');
    return account;
  }

  async findByUsername(username: string): Promise<Account | null> {
    return await this.repository.findByUsername(normaliseUsername(username));
  }

  async findById(accountId: string): Promise<Account | null> {
    return await this.repository.findById(accountId);
  }

  async listAccounts(): Promise<Account[]> {
    return await this.repository.listAll();
  }

  /** `addedUnderRecoveryAt`: when, if the session setting it up was proven with a recovery code. */
  async setTotpSecret(
    accountId: string,
    sealed: string,
    addedUnderRecoveryAt: Date | null,
  ): Promise<void> {
    await this.repository.update(accountId, {
      totpSecretSealed: sealed,
      totpAddedUnderRecoveryAt: addedUnderRecoveryAt,
      totpLastUsedStep: 0,
    });
  }

  /**
   * Removes the authenticator app sealed as `sealed` (the account keeps another factor:
   * own-factors.ts); an app set up since is another factor and stays.
   */
  async clearTotpSecret(accountId: string, sealed: string): Promise<void> {
    await this.repository.clearTotpSecret(accountId, sealed);
  }

  /**
   * Accepts a TOTP time step once per account: the unique mark stops two racing uses of the same
   * code; the recorded last step stops an older code of the window after a newer one was used.
   */
  async claimTotpStep(accountId: string, step: number): Promise<boolean> {
    const keepUntil = new Date(this.clock().getTime() + 10 * 60_000);
    if (!(await this.marks.claim(`totp:${accountId}:${step}`, keepUntil))) return false;
    return await this.repository.claimTotpStep(accountId, step);
  }
}

function inviteInvalid(): NotFoundError {
  return new NotFoundError(
    'invite_invalid',
    'This invitation link is not valid: it may have expired or been used. Ask an admin for a new one.',
  );
}
