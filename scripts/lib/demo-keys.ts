/**
 * The demo's throwaway keys and secrets, made once and kept under its data folder (.data/demo):
 * later runs reuse them, so demo reports stored earlier stay readable. Every key is marked DEMO;
 * the server refuses demo directories when NODE_ENV=production.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateProtectedKeyPair } from '../../client/crypto';

/** The passphrase of the DEMO caseworker key, as the walk-through prints it. */
export const DEMO_CASEWORKER_PASSPHRASE = 'demo caseworker passphrase';

export interface DemoOrganisation {
  readonly fingerprint: string;
  readonly passphrase: string;
  readonly armoredSecretKey: string;
  readonly armoredPublicKey: string;
}

export interface DemoKeys {
  readonly organisation: DemoOrganisation;
  readonly caseworker: {
    readonly armoredPublicKey: string;
    /** Protected with DEMO_CASEWORKER_PASSPHRASE, as the dashboard stores a caseworker's key. */
    readonly protectedSecretKey: string;
    readonly passphrase: string;
  };
  /** Secrets of the server's configuration (64 hex characters each). */
  readonly addressHashKey: string;
  readonly factorEncryptionKey: string;
}

/** The demo's data folder, where `bash scripts/demo.sh` and the demo's npm scripts keep its files. */
export const DEMO_DIR = join(process.cwd(), '.data', 'demo');

/** Paths of the demo's files, for the walk-through and `npm run demo:report`. */
export const demoFiles = (dataDir: string) => ({
  organisationFingerprint: join(dataDir, 'organisation-DEMO-fingerprint.txt'),
  caseworkerSecretKey: join(dataDir, 'caseworker-DEMO-secret.asc'),
  caseworkerPassphrase: join(dataDir, 'caseworker-DEMO-passphrase.txt'),
  databaseUri: join(dataDir, 'database-uri.txt'),
  serverUrl: join(dataDir, 'server-url.txt'),
  factorEncryptionKey: join(dataDir, 'factor-encryption-key-DEMO.txt'),
});

/** Creates the demo keys on first use; returns them as stored. */
export async function ensureDemoKeys(dataDir: string): Promise<DemoKeys> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The mode applies only when the folder is created: an older or hand-made one is closed too.
  chmodSync(dataDir, 0o700);
  const file = (name: string): string => join(dataDir, name);
  if (!existsSync(file('organisation-DEMO-secret.asc'))) {
    const passphrase = randomBytes(18).toString('base64url');
    const organisation = await generateProtectedKeyPair(
      'Amanat DEMO organisation (not for real reports)',
      passphrase,
    );
    const caseworker = await generateProtectedKeyPair(
      'DEMO caseworker (not for real reports)',
      DEMO_CASEWORKER_PASSPHRASE,
    );
    writeSecret(file('organisation-DEMO-passphrase.txt'), passphrase);
    writeSecret(file('organisation-DEMO-secret.asc'), organisation.armoredSecretKey);
    writeFileSync(file('organisation-DEMO-secret.asc.pub'), organisation.armoredPublicKey);
    writeFileSync(file('organisation-DEMO-fingerprint.txt'), organisation.fingerprint);
    writeSecret(file('caseworker-DEMO-secret.asc'), caseworker.armoredSecretKey);
    writeFileSync(file('caseworker-DEMO-public.asc'), caseworker.armoredPublicKey);
    writeSecret(file('caseworker-DEMO-passphrase.txt'), DEMO_CASEWORKER_PASSPHRASE);
  }
  return {
    organisation: {
      fingerprint: readFileSync(file('organisation-DEMO-fingerprint.txt'), 'utf8'),
      passphrase: readFileSync(file('organisation-DEMO-passphrase.txt'), 'utf8'),
      armoredSecretKey: readFileSync(file('organisation-DEMO-secret.asc'), 'utf8'),
      armoredPublicKey: readFileSync(file('organisation-DEMO-secret.asc.pub'), 'utf8'),
    },
    caseworker: {
      armoredPublicKey: readFileSync(file('caseworker-DEMO-public.asc'), 'utf8'),
      protectedSecretKey: readFileSync(file('caseworker-DEMO-secret.asc'), 'utf8'),
      passphrase: readFileSync(file('caseworker-DEMO-passphrase.txt'), 'utf8'),
    },
    addressHashKey: readDemoSecret(file('address-hash-key-DEMO.txt')),
    factorEncryptionKey: readDemoSecret(demoFiles(dataDir).factorEncryptionKey),
  };
}

/** A file only its owner reads (mode 600), also when it existed before with a wider mode. */
export function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** A random DEMO secret kept under the data folder, created on first use (older folders lack some). */
function readDemoSecret(path: string): string {
  if (!existsSync(path)) writeSecret(path, randomBytes(32).toString('hex'));
  return readFileSync(path, 'utf8');
}
