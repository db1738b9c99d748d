/**
 * The staff dashboard as a caseworker uses it: built as shipped (client/build.ts) and served by
 * the real server at /staff/ on a port chosen first (PUBLIC_ORIGIN must name it, for the staff
 * Origin check), the caseworker's own key uploaded, vetted and published, and a Chromium tab
 * signed in as them with that key unlocked in the inbox.
 */
import { createServer, type AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import type { Page } from 'playwright-core';
import { buildStaffSite } from '../../../client/build';
import { generateCaseworkerKey, type GeneratedKeyPair } from '../../../client/crypto';
import { buildCoreServices } from '../../../server/services';
import { BENCH_KEY_PASSPHRASE, publishBenchDirectory } from './organisation';
import type { Kit } from './run';
import type { SignedInCaseworker } from './staff';

/** 30 s of tries, 250 ms apart: the server's directory cache lasts 5 s. */
const DIRECTORY_WAIT_TRIES = 120;

/** The dashboard built into the bench's site folder; the server configuration that serves it. */
export async function dashboardSite(kit: Kit, orgFingerprint: string) {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const siteDir = kit.dir('site');
  await buildStaffSite({ outDir: siteDir, orgFingerprint });
  const url = `http://localhost:${port}`;
  return { url, env: { PORT: String(port), PUBLIC_ORIGIN: url, PUBLIC_DIR: siteDir } };
}

/**
 * The caseworker's own key, as the dashboard uploads it, vetted; the directory published again
 * and waited for until `appUrl` serves it (the server reads it again once its cache is stale).
 */
export async function ownVettedKey(
  connection: Connection,
  organisation: GeneratedKeyPair,
  caseworker: SignedInCaseworker,
  appUrl: string,
) {
  const keys = buildCoreServices({ connection }).caseworkerKeys;
  const key = await generateCaseworkerKey(BENCH_KEY_PASSPHRASE);
  const owner = { id: caseworker.accountId, username: caseworker.username };
  await keys.uploadOwnKey(owner, key.armoredPublicKey, key.protectedSecretKey);
  await keys.vetKey(key.fingerprint);
  const directory = await publishBenchDirectory(connection, organisation);
  for (let tries = 0; ; tries += 1) {
    const served = (await (await fetch(`${appUrl}/api/recipients`)).json()) as { version?: number };
    if (served.version === directory.version) return { key, directory };
    if (tries === DIRECTORY_WAIT_TRIES) throw new Error('the server kept the old directory');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A fresh Chromium tab holding the caseworker's session (its cookies, and the key release token
 * the sign-in gave, where the dashboard keeps it), on the inbox with the key unlocked and every
 * summary tried.
 */
export async function inboxUnlocked(
  kit: Kit,
  siteUrl: string,
  caseworker: SignedInCaseworker,
): Promise<Page> {
  const context = await (await kit.chromium()).newContext();
  kit.cleanup('dashboard tab', () => context.close());
  await context.addCookies(
    caseworker.client
      .cookieList()
      .map(([name, value]) => ({ name, value, domain: 'localhost', path: '/', secure: true })),
  );
  await context.addInitScript((token) => {
    sessionStorage.setItem('amanat.keyRelease', token);
  }, caseworker.keyReleaseToken);
  const page = await context.newPage();
  await page.goto(`${siteUrl}/staff/?view=inbox`);
  await page.locator('#key-gate #unlock-passphrase').fill(BENCH_KEY_PASSPHRASE);
  await page.click('#key-gate #unlock-submit');
  await page.locator('#inbox-progress[data-done="true"]').waitFor({ state: 'attached' });
  return page;
}
