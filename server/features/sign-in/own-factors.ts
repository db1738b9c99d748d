/**
 * A signed-in staff member managing their own second factors: list them, remove one, make new
 * recovery codes (adding a security key or an authenticator app is enrolment, sign-in.service).
 *
 * Security: every change needs a full session that re-authenticated in the last minutes AND the
 * key release token of the tab that did (staff-guards requireKeyRelease). Signing in counts as
 * re-authenticating, so the time alone would let a copied session cookie, minutes after sign-in,
 * remove the victim's factors or add the thief's own; the token exists only in the tab that
 * proved password and factor. Every change is audited before it takes effect, never with a secret.
 *
 * The last factor cannot be removed: an account without an authenticator app or security key is
 * sent to enrolment at its next login (sign-in.service login), so the password alone would then
 * let whoever has it enrol their own factor. Recovery codes do not count: they only stand in for
 * a factor the account still has. Any two removals racing cannot both pass the check: each claims
 * the next change of the account's factors (a unique insert, factors.repository claimChange), then
 * counts what is left once every earlier removal, done or still under way, has taken its factor.
 */
import { createHash } from 'node:crypto';
import { TOTP_FACTOR_ID, type OwnFactors } from '../../../contract/api/sign-in';
import type { Account, AccountsService } from '../accounts';
import type { AuditLogService } from '../audit';
import { ConflictError, ForbiddenError, NotFoundError } from '../../platform/errors';
import type { ActiveSession, SessionsService } from '../sessions';
import { actorOf } from './audit-actor';
import type { FactorsRepository } from './factors.repository';
import { createRecoveryCodes, hashesOf } from './recovery-codes';

/** For changingAccount: the change takes something away from the account's owner. */
export const STRIPS = (): boolean => true;
/** For changingAccount: the change only adds a factor. */
export const ADDS = (): boolean => false;

/**
 * How long a claimed change counts (factor_changes): far longer than any request, so a removal
 * still under way is counted as done by every later one.
 */
export const CHANGE_CLAIM_MS = 10 * 60_000;

/** Answer to a change that another change of the same account's factors overtook. */
export function factorsBusy(): ConflictError {
  return new ConflictError(
    'factors_busy',
    'Your second factors were just changed. Wait a moment, reload and try again.',
  );
}

export interface OwnFactorsDeps {
  readonly accounts: AccountsService;
  readonly sessions: SessionsService;
  readonly factors: FactorsRepository;
  readonly audit: AuditLogService;
  readonly clock: () => Date;
  /** The session's account if it is active; otherwise the session is ended (session_expired). */
  readonly activeAccount: (session: ActiveSession) => Promise<Account>;
}

export class OwnFactorsService {
  constructor(private readonly deps: OwnFactorsDeps) {}

  /**
   * The account of a full session that may change its factors now: re-authenticated recently,
   * from the tab that holds `keyReleaseToken` (403 reauth_required otherwise). A change that
   * `strips` one of the account's factors (remove, replace the app, new recovery codes) also
   * needs that re-authentication to have used a factor, not a recovery code (403
   * reauth_factor_required): password and one recovery code, both of which can be stolen on paper,
   * may add a factor but never take the owner's away.
   */
  async changingAccount(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
    strips: (account: Account) => boolean,
  ): Promise<Account> {
    const account = await this.deps.activeAccount(session);
    if (session.stage !== 'full')
      throw new ForbiddenError('wrong_stage', 'Finish signing in first.');
    const { sessions } = this.deps;
    if (
      !sessions.isRecentlyReauthenticated(session) ||
      sessions.keyReleaseTokenHashOf(session, keyReleaseToken) === null
    ) {
      throw new ForbiddenError(
        'reauth_required',
        'Confirm your password and second factor to do this.',
      );
    }
    // A session re-authenticated before the kind was recorded has none: treated as a recovery code.
    if ((session.reauthProof === null || session.reauthProof === 'recovery') && strips(account)) {
      throw new ForbiddenError(
        'reauth_factor_required',
        'Confirm with your authenticator app or security key, not a recovery code, to do this.',
      );
    }
    return account;
  }

  async list(session: ActiveSession): Promise<OwnFactors> {
    const account = await this.deps.activeAccount(session);
    return await this.factorsOf(account);
  }

