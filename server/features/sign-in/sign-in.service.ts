/**
 * Staff sign-in: password, then a mandatory second factor (TOTP, security
 * key or recovery code); factor enrolment; re-authentication; logout and password change.
 * Every outcome that matters is written to the audit log, never with a typed password or code.
 *
 * Each event is recorded before what it records takes effect (a session started or raised, a
 * factor stored, a code used, a password replaced, an account reset), so nothing happens
 * unaudited whatever fails next. A sign-in step sent again is another attempt and another entry
 * (it checks the password or code again); an action that can be retried as the same action is
 * keyed by what makes it that action (the link, the factor, the code, the password it replaces,
 * the links issued so far), so its retry appends nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AccountsService,
  checkNewPassword,
  normaliseUsername,
  verifyAgainstDecoy,
  verifyPassword,
  type Account,
  type StaffRole,
} from '../accounts';
import type { AuditLogService } from '../audit';
import {
  ConflictError,
  ForbiddenError,
  UnauthorizedError,
  UnprocessableError,
} from '../../platform/errors';
import { dayOf } from '../../platform/days';
import type { SecretSealer } from '../../platform/sealed-secrets';
import type {
  ActiveSession,
  ReauthProof,
  SessionsService,
  SessionStage,
  StartedSession,
} from '../sessions';
import { actorOf } from './audit-actor';
import type { FactorsRepository } from './factors.repository';
import type { LoginThrottle, SignInPath, ThrottleKeys } from './login-throttle';
import { ADDS, CHANGE_CLAIM_MS, factorsBusy, OwnFactorsService, totpIdentity } from './own-factors';
import { createRecoveryCodes, hashesOf, hashRecoveryCode } from './recovery-codes';
import { createTotpSecret, matchTotpStep, totpUri } from './totp';
import {
  authenticationOptions,
  registrationOptions,
  verifyAuthentication,
  verifyRegistration,
  type RelyingParty,
} from './webauthn';

/** Wrong second factors tolerated in one session before it is ended. */
const MAX_SECOND_FACTOR_FAILURES = 5;
const MAX_SECURITY_KEYS = 10;

export interface SessionView {
  readonly stage: 'none' | SessionStage;
  readonly csrfToken?: string;
  readonly user?: { readonly id: string; readonly username: string; readonly role: StaffRole };
  readonly factors?: {
    readonly totp: boolean;
    readonly webauthn: number;
    readonly recoveryCodesLeft: number;
  };
  readonly idleTimeoutSeconds: number;
}

/** Who is asking: how they reached us (clearnet: keyed hash of their address) and their device cookie, if any. */
export interface ClientContext {
  readonly path: SignInPath;
  readonly deviceToken: string | undefined;
}

export type SecondFactorProof =
  | { readonly kind: 'totp'; readonly code: string }
  | { readonly kind: 'recovery'; readonly code: string }
  | { readonly kind: 'webauthn'; readonly response: unknown };

