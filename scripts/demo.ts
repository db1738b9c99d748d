/**
 * The DEMO deployment behind `bash scripts/demo.sh`: a local database, a throwaway organisation
 * key, one demo caseworker key and a signed demo directory, then the server on localhost.
 * Every key here is marked DEMO; the server refuses demo directories when NODE_ENV=production.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateProtectedKeyPair } from '../client/crypto';
import { loadConfig, loadNodeEnv } from '../server/config';
import { startServer } from '../server/main';
import { connectDb } from '../server/platform/db';
import { createLogger } from '../server/platform/logger';
import { buildReporterSite, buildStaffSite } from '../client/build';
import { buildCoreServices } from '../server/services';
import { publishDirectory } from './admin/publish-directory';
import { startLocalDatabase } from './local-db/local-db';

const DEMO_DIR = join(process.cwd(), '.data', 'demo');
const DEMO_ADMIN = 'demo-admin';
const file = (name: string): string => join(DEMO_DIR, name);
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface DemoOrganisation {
  fingerprint: string;
  passphrase: string;
  armoredSecretKey: string;
  armoredPublicKey: string;
}

/** A random DEMO secret kept under .data/demo, created on first use (older demo folders lack some). */
function readDemoSecret(path: string): string {
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(path, 'utf8');
}

/** Creates the demo keys once; later runs reuse them so stored demo reports stay readable. */
async function ensureDemoKeys(): Promise<{
  organisation: DemoOrganisation;
  caseworkerPublicKey: string;
}> {
  mkdirSync(DEMO_DIR, { recursive: true, mode: 0o700 });
  if (!existsSync(file('organisation-DEMO-secret.asc'))) {
    const passphrase = randomBytes(18).toString('base64url');
    const organisation = await generateProtectedKeyPair(
      'Amanat DEMO organisation (not for real reports)',
      passphrase,
    );
    const caseworkerPassphrase = 'demo caseworker passphrase';
    const caseworker = await generateProtectedKeyPair(
      'DEMO caseworker (not for real reports)',
      caseworkerPassphrase,
    );
    writeFileSync(file('organisation-DEMO-passphrase.txt'), passphrase, { mode: 0o600 });
    writeFileSync(file('organisation-DEMO-secret.asc'), organisation.armoredSecretKey, {
      mode: 0o600,
    });
    writeFileSync(file('organisation-DEMO-secret.asc.pub'), organisation.armoredPublicKey);
    writeFileSync(file('organisation-DEMO-fingerprint.txt'), organisation.fingerprint);
    writeFileSync(file('caseworker-DEMO-secret.asc'), caseworker.armoredSecretKey, { mode: 0o600 });
    writeFileSync(file('caseworker-DEMO-public.asc'), caseworker.armoredPublicKey);
    writeFileSync(file('caseworker-DEMO-passphrase.txt'), caseworkerPassphrase, { mode: 0o600 });
    writeFileSync(file('address-hash-key-DEMO.txt'), randomBytes(32).toString('hex'), {
      mode: 0o600,
    });
  }
  return {
    organisation: {
      fingerprint: readFileSync(file('organisation-DEMO-fingerprint.txt'), 'utf8'),
      passphrase: readFileSync(file('organisation-DEMO-passphrase.txt'), 'utf8'),
      armoredSecretKey: readFileSync(file('organisation-DEMO-secret.asc'), 'utf8'),
      armoredPublicKey: readFileSync(file('organisation-DEMO-secret.asc.pub'), 'utf8'),
    },
    caseworkerPublicKey: readFileSync(file('caseworker-DEMO-public.asc'), 'utf8'),
  };
}

/** Signs a fresh demo directory (in-process: the demo key is throwaway); returns its version. */
async function publishDemoDirectory(
  mongodbUri: string,
  organisation: DemoOrganisation,
  caseworkerKey: string,
): Promise<number> {
  const connection = await connectDb(mongodbUri);
  try {
    const keys = buildCoreServices({ connection }).caseworkerKeys;
    if ((await keys.listAllKeys()).length === 0) {
      await keys.addCaseworkerKey(caseworkerKey, 'DEMO caseworker');
    }
    const { content } = await publishDirectory(connection, organisation, {
      orgFingerprint: organisation.fingerprint,
      validDays: 30,
      demo: true,
    });
    return content.version;
  } finally {
    await connection.close();
  }
}