  async remove(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
    factorId: string,
  ): Promise<OwnFactors> {
    const account = await this.changingAccount(session, keyReleaseToken, STRIPS);
    const { factors, audit } = this.deps;
    const credentials = await factors.listCredentials(account.id);
    const app = account.totpSecretSealed === null ? [] : [totpIdentity(account.totpSecretSealed)];
    const isTotp = factorId === TOTP_FACTOR_ID;
    if (isTotp ? app.length === 0 : !credentials.some((credential) => credential.id === factorId)) {
      throw new NotFoundError('factor_not_found', 'No such second factor on your account.');
    }
    const present = [...credentials.map((credential) => credential.id), ...app];
    const removes = isTotp ? app[0]! : factorId;
    const now = this.deps.clock();
    const version = await factors.claimChange(
      account.id,
      removes,
      new Date(now.getTime() + CHANGE_CLAIM_MS),
    );
    if (version === null) throw factorsBusy();
    // Read after the claim: every removal claimed before this one is among removalsUpTo.
    const removed = await factors.removalsUpTo(account.id, version, now);
    if (present.every((identity) => removed.has(identity))) {
      await factors.cancelRemoval(account.id, version);
      throw new ConflictError(
        'last_factor',
        'This is your only second factor. Add another before removing it.',
      );
    }
    const details = await this.endingOtherSessions(session);
    if (isTotp) {
      // Keyed by the secret it removes: the same removal sent again is one entry.
      await audit.record(actorOf(account), 'factor.totp_removed', details, {
        key: `factor.totp_removed\0${account.id}\0${account.totpSecretSealed}`,
      });
      await this.deps.accounts.clearTotpSecret(account.id, account.totpSecretSealed!);
    } else {
      await audit.record(actorOf(account), 'factor.security_key_removed', details, {
        key: `factor.security_key_removed\0${account.id}\0${factorId}`,
      });
      await factors.deleteCredential(account.id, factorId);
    }
    await this.deps.sessions.endOthersOf(session);
    return await this.factorsOf(await this.deps.activeAccount(session));
  }

  /**
   * A new set of recovery codes, shown once; every code of the old set stops working now. The
   * change is claimed before it is audited: a renewal refused for a racing change logs nothing.
   */
  async renewRecoveryCodes(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
  ): Promise<string[]> {
    const account = await this.changingAccount(session, keyReleaseToken, STRIPS);
    const { factors } = this.deps;
    const codes = createRecoveryCodes();
    const expiresAt = new Date(this.deps.clock().getTime() + CHANGE_CLAIM_MS);
    const generation = await factors.claimChange(account.id, null, expiresAt);
    if (generation === null) throw factorsBusy();
    await this.deps.audit.record(actorOf(account), 'factor.recovery_codes_renewed', {
      voided: String(await factors.countRecoveryCodes(account.id)),
      ...(await this.endingOtherSessions(session)),
    });
    if (!(await factors.storeRecoveryCodes(account.id, generation, hashesOf(codes)))) {
      throw factorsBusy();
    }
    await this.deps.sessions.endOthersOf(session);
    return codes;
  }

  /**
   * Audit details for a change that ends the account's other sessions (endOthersOf, called after
   * the change): how many there are now. Whoever signed in with a removed or replaced factor, or
   * a copied cookie, is signed out with it; only the session that made the change stays.
   */
  async endingOtherSessions(session: ActiveSession): Promise<{ sessionsEnded: string }> {
    return { sessionsEnded: String((await this.deps.sessions.countFor(session.accountId)) - 1) };
  }

  private async factorsOf(account: Account): Promise<OwnFactors> {
    const credentials = await this.deps.factors.listCredentials(account.id);
    return {
      factors: [
        ...(account.totpSecretSealed === null
          ? []
          : [{ id: TOTP_FACTOR_ID, kind: 'totp' as const, name: null, addedOn: null }]),
        ...credentials.map((credential) => ({
          id: credential.id,
          kind: 'webauthn' as const,
          name: credential.name,
          addedOn: credential.addedOn,
        })),
      ],
      recoveryCodesLeft: await this.deps.factors.countRecoveryCodes(account.id),
    };
  }
}

/**
 * Names the authenticator app a removal takes away by its sealed secret (not the secret itself):
 * an app set up again after a removal is another factor, which that removal does not take.
 */
export function totpIdentity(totpSecretSealed: string): string {
  return `totp:${createHash('sha256').update(totpSecretSealed).digest('hex')}`;
}
