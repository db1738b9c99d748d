/**
 * The demo's staff: a caseworker who holds the DEMO caseworker key and an analyst, each signed
 * up the way a person is (invitation, password, authenticator app) through the server's own
 * account service, their TOTP secrets sealed like anyone's; and the admin's invitation
 * link. Passwords and TOTP secrets are throwaway DEMO secrets kept under the
 * demo's data folder (mode 600); `npm run demo:code` prints the current codes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Account } from '../../server/features/accounts';
import { generateTotpCode } from '../../server/features/sign-in';
import { inspectPublicKey } from '../../server/platform/openpgp';
import { createTotpSecret } from '../../server/features/sign-in/totp';
import type { SecretSealer } from '../../server/platform/sealed-secrets';
import type { CoreServices } from '../../server/services';
import type { DemoKeys } from './demo-keys';
import { demoFiles, writeSecret } from './demo-keys';

export const DEMO_CASEWORKER = 'demo-caseworker';
export const DEMO_ANALYST = 'demo-analyst';
export const DEMO_ADMIN = 'demo-admin';
/** The accounts `npm run demo:code` prints codes for. */
export const DEMO_SIGN_IN_ACCOUNTS = [DEMO_CASEWORKER, DEMO_ANALYST] as const;

export interface DemoAccount {
  readonly account: Account;
  readonly password: string;
  /** Where the password is kept, for the walk-through. */
  readonly passwordFile: string;
}

const secretFiles = (dataDir: string, username: string) => ({
  password: join(dataDir, `${username}-password.txt`),
  totpSecret: join(dataDir, `${username}-totp-secret.txt`),
});

/**
 * The account, signed up once: invited, its invitation accepted with a password, an
 * authenticator app's secret sealed as enrolment seals it. Later runs reuse it; an account whose
 * secrets are no longer in the data folder is set back to invited and signed up again (nobody
 * could sign in to it otherwise).
 */
export async function ensureDemoAccount(
  services: CoreServices,
  sealer: SecretSealer,
  dataDir: string,
  username: string,
  role: 'caseworker' | 'analyst',
): Promise<DemoAccount> {
  const { accounts } = services;
  const files = secretFiles(dataDir, username);
  const existing = await accounts.findByUsername(username);
  if (existing?.status === 'disabled') {
    throw new Error(
      `The demo account ${username} is disabled; delete .data/demo-db to start the demo afresh.`,
    );
  }
  const known = existsSync(files.password) && existsSync(files.totpSecret);
  if (existing?.status === 'active' && known) {
    return {
      account: existing,
      password: readFileSync(files.password, 'utf8'),
      passwordFile: files.password,
    };
  }
  let token: string;
  if (existing) {
    if (existing.status === 'active') await accounts.resetToInvited(existing.id);
    // As an admin's factor reset: whoever signed in with the old password or factors (another
    // browser, a forgotten tab) is signed out, and no factor of the old sign-up stays usable.
    await services.repositories.factors.deleteAllFactors(existing.id);
    await services.repositories.sessions.deleteAllForAccount(existing.id);
    token = (await accounts.issueInvite(existing.id)).token;
  } else {
    token = (await accounts.invite(username, role)).token;
  }
  const password = randomBytes(15).toString('base64url');
  const account = await accounts.acceptInvite(token, password);
  const secret = createTotpSecret();
  await accounts.setTotpSecret(account.id, sealer.seal(secret, account.id), null);
  writeSecret(files.password, password);
  writeSecret(files.totpSecret, secret);
  return { account, password, passwordFile: files.password };
}

/**
 * Refuses to go on when a demo account's TOTP secret no longer opens with the demo's
 * factor-encryption key (its file under the data folder was replaced or deleted since the
 * accounts were made): nobody could sign in to them, and signing them up again would hide why.
 * Checked before anything is changed.
 */
export async function checkDemoFactorKey(
  services: CoreServices,
  sealer: SecretSealer,
  dataDir: string,
): Promise<void> {
  for (const username of [...DEMO_SIGN_IN_ACCOUNTS, DEMO_ADMIN]) {
    const account = await services.accounts.findByUsername(username);
    if (!account?.totpSecretSealed) continue;
    try {
      sealer.open(account.totpSecretSealed, account.id);
    } catch {
      throw new Error(
        [
          `The demo account ${username}'s authenticator secret does not open with the demo's factor-encryption key (${demoFiles(dataDir).factorEncryptionKey}): the key was replaced or deleted since the demo accounts were made, so nobody can sign in to them.`,
          'Put the earlier key file back, or delete .data/demo-db to start the demo afresh.',
        ].join('\n'),
      );
    }
  }
}

/**
 * Makes the DEMO caseworker key the demo caseworker's own, as if they had created it in the
 * dashboard and an admin had vetted it: the dashboard's key panel then finds it and unlocks it
 * with the DEMO passphrase. A demo database from before the demo had a caseworker account holds
 * the same key without an owner: that record is replaced by the owned one (same key, so the
 * reports encrypted to it stay readable).
 */
export async function ensureDemoCaseworkerKey(
  services: CoreServices,
  owner: Account,
  key: DemoKeys['caseworker'],
): Promise<void> {
  const keys = services.caseworkerKeys;
  const { fingerprint } = await inspectPublicKey(key.armoredPublicKey);
  const own = await keys.findOwnKey(owner.id);
  if (own?.fingerprint !== fingerprint) {
    const stored = await services.repositories.caseworkerKeys.findByFingerprint(fingerprint);
    // Only a key still in use: a removed record is kept as the history of a key taken out of
    // service, and the demo must not erase it (uploading the same key again is then refused).
    if (stored && stored.ownerId === null && stored.status !== 'removed') {
      await services.repositories.caseworkerKeys.deleteById(fingerprint);
    }
    await keys.uploadOwnKey(owner, key.armoredPublicKey, key.protectedSecretKey);
  }
  if ((await keys.findOwnKey(owner.id))?.status === 'pending') await keys.vetKey(fingerprint);
}

/** A fresh single-use invitation link for the demo admin until one is accepted. */
export async function demoAdminLine(services: CoreServices, origin: string): Promise<string> {
  const existing = await services.accounts.findByUsername(DEMO_ADMIN);
  if (existing && existing.status !== 'invited') {
    return `${origin}/staff/  (sign in as ${DEMO_ADMIN})`;
  }
  const { token } = existing
    ? await services.accounts.issueInvite(existing.id)
    : await services.accounts.invite(DEMO_ADMIN, 'admin');
  return `${origin}/staff/#invite=${token}  (invitation for the DEMO admin "${DEMO_ADMIN}")`;
}

/** The code each demo account's authenticator app would show at `now`. */
export function currentDemoCodes(dataDir: string, now: Date): { username: string; code: string }[] {
  return DEMO_SIGN_IN_ACCOUNTS.flatMap((username) => {
    const file = secretFiles(dataDir, username).totpSecret;
    if (!existsSync(file)) return [];
    return [{ username, code: generateTotpCode(readFileSync(file, 'utf8'), now) }];
  });
}