/**
 * The demo admin: a fresh single-use invitation link until someone accepts one, then a reminder
 * to sign in. Reuses the server's own account service.
 */
async function demoAdminLink(mongodbUri: string, url: string): Promise<string> {
  const connection = await connectDb(mongodbUri);
  try {
    const { accounts } = buildCoreServices({ connection });
    const existing = await accounts.findByUsername(DEMO_ADMIN);
    if (existing && existing.status !== 'invited') {
      return `${url}/staff/  (sign in as ${DEMO_ADMIN})`;
    }
    const { token } = existing
      ? await accounts.issueInvite(existing.id)
      : await accounts.invite(DEMO_ADMIN, 'admin');
    return `${url}/staff/#invite=${token}  (invitation for the DEMO admin "${DEMO_ADMIN}")`;
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  if (loadNodeEnv() === 'production')
    throw new Error('The demo is refused when NODE_ENV=production.');
  const database = await startLocalDatabase({ dataDir: join(process.cwd(), '.data', 'demo-db') });
  const mongodbUri = `${database.uri.replace(/\/$/, '')}/amanat_demo`;
  const { organisation, caseworkerPublicKey } = await ensureDemoKeys();
  // The demo raises its minimum to what it just published, as an operator does after each one.
  const directoryVersion = await publishDemoDirectory(
    mongodbUri,
    organisation,
    caseworkerPublicKey,
  );
  writeFileSync(file('database-uri.txt'), mongodbUri); // for `npm run demo:report` and the admin CLI

  // The reporter page, with the demo organisation's fingerprint built in.
  const publicDir = file('public');
  const pinned = {
    outDir: publicDir,
    orgFingerprint: organisation.fingerprint,
    directoryMinVersion: directoryVersion,
  };
  await buildReporterSite({
    ...pinned,
    // Set by scripts/demo.sh: shown without JavaScript, one channel per line.
    alternativeChannels: (process.env['ALTERNATIVE_CHANNELS'] ?? '').split('\n').filter(Boolean),
  });
  await buildStaffSite(pinned);

  const config = loadConfig({
    PUBLIC_DIR: publicDir,
    NODE_ENV: 'development',
    MONGODB_URI: mongodbUri,
    ORG_FINGERPRINT: organisation.fingerprint,
    DIRECTORY_MIN_VERSION: String(directoryVersion),
    ADDRESS_HASH_KEY: readFileSync(file('address-hash-key-DEMO.txt'), 'utf8'),
    FACTOR_ENCRYPTION_KEY: readDemoSecret(file('factor-encryption-key-DEMO.txt')),
    PORT: process.env['PORT'] ?? '8080',
    LOG_LEVEL: 'info',
  });
  const running = await startServer(config, createLogger(config.logLevel));
  const url = `http://localhost:${running.port}`;
  const staffLine = await demoAdminLink(mongodbUri, url);
  say('');
  say(
    '  Amanat is running with a DEMO organisation. Demo keys are throwaway: never use them for real reports.',
  );
  say(`  Reporter:   ${url}/?lang=ug  (the reporter page, in 7 languages)`);
  say(`  Staff:      ${staffLine}`);
  say(`  API:        ${url}/api/recipients   ${url}/healthz   ${url}/readyz`);
  say(`  Database:   ${database.kind} (${database.uri})`);
  say(`  Demo keys:  ${DEMO_DIR}`);
  say(
    '  Try it:     in another terminal, `npm run demo:report` encrypts and submits a demo report',
  );
  say('              and prints how to export it and decrypt it with GnuPG.');
  say('  Stop:       Ctrl-C');
  say('');

  const stop = (): void => {
    void running
      .shutdown()
      .then(() => database.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
