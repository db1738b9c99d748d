/**
 * One expiry mechanism (server/platform/expiry.ts): every collection whose documents expire is on
 * one list, each has its expiry index (a TTL index where the engine deletes by itself, a plain one
 * for the sweep where it does not: FerretDB v1), and one sweep clears what has expired in all of
 * them. The suite runs on whichever engine the test database is.
 */
import request from 'supertest';
import { engineOf } from '../../server/platform/engine';
import { EXPIRING_COLLECTIONS, Expiry } from '../../server/platform/expiry';
import { buildSubmission } from '../helpers/reports';
import { enrolStaff, inviteStaff, postPassword, signInStaff, StaffClient } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

/**
 * Collections whose documents carry an `expiresAt` that is not theirs to expire by: an invitation
 * link stays (expired) on record, as the count of links issued is audited.
 */
const KEPT_PAST_EXPIRY = ['invites'];

describe('one expiry mechanism', () => {
  const t = useTestApp({ label: 'expiry', caseworkers: 1, env: { TRUST_PROXY: '1' } });

  const collection = (name: string) =>
    t.connection.db!.collection<{ _id: string; expiresAt: Date }>(name);

  test('when the app has started then every expiring collection has its expiry index: TTL where the engine has them, plain for the sweep where not', async () => {
    const engine = await engineOf(t.connection);
    for (const name of EXPIRING_COLLECTIONS) {
      const indexes = await collection(name).indexes();
      const expiry = indexes.find((index) => JSON.stringify(index.key) === '{"expiresAt":1}');
      expect({ name, expireAfterSeconds: expiry?.expireAfterSeconds }).toEqual({
        name,
        expireAfterSeconds: engine.hasTtlIndexes ? 0 : undefined,
      });
      expect(expiry).toBeDefined();
    }
    const declared = new Expiry(t.connection);
    await declared.declare(engine);
    expect(declared.needsSweeping).toBe(!engine.hasTtlIndexes);
  });

  test('when requests write documents that expire then their collection is on the list', async () => {
    // A rate-limited request, a sign-in with a wrong code and a trusted device, an invitation.
    // (A complete sign-in forgives the attempts before it: the wrong code comes last.)
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').set('X-Forwarded-For', '192.0.2.5').send(body);
    await inviteStaff(t, 'expiry-invitee');
    const staff = await enrolStaff(t, 'expiry-caseworker');
    await signInStaff(t, staff);
    const browser = new StaffClient(t.app, t.config.publicOrigin);
    await postPassword(browser, staff.username, staff.password);
    await browser.post('/api/auth/second-factor/totp', { code: '000000' });

    const expiring: string[] = [];
    for (const { name } of await t.connection.db!.listCollections().toArray()) {
      if ((await collection(name).countDocuments({ expiresAt: { $exists: true } })) > 0) {
        expiring.push(name);
      }
    }
    const unlisted = expiring.filter(
      (name) =>
        !(EXPIRING_COLLECTIONS as readonly string[]).includes(name) &&
        !KEPT_PAST_EXPIRY.includes(name),
    );
    expect(unlisted).toEqual([]);
    // The flow above wrote to every expiring collection (the sweep below adds its own).
    expect(expiring).toEqual(
      expect.arrayContaining([
        'rate_limit_counters',
        'staff_sessions',
        'second_factor_failures',
        'login_attempts',
        'trusted_devices',
        'single_use_marks',
      ]),
    );
  });
  test('when the sweep runs then the expired documents of every listed collection are deleted and the others kept', async () => {
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 3_600_000);
    for (const name of EXPIRING_COLLECTIONS) {
      await collection(name).insertMany([
        { _id: `TEST ONLY expired ${name}`, expiresAt: past },
        { _id: `TEST ONLY live ${name}`, expiresAt: future },
      ]);
    }
    expect(await new Expiry(t.connection).sweep()).toBeGreaterThanOrEqual(
      EXPIRING_COLLECTIONS.length,
    );
    for (const name of EXPIRING_COLLECTIONS) {
      const left = await collection(name)
        .find({ _id: { $in: [`TEST ONLY expired ${name}`, `TEST ONLY live ${name}`] } })
        .toArray();
      expect({ name, left: left.map((document) => document._id) }).toEqual({
        name,
        left: [`TEST ONLY live ${name}`],
      });
      expect(await collection(name).countDocuments({ expiresAt: { $lt: new Date() } })).toBe(0);
    }
  });
});
