/**
 * The demo's server configuration: read by the server's own loader (server/config.ts) from the
 * environment, so every setting an operator would try on the demo (INTAKE_RATE_LIMIT, PORT,
 * SESSION_IDLE_MINUTES, LOG_LEVEL, ...) is validated and honoured as it would be in a deployment.
 * Only what the demo itself makes is its own: the database it started, the DEMO organisation's
 * fingerprint and directory version, the pages it built and the secrets it keeps under .data/demo;
 * and it listens on loopback only (HOST=127.0.0.1, no onion listener), so DEMO accounts with
 * passwords printed on a terminal are never reachable from the network.
 */
import { hkdfSync } from 'node:crypto';
import { loadConfig, type Config } from '../../server/config';

type Env = Readonly<Record<string, string | undefined>>;

/** What the demo made; these replace anything the environment says, with their `_FILE` forms. */
export interface DemoOwnedSettings {
  readonly mongodbUri: string;
  readonly orgFingerprint: string;
  readonly directoryMinVersion: number;
  readonly publicDir: string;
  readonly addressHashKey: string;
  readonly factorEncryptionKey: string;
}

/**
 * Settings the demo only defaults: the environment's value wins where it is set. The demo runs
 * as development (production is refused before anything starts).
 */
const DEMO_DEFAULTS: Env = { NODE_ENV: 'development', LOG_LEVEL: 'info' };

/** The demo's own settings and their `_FILE` forms: never taken from the environment. */
const OWNED = new Set(
  [
    'MONGODB_URI',
    'ORG_FINGERPRINT',
    'DIRECTORY_MIN_VERSION',
    'PUBLIC_DIR',
    'ADDRESS_HASH_KEY',
    'FACTOR_ENCRYPTION_KEY',
    'ALERT_ADDRESS_KEY',
    'HOST',
  ].flatMap((name) => [name, `${name}_FILE`]),
);

/** The onion listener's settings (ONION_PORT, ONION_HOST, ...): the demo opens no onion listener. */
const isOnionSetting = (name: string): boolean => name.startsWith('ONION_');

/**
 * The demo's alert-address key, derived from its factor key so the demo keeps one key file: it
 * runs no notifier, and a derived key is still not the factor key (config.ts refuses equal ones).
 */
function demoAlertAddressKey(factorEncryptionKey: string): string {
  return Buffer.from(
    hkdfSync(
      'sha256',
      Buffer.from(factorEncryptionKey, 'hex'),
      '',
      'amanat-demo/alert-address-key',
      32,
    ),
  ).toString('hex');
}

export function demoConfig(env: Env, owned: DemoOwnedSettings): Readonly<Config> {
  const fromEnvironment = Object.fromEntries(
    Object.entries(env).filter(
      ([name, value]) =>
        value !== undefined && value !== '' && !OWNED.has(name) && !isOnionSetting(name),
    ),
  );
  const config = loadConfig({
    ...DEMO_DEFAULTS,
    ...fromEnvironment,
    MONGODB_URI: owned.mongodbUri,
    ORG_FINGERPRINT: owned.orgFingerprint,
    DIRECTORY_MIN_VERSION: String(owned.directoryMinVersion),
    PUBLIC_DIR: owned.publicDir,
    ADDRESS_HASH_KEY: owned.addressHashKey,
    FACTOR_ENCRYPTION_KEY: owned.factorEncryptionKey,
    ALERT_ADDRESS_KEY: demoAlertAddressKey(owned.factorEncryptionKey),
    HOST: '127.0.0.1',
  });
  // DEMO keys, directories and printed passwords never belong in a production deployment.
  if (config.nodeEnv === 'production') {
    throw new Error('The demo is refused when NODE_ENV=production.');
  }
  return config;
}