export class SignInService {
  /** The signed-in person's own factors: list, remove, new recovery codes. */
  readonly ownFactors: OwnFactorsService;

  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly factors: FactorsRepository,
    private readonly throttle: LoginThrottle,
    private readonly sealer: SecretSealer,
    private readonly audit: AuditLogService,
    private readonly rp: RelyingParty,
    private readonly clock: () => Date,
    /** RECOVERY_FACTOR_COOLING_OFF_DAYS (server/config.ts): see provenBy. */
    private readonly recoveryFactorCoolingOffDays: number,
  ) {
    this.ownFactors = new OwnFactorsService({
      accounts,
      sessions,
      factors,
      audit,
      clock,
      activeAccount: async (session) => await this.activeAccount(session),
    });
  }

  // --- session view

  async viewOf(session: ActiveSession | null): Promise<SessionView> {
    const idleTimeoutSeconds = this.sessions.idleTimeoutSeconds;
    if (!session) return { stage: 'none', idleTimeoutSeconds };
    const account = await this.accounts.findById(session.accountId);
    if (!account) return { stage: 'none', idleTimeoutSeconds };
    return {
      stage: session.stage,
      csrfToken: session.csrfToken,
      user: { id: account.id, username: account.username, role: account.role },
      factors: await this.factorSummary(account),
      idleTimeoutSeconds,
    };
  }

  // --- password step

  /**
   * Checks username and password. Unknown usernames cost the same argon2 work and get the same
   * answer as wrong passwords, so neither message nor timing says whether a name exists.
   */
  async login(
    username: string,
    password: string,
    client: ClientContext,
    previous: ActiveSession | null,
  ): Promise<StartedSession> {
    const account = await this.accounts.findByUsername(username);
    const keys = await this.throttleKeys(client, username, account);
    await this.throttle.admit(keys);
    const passwordOk =
      account?.status === 'active' && account.passwordHash
        ? await verifyPassword(account.passwordHash, password)
        : await verifyAgainstDecoy(password);
    if (!account || !passwordOk) {
      await this.audit.record(account ? actorOf(account) : 'unknown-account', 'auth.login_failed', {
        step: 'password',
      });
      throw new UnauthorizedError('login_failed', 'The username or password is wrong.');
    }
    // Security: a session id that existed before login (fixation) is discarded, never promoted.
    if (previous) await this.sessions.end(previous);
    const hasFactor =
      (await this.factorSummary(account)).totp ||
      (await this.factors.listCredentials(account.id)).length > 0;
    await this.audit.record(actorOf(account), 'auth.password_accepted');
    return await this.sessions.start(account.id, hasFactor ? 'second-factor' : 'enrol-factor');
  }

  /**
   * Whom an open invitation link is for: the invitation page names the account. Recorded before
   * answering, under the invited account (never the token), so admins see a link being opened.
   */
  async invitation(token: string): Promise<Pick<Account, 'username'>> {
    const invited = await this.accounts.findInvitedAccount(token);
    await this.audit.record(actorOf(invited), 'account.invitation_looked_up');
    return { username: invited.username };
  }

  /** A new account's password from its invitation link; the session may only enrol a factor. */
  async acceptInvitation(
    token: string,
    password: string,
    previous: ActiveSession | null,
  ): Promise<StartedSession> {
    const account = await this.accounts.acceptInvite(token, password, {
      // Keyed by the link: it is used once, so its acceptance is one entry however often sent.
      beforeAccept: async (invited, tokenHash) => {
        await this.audit.record(
          actorOf(invited),
          'account.invitation_accepted',
          {},
          { key: `account.invitation_accepted\0${tokenHash}` },
        );
      },
    });
    if (previous) await this.sessions.end(previous);
    return await this.sessions.start(account.id, 'enrol-factor');
  }

  // --- second factor

  async completeSecondFactor(
    session: ActiveSession,
    proof: SecondFactorProof,
    client: ClientContext,
  ): Promise<{ started: StartedSession; deviceToken: string | null }> {
    const { account, keys } = await this.admittedAccount(session, client);
    const proven = await this.checkSecondFactor(account, session, proof);
    if (proven === null) return await this.failSecondFactor(session, account, proof.kind);
    await this.throttle.forgive(keys);
    await this.audit.record(actorOf(account), 'auth.login_succeeded', proofDetails(proof, proven));
    const started = await this.sessions.elevate(session, 'full', { reauthProof: proven });
    const deviceToken =
      client.deviceToken && (await this.isTrustedDevice(client.deviceToken, account))
        ? null
        : await this.trustDevice(account);
    return { started, deviceToken };
  }

  async secondFactorOptions(session: ActiveSession): Promise<unknown> {
    const account = await this.activeAccount(session);
    const credentials = await this.factors.listCredentials(account.id);
    if (credentials.length === 0) {
      throw new ConflictError('no_security_key', 'No security key is registered for this account.');
    }
    const options = await authenticationOptions(this.rp, credentials);
    await this.sessions.setWebauthnChallenge(session, 'authentication', options.challenge);
    return options;
  }

  // --- re-authentication

  /** Checks password and factor again; returns the key release token for the tab that asked. */
  async reauthenticate(
    session: ActiveSession,
    password: string,
    proof: SecondFactorProof,
    client: ClientContext,
  ): Promise<string> {
    const { account, keys } = await this.admittedAccount(session, client);
    const passwordOk = await passwordMatches(account, password);
    const proven = passwordOk ? await this.checkSecondFactor(account, session, proof) : null;
    if (proven === null)
      return await this.failSecondFactor(session, account, passwordOk ? proof.kind : 'password');
    await this.throttle.forgive(keys);
    await this.audit.record(actorOf(account), 'auth.reauthenticated', proofDetails(proof, proven));
    return await this.sessions.markReauthenticated(session, proven);
  }

  // --- enrolment of factors

  /**
   * A new authenticator app secret, pending until confirmed. A signed-in person may replace the
   * app they have (a new phone); at enrolment there is none to replace.
   */
  async startTotpEnrolment(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
  ): Promise<{ secret: string; otpauthUri: string }> {
    const account = await this.enrollingAccount(session, keyReleaseToken, REPLACES_APP);
    if (account.totpSecretSealed && session.stage === 'enrol-factor') {
      throw new ConflictError('factor_exists', 'An authenticator app is already set up.');
    }
    const secret = createTotpSecret();
    await this.sessions.setPendingTotp(session, this.sealer.seal(secret, session.id));
    return { secret, otpauthUri: totpUri(secret, account.username, 'Amanat') };
  }

  async confirmTotpEnrolment(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
    code: string,
  ): Promise<{ started: StartedSession | null; recoveryCodes: string[] | null }> {
    const account = await this.enrollingAccount(session, keyReleaseToken, REPLACES_APP);
    if (!session.pendingTotpSealed) {
      throw new ConflictError('no_pending_factor', 'Start setting up the authenticator app first.');
    }
    const secret = this.sealer.open(session.pendingTotpSealed, session.id);
    const step = matchTotpStep(secret, code, this.clock());
    if (step === null) {
      throw new UnprocessableError(
        'code_wrong',
        'That code does not match. Check the time on your phone and try again.',
      );
    }
    const replacing = account.totpSecretSealed !== null;
    if (replacing) await this.refuseWhileRemoving(account, account.totpSecretSealed);
    const recoveryCodes = await this.firstRecoveryCodes(session, account);
    // Keyed by the pending secret: the same enrolment confirmed again is one entry.
    // Replacing the app signs out every other session (own-factors endingOtherSessions).
    const event = replacing ? 'factor.totp_replaced' : 'factor.totp_added';
    await this.audit.record(
      actorOf(account),
      event,
      replacing ? await this.ownFactors.endingOtherSessions(session) : {},
      { key: `${event}\0${account.id}\0${session.pendingTotpSealed}` },
    );
    await this.accounts.setTotpSecret(
      account.id,
      this.sealer.seal(secret, account.id),
      this.addedUnderRecovery(session),
    );
    await this.accounts.claimTotpStep(account.id, step);
    await this.sessions.setPendingTotp(session, null);
    if (replacing) await this.sessions.endOthersOf(session);
    return await this.afterFactorAdded(session, account, recoveryCodes);
  }

  async startSecurityKeyEnrolment(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
  ): Promise<unknown> {
    const account = await this.enrollingAccount(session, keyReleaseToken, ADDS);
    const existing = await this.factors.listCredentials(account.id);
    if (existing.length >= MAX_SECURITY_KEYS) {
      throw new ConflictError(
        'too_many_security_keys',
        `At most ${MAX_SECURITY_KEYS} security keys.`,
      );
    }
    const options = await registrationOptions(this.rp, account, existing);
    await this.sessions.setWebauthnChallenge(session, 'registration', options.challenge);
    return options;
  }

  async confirmSecurityKeyEnrolment(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
    response: unknown,
    name: string,
  ): Promise<{ started: StartedSession | null; recoveryCodes: string[] | null }> {
    const account = await this.enrollingAccount(session, keyReleaseToken, ADDS);
    const challenge = await this.sessions.takeWebauthnChallenge(session, 'registration');
    const credential = challenge ? await verifyRegistration(this.rp, response, challenge) : null;
    if (!credential) {
      throw new UnprocessableError(
        'security_key_refused',
        'The security key could not be registered. Try again.',
      );
    }
    const recoveryCodes = await this.firstRecoveryCodes(session, account);
    await this.audit.record(
      actorOf(account),
      'factor.security_key_added',
      {},
      { key: `factor.security_key_added\0${account.id}\0${credential.id}` },
    );
    await this.factors.insertCredential({
      ...credential,
      accountId: account.id,
      name: name.trim().slice(0, 60) || 'security key',
      addedOn: dayOf(this.clock()),
      addedUnderRecoveryAt: this.addedUnderRecovery(session),
    });
    return await this.afterFactorAdded(session, account, recoveryCodes);
  }

  // --- logout, password

  async logout(session: ActiveSession): Promise<void> {
    await this.audit.record(
      `account:${session.accountId}`,
      'auth.logout',
      {},
      { key: `auth.logout\0${session.id}` },
    );
    await this.sessions.end(session);
  }

  /** Ends every session of the account, this one included: the person signs in again. */
  async changePassword(
    session: ActiveSession,
    currentPassword: string,
    newPassword: string,
    client: ClientContext,
  ): Promise<void> {
    const { account } = await this.admittedAccount(session, client);
    if (!(await passwordMatches(account, currentPassword))) {
      await this.failSecondFactor(session, account, 'password');
    }
    checkNewPassword(newPassword, account.username);
    // Keyed by the password it replaces: a retry before the change took is the same change.
    await this.audit.record(
      actorOf(account),
      'auth.password_changed',
      { sessionsEnded: String(await this.sessions.countFor(account.id)) },
      { key: `auth.password_changed\0${account.id}\0${account.passwordHash}` },
    );
    await this.accounts.changePassword(account, newPassword);
    await this.sessions.endAllFor(account.id);
  }

  /** Admin action: the account goes back to "invited" with a fresh link; every factor is removed. */
  async resetFactors(
    admin: Account,
    accountId: string,
  ): Promise<{ token: string; expiresAt: Date }> {
    // Resetting one's own factors would hand a fresh invitation to whoever holds this session:
    // an admin changes their own factors on their account page, where removals need a factor.
    if (accountId === admin.id) {
      throw new ForbiddenError(
        'own_account',
        'You cannot reset your own factors here; change them on your account page. Nothing was changed.',
      );
    }
    const account = await this.accounts.resetToInvited(accountId, {
      // Keyed by the links issued so far: a retry before the new link was stored is the same
      // reset; once it is stored, resetting again issues another link and is a new entry.
      beforeReset: async (resetting) => {
        const issued = await this.accounts.countInvitesIssued(resetting.id);
        await this.audit.record(
          actorOf(admin),
          'factor.reset_by_admin',
          { account: resetting.id, username: resetting.username },
          { key: `factor.reset_by_admin\0${resetting.id}\0${issued}` },
        );
      },
    });
    await this.factors.deleteAllFactors(account.id);
    await this.sessions.endAllFor(account.id);
    return await this.accounts.issueInvite(account.id);
  }

  async accountOf(session: ActiveSession): Promise<Account> {
    return await this.activeAccount(session);
  }

  async factorSummary(
    account: Account,
  ): Promise<{ totp: boolean; webauthn: number; recoveryCodesLeft: number }> {
    return {
      totp: account.totpSecretSealed !== null,
      webauthn: (await this.factors.listCredentials(account.id)).length,
      recoveryCodesLeft: await this.factors.countRecoveryCodes(account.id),
    };
  }

  // --- internals

  /**
   * What the proof counts as (provenBy), or null when it does not prove the account's factor.
   */
  private async checkSecondFactor(
    account: Account,
    session: ActiveSession,
    proof: SecondFactorProof,
  ): Promise<ReauthProof | null> {
    switch (proof.kind) {
      case 'totp': {
        if (!account.totpSecretSealed) return null;
        const secret = this.sealer.open(account.totpSecretSealed, account.id);
        const step = matchTotpStep(secret, proof.code, this.clock());
        // Security: the conditional update refuses a step already used (replay), even in a race.
        const ok = step !== null && (await this.accounts.claimTotpStep(account.id, step));
        return ok ? this.provenBy('totp', account.totpAddedUnderRecoveryAt) : null;
      }
      case 'recovery': {
        const hash = hashRecoveryCode(proof.code);
        if (hash === null || !(await this.factors.hasRecoveryCode(account.id, hash))) return null;
        // Keyed by the code: it is used once, so its use is one entry however often sent.
        await this.audit.record(
          actorOf(account),
          'factor.recovery_code_used',
          {},
          { key: `factor.recovery_code_used\0${account.id}\0${hash}` },
        );
        return (await this.factors.useRecoveryCode(account.id, hash)) ? 'recovery' : null;
      }
      case 'webauthn': {
        const challenge = await this.sessions.takeWebauthnChallenge(session, 'authentication');
        if (!challenge) return null;
        const credentials = await this.factors.listCredentials(account.id);
        const verdict = await verifyAuthentication(this.rp, proof.response, challenge, credentials);
        if (!verdict) return null;
        const { credential, newCounter } = verdict;
        // A counter that does not move forward means a cloned key (counter 0 = key without one).
        const counted =
          (newCounter === 0 && credential.counter === 0) ||
          (newCounter > credential.counter &&
            (await this.factors.advanceCounter(credential.id, credential.counter, newCounter)));
        return counted ? this.provenBy('webauthn', credential.addedUnderRecoveryAt) : null;
      }
    }
  }

  /**
   * Security: a factor added by a session proven with a recovery code (addedUnderRecovery) proves
   * no more than that code did until the cooling-off period has passed. Otherwise password and
   * one stolen paper code would add the thief's key, re-authenticate with it as a full factor and
   * then remove the owner's. The owner, proving with a factor of their own, is not held back;
   * an owner who truly lost every factor asks an admin to reset them.
   */
  private provenBy(kind: ReauthProof, addedUnderRecoveryAt: Date | null | undefined): ReauthProof {
    const coolingOffMs = this.recoveryFactorCoolingOffDays * 86_400_000;
    const cooling =
      addedUnderRecoveryAt != null &&
      this.clock().getTime() - addedUnderRecoveryAt.getTime() < coolingOffMs;
    return cooling ? 'recovery' : kind;
  }

  /** When a factor added now is added under a recovery-code proof (provenBy), else null. */
  private addedUnderRecovery(session: ActiveSession): Date | null {
    // A session re-authenticated before the kind was recorded has none: treated as a recovery code.
    const underRecovery =
      session.stage === 'full' &&
      (session.reauthProof === null || session.reauthProof === 'recovery');
    return underRecovery ? this.clock() : null;
  }

  /**
   * Replacing the app while a removal of it is under way answers factors_busy: that removal
   * counted the app as gone, so a later removal of the last other factor must not find it stored.
   */
  private async refuseWhileRemoving(account: Account, totpSecretSealed: string): Promise<void> {
    const removed = await this.factors.removalsUpTo(
      account.id,
      Number.MAX_SAFE_INTEGER,
      this.clock(),
    );
    if (removed.has(totpIdentity(totpSecretSealed))) throw factorsBusy();
  }

  private async failSecondFactor(
    session: ActiveSession,
    account: Account,
    kind: string,
  ): Promise<never> {
    await this.audit.record(actorOf(account), 'auth.login_failed', { step: kind });
    const failures = await this.sessions.countSecondFactorFailure(session);
    if (failures >= MAX_SECOND_FACTOR_FAILURES) {
      await this.sessions.end(session);
      throw new UnauthorizedError('session_expired', 'Too many wrong codes. Sign in again.');
    }
    throw new UnauthorizedError('second_factor_failed', 'That did not match. Try again.');
  }

  /**
   * At enrolment, the account's first recovery codes, stored before the factor is: a 409 here
   * (a racing change) leaves the session free to try again, not with a factor and no codes.
   * Null for a signed-in person adding a factor (their codes stay).
   */
  private async firstRecoveryCodes(
    session: ActiveSession,
    account: Account,
  ): Promise<string[] | null> {
    if (session.stage !== 'enrol-factor') return null;
    const recoveryCodes = createRecoveryCodes();
    const expiresAt = new Date(this.clock().getTime() + CHANGE_CLAIM_MS);
    if (
      !(await this.factors.replaceRecoveryCodes(account.id, hashesOf(recoveryCodes), expiresAt))
    ) {
      throw factorsBusy();
    }
    return recoveryCodes;
  }

  private async afterFactorAdded(
    session: ActiveSession,
    account: Account,
    recoveryCodes: string[] | null,
  ): Promise<{ started: StartedSession | null; recoveryCodes: string[] | null }> {
    if (recoveryCodes === null) return { started: null, recoveryCodes: null };
    await this.audit.record(actorOf(account), 'auth.login_succeeded', { factor: 'enrolment' });
    const started = await this.sessions.elevate(session, 'full', { reauthProof: 'enrolment' });
    return { started, recoveryCodes };
  }

  private async activeAccount(session: ActiveSession): Promise<Account> {
    const account = await this.accounts.findById(session.accountId);
    if (!account || account.status !== 'active') {
      await this.sessions.end(session);
      throw new UnauthorizedError('session_expired', 'Sign in again.');
    }
    return account;
  }

  /**
   * Enrolment needs a new account's session, or a signed-in session that may change its factors
   * (a fresh re-authentication from this tab: own-factors.ts).
   */
  private async enrollingAccount(
    session: ActiveSession,
    keyReleaseToken: string | undefined,
    strips: (account: Account) => boolean,
  ): Promise<Account> {
    if (session.stage !== 'enrol-factor') {
      return await this.ownFactors.changingAccount(session, keyReleaseToken, strips);
    }
    return await this.activeAccount(session);
  }

  /** The session's account, once the throttle admits another try of its password or factor. */
  private async admittedAccount(
    session: ActiveSession,
    client: ClientContext,
  ): Promise<{ account: Account; keys: ThrottleKeys }> {
    const account = await this.activeAccount(session);
    const keys = await this.throttleKeys(client, account.username, account);
    await this.throttle.admit(keys);
    return { account, keys };
  }

  private async throttleKeys(
    client: ClientContext,
    username: string,
    account: Account | null,
  ): Promise<ThrottleKeys> {
    const device = client.deviceToken;
    const trusted =
      device !== undefined && account !== null && (await this.isTrustedDevice(device, account));
    return this.throttle.keysFor(
      client.path,
      normaliseUsername(username),
      trusted ? hashDeviceToken(device) : null,
    );
  }

  private async isTrustedDevice(deviceToken: string, account: Account): Promise<boolean> {
    if (deviceToken.length > 100) return false;
    const device = await this.factors.findTrustedDevice(hashDeviceToken(deviceToken), this.clock());
    return device?.accountId === account.id;
  }

  private async trustDevice(account: Account): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.factors.insertTrustedDevice({
      _id: hashDeviceToken(token),
      accountId: account.id,
      expiresAt: new Date(this.clock().getTime() + 180 * 86_400_000),
    });
    return token;
  }
}

/** Audit details of a proven factor: its kind, and what it counts as when that is less (provenBy). */
function proofDetails(proof: SecondFactorProof, proven: ReauthProof): Record<string, string> {
  return proven === proof.kind ? { factor: proof.kind } : { factor: proof.kind, countsAs: proven };
}

/** Setting up an authenticator app replaces the one the account has, if any. */
const REPLACES_APP = (account: Account): boolean => account.totpSecretSealed !== null;

function hashDeviceToken(token: string): string {
  return createHash('sha256').update(`amanat/device/v1\0${token}`).digest('hex');
}

/** Whether `password` is the account's (an account without one, still invited, has none). */
async function passwordMatches(account: Account, password: string): Promise<boolean> {
  return account.passwordHash !== null && (await verifyPassword(account.passwordHash, password));
}
