/**
 * Attack on the audit trail: a renewal of recovery codes that loses the race for the account's
 * next factor change answers 409 factors_busy, yet was logged as "recovery codes renewed, N
 * sessions ended"; every double-click or retried request added a false entry, and an enrolment
 * that lost the race was left with its factor stored, no codes and no way to finish. Defence
 * (own-factors.ts renewRecoveryCodes, sign-in.service firstRecoveryCodes): the change is claimed
 * before anything is audited, and enrolment makes its codes before it stores the factor.
 *
 * A change "at the same moment" is made deterministic by storing the claim the racing change made
 * under the id the next change wants, hidden from the read of the latest version (the loser read
 * before the winner inserted); the loser's unique insert then fails as it does in a real race.
 */
import { generateTotpCode } from '../../server/features/sign-in';
import { recoveryCodeSignsIn } from '../helpers/own-factors';
import {
  acceptInvite,
  enrolStaff,
  inviteStaff,
  reauthenticate,
  StaffClient,
} from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('a factor change that loses the race for its claim', () => {
  const t = useTestApp({ label: 'renewal-not-audited', caseworkers: 1 });
  const changes = () => t.connection.db!.collection('factor_changes');

  /** The claim a racing change made of the account's next version, before this one read. */
  async function racingClaim(accountId: string): Promise<string> {
    const latest = await changes().find({ accountId }).sort({ version: -1 }).limit(1).next();
    const generations = t.connection.db!.collection('recovery_code_generations');
    const newest = await generations.find({ accountId }).sort({ generation: -1 }).limit(1).next();
    const version =
      Math.max((latest?.version as number | undefined) ?? 0, (newest?.generation as number) ?? 0) +
      1;
    const id = `${accountId}:${version}`;
    await changes().insertOne({
      _id: id as never,
      accountId: 'TEST ONLY racing change',
      version,
      removes: null,
      expiresAt: new Date(t.clock.now().getTime() + 10 * 60_000),
    });
    return id;
  }

  test('when a renewal loses the claim then it answers factors_busy, nothing is audited and the old codes still sign in', async () => {
    const owner = await enrolStaff(t, 'abdurehim');
    const account = await t.services.accounts.findByUsername(owner.username);
    const renewals = () =>
      t.connection
        .db!.collection('audit_log')
        .countDocuments({ event: 'factor.recovery_codes_renewed' });
    const before = await renewals();
    await reauthenticate(t, owner.client, owner);
    await racingClaim(account!.id);

    const refused = await owner.client.post('/api/auth/factors/recovery-codes');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('factors_busy');
    expect(await renewals()).toBe(before);
    expect(await recoveryCodeSignsIn(t, owner, owner.recoveryCodes[0]!)).toBe(true);
  });

  test('when an enrolment loses the claim for its first codes then no factor is stored and confirming again finishes it', async () => {
    const username = 'TEST.ONLY.enrolling';
    const client = new StaffClient(t.app, t.config.publicOrigin);
    expect((await acceptInvite(client, await inviteStaff(t, username))).status).toBe(201);
    const setup = await client.post('/api/auth/factors/totp/setup');
    const secret = (setup.body as { secret: string }).secret;
    const account = await t.services.accounts.findByUsername(username);
    const claim = await racingClaim(account!.id);

    const refused = await client.post('/api/auth/factors/totp/confirm', {
      code: generateTotpCode(secret, t.clock.now()),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('factors_busy');
    expect((await t.services.accounts.findByUsername(username))!.totpSecretSealed).toBeNull();

    await changes().deleteOne({ _id: claim as never });
    t.clock.advance(30_000);
    const confirmed = await client.post('/api/auth/factors/totp/confirm', {
      code: generateTotpCode(secret, t.clock.now()),
    });
    expect(confirmed.status).toBe(200);
    expect((confirmed.body as { recoveryCodes: string[] }).recoveryCodes).toHaveLength(10);
  });
});
