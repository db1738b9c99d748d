/**
 * The DEMO deployment behind `bash scripts/demo.sh`, on a database it is given: the throwaway
 * keys, the demo staff (a caseworker who holds the DEMO caseworker key, an analyst, an admin's
 * invitation), a signed demo directory, both sites built with the demo organisation's
 * fingerprint, and the server's configuration read from the environment (demo-config.ts).
 * scripts/demo.ts runs it on the local database and starts the server; the tests run it on theirs.
 */
import { join } from 'node:path';
import { buildReporterSite, buildStaffSite } from '../../client/build';
import type { Config } from '../../server/config';
import { connectDb } from '../../server/platform/db';
import { buildCoreServices, totpSealer } from '../../server/services';
import { publishDirectory } from '../admin/publish-directory';
import { demoConfig, type DemoOwnedSettings } from './demo-config';
import { ensureDemoKeys } from './demo-keys';
import {
  DEMO_ANALYST,
  DEMO_CASEWORKER,
  checkDemoFactorKey,
  demoAdminLine,
  ensureDemoAccount,
  ensureDemoCaseworkerKey,
  type DemoAccount,
} from './demo-staff';

type Env = Readonly<Record<string, string | undefined>>;

export interface DemoOptions {
  /** Where the demo keeps its keys, secrets and built pages (.data/demo). */
  readonly dataDir: string;
  readonly mongodbUri: string;
  /** The environment: server settings, and ALTERNATIVE_CHANNELS for the reporter page. */
  readonly env: Env;
}

export interface DemoDeployment {
  /** The server's configuration, as the environment and the demo set it. */
  readonly config: Readonly<Config>;
  readonly caseworker: DemoAccount;
  readonly analyst: DemoAccount;
  /** The admin's invitation link, or where to sign in once it was used. */
  readonly adminLine: string;
  readonly keyPassphrase: string;
}

export async function prepareDemo({
  dataDir,
  mongodbUri,
  env,
}: DemoOptions): Promise<DemoDeployment> {
  const keys = await ensureDemoKeys(dataDir);
  const owned: DemoOwnedSettings = {
    mongodbUri,
    orgFingerprint: keys.organisation.fingerprint,
    directoryMinVersion: 1,
    publicDir: join(dataDir, 'public'),
    addressHashKey: keys.addressHashKey,
    factorEncryptionKey: keys.factorEncryptionKey,
  };
  // Read first, so a bad setting stops the demo before it changes anything.
  demoConfig(env, owned);
  const connection = await connectDb(mongodbUri);
  let deployment: DemoDeployment;
  try {
    const services = buildCoreServices({ connection });
    const sealer = totpSealer(Buffer.from(keys.factorEncryptionKey, 'hex'));
    await checkDemoFactorKey(services, sealer, dataDir);
    const account = (username: string, role: 'caseworker' | 'analyst') =>
      ensureDemoAccount(services, sealer, dataDir, username, role);
    const caseworker = await account(DEMO_CASEWORKER, 'caseworker');
    await ensureDemoCaseworkerKey(services, caseworker.account, keys.caseworker);
    const analyst = await account(DEMO_ANALYST, 'analyst');
    const { content } = await publishDirectory(connection, keys.organisation, {
      orgFingerprint: keys.organisation.fingerprint,
      validDays: 30,
      demo: true,
    });
    // The demo raises its minimum to what it just published, as an operator does after each one.
    const config = demoConfig(env, { ...owned, directoryMinVersion: content.version });
    deployment = {
      config,
      caseworker,
      analyst,
      adminLine: await demoAdminLine(services, config.publicOrigin),
      keyPassphrase: keys.caseworker.passphrase,
    };
  } finally {
    await connection.close();
  }
  const pinned = {
    outDir: owned.publicDir,
    orgFingerprint: keys.organisation.fingerprint,
    directoryMinVersion: deployment.config.directoryMinVersion,
  };
  await buildReporterSite({
    ...pinned,
    // Shown without JavaScript: the organisation's other channels, one per line.
    alternativeChannels: (env['ALTERNATIVE_CHANNELS'] ?? '').split('\n').filter(Boolean),
  });
  await buildStaffSite(pinned);
  return deployment;
}
