/**
 * The demo's configuration (scripts/lib/demo-config.ts) is the server's: every setting in the
 * environment reaches it through loadConfig, validated as in a deployment, and only what the
 * demo made (its database, organisation, directory version, pages and secrets) is its own.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../../server/config';
import { demoConfig, type DemoOwnedSettings } from '../../../scripts/lib/demo-config';

const owned: DemoOwnedSettings = {
  mongodbUri: 'mongodb://127.0.0.1:27017/amanat_demo',
  orgFingerprint: 'ab'.repeat(20),
  directoryMinVersion: 3,
  publicDir: '/tmp/amanat-demo/public',
  addressHashKey: randomBytes(32).toString('hex'),
  factorEncryptionKey: randomBytes(32).toString('hex'),
};

describe('the demo configuration', () => {
  test('when server settings are in the environment then the demo server uses them', () => {
    const config = demoConfig(
      {
        INTAKE_RATE_LIMIT: '7',
        INTAKE_RATE_WINDOW_SECONDS: '60',
        SESSION_IDLE_MINUTES: '20',
        PORT: '9191',
        NO_JS_FORM: 'on',
      },
      owned,
    );
    expect(config.intake.rateLimit).toEqual({ limit: 7, windowSeconds: 60 });
    expect(config.sessions.idleMinutes).toBe(20);
    expect(config.port).toBe(9191);
    expect(config.publicOrigin).toBe('http://localhost:9191');
    expect(config.noJsForm).toBe(true);
  });

  test('when nothing is set then the server defaults apply and the demo runs as development', () => {
    const config = demoConfig({}, owned);
    expect(config.nodeEnv).toBe('development');
    expect(config.logLevel).toBe('info');
    expect(config.intake.rateLimit.limit).toBe(30);
    expect(config.port).toBe(8080);
  });

  test('when the environment names another database, organisation or secret then the demo keeps its own', () => {
    const config = demoConfig(
      {
        MONGODB_URI: 'mongodb://elsewhere.example:27017/production',
        ORG_FINGERPRINT: 'cd'.repeat(20),
        DIRECTORY_MIN_VERSION: '99',
        PUBLIC_DIR: '/srv/other',
        ADDRESS_HASH_KEY_FILE: '/run/secrets/address-hash-key',
        FACTOR_ENCRYPTION_KEY: 'ef'.repeat(32),
      },
      owned,
    );
    expect(config.mongodbUri).toBe(owned.mongodbUri);
    expect(config.orgFingerprint).toBe(owned.orgFingerprint);
    expect(config.directoryMinVersion).toBe(3);
    expect(config.publicDir).toBe(owned.publicDir);
    expect(config.addressHashKey.toString('hex')).toBe(owned.addressHashKey);
    expect(config.factorEncryptionKey.toString('hex')).toBe(owned.factorEncryptionKey);
  });

  test('when the environment asks for a public or onion listener then the demo still listens on loopback only', () => {
    const config = demoConfig(
      {
        HOST: '0.0.0.0',
        ONION_PORT: '8081',
        ONION_HOST: '0.0.0.0',
        ONION_ORIGIN: `http://${'a'.repeat(56)}.onion`,
      },
      owned,
    );
    expect(config.host).toBe('127.0.0.1');
    expect(config.onion.listener).toBeNull();
    expect(config.onionOrigin).toBeNull();
  });

  test('when the environment says production then the demo refuses to start', () => {
    expect(() =>
      demoConfig({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://amanat.example.org' }, owned),
    ).toThrow('The demo is refused when NODE_ENV=production.');
  });

  test('when a setting in the environment is malformed then the demo refuses to start, naming it', () => {
    expect(() => demoConfig({ INTAKE_RATE_LIMIT: 'many' }, owned)).toThrow(ConfigError);
    expect(() => demoConfig({ INTAKE_RATE_LIMIT: 'many' }, owned)).toThrow(/INTAKE_RATE_LIMIT/);
  });
});
