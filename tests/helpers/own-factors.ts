/**
 * Helpers for tests of a staff member's own second factors: a security key stored as enrolment
 * stores it (its registration is a browser ceremony, or the software authenticator over the wire),
 * and signing in with a recovery code instead of the authenticator app.
 */
import { randomBytes } from 'node:crypto';
import { postPassword, StaffClient, type EnrolledStaff } from './staff';
import type { TestApp } from './test-app';

/** Stores a made-up security key for `staff` as enrolment stores one; returns its credential id. */
export async function storeSecurityKey(
  t: TestApp,
  staff: EnrolledStaff,
  name: string,
): Promise<string> {
  const account = await t.services.accounts.findByUsername(staff.username);
  const id = randomBytes(32).toString('base64url');
  await t.services.repositories.factors.insertCredential({
    id,
    accountId: account!.id,
    publicKey: randomBytes(77),
    counter: 0,
    transports: ['usb'],
    name,
    addedOn: '2026-03-01',
  });
  return id;
}

/** A fresh browser signing in with password and one of `staff`'s recovery codes. */
export async function signInWithRecoveryCode(
  t: TestApp,
  staff: EnrolledStaff,
  code: string,
): Promise<StaffClient> {
  const client = new StaffClient(t.app, t.config.publicOrigin);
  const login = await postPassword(client, staff.username, staff.password);
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  const factor = await client.post('/api/auth/second-factor/recovery', { code });
  if (factor.status !== 200) throw new Error(`recovery code: ${factor.status} ${factor.text}`);
  return client;
}
