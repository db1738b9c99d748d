/**
 * Helpers for tests of a staff member's own second factors: a security key stored as enrolment
 * stores it (its registration is a browser ceremony, or the software authenticator over the wire),
 * and signing in with a recovery code instead of the authenticator app.
 */
import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { SoftwareAuthenticator } from './software-authenticator';
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
  const { client, answer } = await tryRecoveryCode(t, staff, code);
  if (answer.status !== 200) throw new Error(`recovery code: ${answer.status} ${answer.text}`);
  return client;
}

/** Whether `code` signs `staff` in, with password, from a fresh browser (it is used if so). */
export async function recoveryCodeSignsIn(
  t: TestApp,
  staff: EnrolledStaff,
  code: string,
): Promise<boolean> {
  const { answer } = await tryRecoveryCode(t, staff, code);
  if (answer.status !== 200 && answer.status !== 401) {
    throw new Error(`recovery code: ${answer.status} ${answer.text}`);
  }
  return answer.status === 200;
}

async function tryRecoveryCode(
  t: TestApp,
  staff: EnrolledStaff,
  code: string,
): Promise<{ client: StaffClient; answer: Response }> {
  const client = new StaffClient(t.app, t.config.publicOrigin);
  const login = await postPassword(client, staff.username, staff.password);
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  return { client, answer: await client.post('/api/auth/second-factor/recovery', { code }) };
}

/**
 * Registers a new software security key named `name` from `client`'s session over the wire, as
 * their browser would (throws if the options step is refused); resolves to the key and the
 * server's answer to the registration, for the caller to judge.
 */
export async function registerSoftwareKey(
  t: TestApp,
  client: StaffClient,
  name: string,
): Promise<{ key: SoftwareAuthenticator; added: Response }> {
  const key = new SoftwareAuthenticator(t.config.publicOrigin);
  const options = await client.post('/api/auth/factors/webauthn/options');
  if (options.status !== 200) throw new Error(`key options: ${options.status} ${options.text}`);
  const added = await client.post('/api/auth/factors/webauthn', {
    response: key.register(options.body as { challenge: string }),
    name,
  });
  return { key, added };
}

/** Registers a software security key for signed-in `staff` over the wire, as their browser would. */
export async function addSoftwareKey(
  t: TestApp,
  staff: EnrolledStaff,
): Promise<SoftwareAuthenticator> {
  const { key, added } = await registerSoftwareKey(t, staff.client, 'TEST ONLY software key');
  if (added.status !== 200) throw new Error(`key: ${added.status} ${added.text}`);
  return key;
}

/** Every change of a person's own factors that takes no input, with `keyId` as the key removed. */
export function factorChangePaths(keyId: string): string[] {
  return [
    `/api/auth/factors/${keyId}/remove`,
    '/api/auth/factors/totp/remove',
    '/api/auth/factors/recovery-codes',
    '/api/auth/factors/totp/setup',
    '/api/auth/factors/webauthn/options',
  ];
}

/** Posts to each path from `client`; each must be refused with `status` and error `code`. */
export async function expectEachRefused(
  client: StaffClient,
  paths: readonly string[],
  status: number,
  code: string,
): Promise<void> {
  for (const path of paths) {
    const refused = await client.post(path);
    expect({ path, status: refused.status, code: refused.body.error?.code }).toEqual({
      path,
      status,
      code,
    });
  }
}
