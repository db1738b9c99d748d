/**
 * docker-compose.yml gives the app instances every setting server/config.ts reads, or this file
 * says why not: an operator can tune each one without editing the compose file, with config.ts's
 * own default when unset (`${NAME:-default}`), and secrets come only from files, with no default.
 * The names are every quoted upper-case name in config.ts (its reader calls and `env[...]`); the
 * compose file is read through Compose v1 itself (`docker-compose config`, which resolves anchors,
 * merges and defaults) and its YAML parsed by the PyYAML that Compose v1 runs on.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadBackupScheduleConfig, loadConfig, loadNotifierConfig } from '../../server/config';

const ROOT = join(__dirname, '..', '..');
const CONFIG_SOURCE = readFileSync(join(ROOT, 'server', 'config.ts'), 'utf8');
const COMPOSE_SOURCE = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const APP_SERVICES = ['app1', 'app2'] as const;
/** What compose requires from the operator (it refuses to start without them). */
const REQUIRED = {
  ORG_FINGERPRINT: '0000000000000000000000000000000000000000',
  PUBLIC_HOST: 'amanat.example.org',
  DIRECTORY_MIN_VERSION: '1',
};

/** Read by config.ts but deliberately not given to the app containers, with the reason. */
const NOT_PASSED_TO_THE_APP: Readonly<Record<string, string>> = {
  PUBLIC_DIR:
    "the reporter site built into the image (dist/public, config.ts's default): part of the image, not a setting",
  BACKUP_DIR: "the backup scheduler's (loadBackupScheduleConfig): given to the backup service",
  BACKUP_INTERVAL_SECONDS:
    "the backup scheduler's (loadBackupScheduleConfig): given to the backup service",
  BACKUP_KEEP: "the backup scheduler's (loadBackupScheduleConfig): given to the backup service",
  ...Object.fromEntries(
    [
      'ALERT_DEADLINE_DAYS',
      'NOTIFIER_POLL_SECONDS',
      'NOTIFIER_RETRY_BASE_SECONDS',
      'NOTIFIER_RETRY_MAX_SECONDS',
      'NOTIFIER_GIVE_UP_HOURS',
      'NOTIFIER_BACKUP_MAX_AGE_HOURS',
      'NOTIFIER_SMTP_HOST',
      'NOTIFIER_SMTP_PORT',
      'NOTIFIER_SMTP_TLS',
      'NOTIFIER_SMTP_USER',
      'NOTIFIER_SMTP_PASSWORD',
      'NOTIFIER_SMTP_FROM',
    ].map((name) => [
      name,
      "the notifier's (loadNotifierConfig): given to the notifier service, the only one allowed out",
    ]),
  ),
};

/** Given to the app with a default other than config.ts's, with the reason. */
const OTHER_DEFAULT: Readonly<Record<string, string>> = {
  SHUTDOWN_DRAIN_MS:
    "config.ts's production default (5 s) equals the proxy's health_interval; the drain must outlast one interval",
};

/** Test values for the secrets, which compose gives as files under /run/secrets. */
const SECRET_VALUES: Readonly<Record<string, string>> = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/amanat',
  ADDRESS_HASH_KEY: 'a'.repeat(64),
  FACTOR_ENCRYPTION_KEY: 'b'.repeat(64),
  ALERT_ADDRESS_KEY: 'c'.repeat(64),
};

type Environment = Record<string, string>;
interface ComposeService {
  environment?: Environment;
  secrets?: (string | { source: string })[];
}

function composeServices(): Record<string, ComposeService> {
  const resolved = spawnSync(
    'docker-compose',
    ['--profile', 'onion', '--profile', 'restore', 'config'],
    { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...REQUIRED }, encoding: 'utf8' },
  );
  if (resolved.error) {
    throw new Error('docker-compose is not installed (scripts/lib/prerequisites.sh installs it)');
  }
  expect([resolved.status, resolved.stderr]).toEqual([0, '']);
  const json = spawnSync(
    'python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: resolved.stdout, encoding: 'utf8' },
  );
  expect([json.status, json.stderr]).toEqual([0, '']);
  return (JSON.parse(json.stdout) as { services: Record<string, ComposeService> }).services;
}

const namesIn = (source: string, pattern: RegExp): string[] =>
  [...new Set([...source.matchAll(pattern)].map((match) => match[1]!))].sort();

describe('docker-compose.yml passes every setting server/config.ts reads', () => {
  const configNames = namesIn(CONFIG_SOURCE, /'([A-Z][A-Z0-9_]*[A-Z0-9])'/g);
  /** The app's secrets (the notifier's SMTP password is the notifier's alone). */
  const secretNames = namesIn(CONFIG_SOURCE, /\.secret\(\s*'([A-Z][A-Z0-9_]*)'/g).filter(
    (name) => !(name in NOT_PASSED_TO_THE_APP),
  );
  /** Names the compose file lets the operator set, as `${NAME:-default}`. */
  const tunable = new Set(namesIn(COMPOSE_SOURCE, /\$\{([A-Z][A-Z0-9_]*):-/g));
  const services = composeServices();

  test('when config.ts is read then it names its settings and its secrets', () => {
    // Guards the parsing below: a rename in config.ts must not make this test check nothing.
    expect(configNames.length).toBeGreaterThan(40);
    expect(configNames).toEqual(expect.arrayContaining(['NODE_ENV', 'STORAGE_MIN_FREE_PERCENT']));
    expect(secretNames).toEqual(Object.keys(SECRET_VALUES).sort());
  });

  test('when compose starts an app instance then it passes every setting config.ts reads, or this file says why not', () => {
    for (const service of APP_SERVICES) {
      const environment = services[service]!.environment!;
      const missing = configNames.filter(
        (name) =>
          !(name in NOT_PASSED_TO_THE_APP) &&
          !(name in environment) &&
          !(secretNames.includes(name) && `${name}_FILE` in environment),
      );
      expect({ service, missing }).toEqual({ service, missing: [] });
      // The exceptions stay true: still read by config.ts, and still not passed.
      for (const name of Object.keys(NOT_PASSED_TO_THE_APP)) {
        expect({
          service,
          name,
          read: configNames.includes(name),
          passed: name in environment,
        }).toEqual({ service, name, read: true, passed: false });
      }
    }
  });

  test('when compose passes a secret then it is a file under /run/secrets that the service mounts, never a value or a default', () => {
    for (const service of APP_SERVICES) {
      const { environment = {}, secrets = [] } = services[service]!;
      const mounted = secrets.map((secret) =>
        typeof secret === 'string' ? secret : secret.source,
      );
      for (const name of secretNames) {
        const file = environment[`${name}_FILE`];
        expect({ service, name, direct: name in environment, tunable: tunable.has(name) }).toEqual({
          service,
          name,
          direct: false,
          tunable: false,
        });
        expect(file).toMatch(/^\/run\/secrets\/[a-z_]+$/);
        expect(mounted).toContain(file!.slice('/run/secrets/'.length));
      }
    }
  });

  test('when an operator sets nothing then every setting compose lets them tune has config.ts’s own default', () => {
    const environment = { ...services['app1']!.environment! };
    for (const name of secretNames) delete environment[`${name}_FILE`];
    Object.assign(environment, SECRET_VALUES);
    const passedTunable = Object.keys(environment).filter((name) => tunable.has(name));
    expect(passedTunable.length).toBeGreaterThan(30);
    const untuned = Object.fromEntries(
      Object.entries(environment).filter(([name]) => !tunable.has(name)),
    );
    const defaults = loadConfig(untuned);
    for (const name of passedTunable) {
      const sameAsConfig = isDeepStrictEqual(
        loadConfig({ ...untuned, [name]: environment[name] }),
        defaults,
      );
      expect({ name, sameAsConfig }).toEqual({ name, sameAsConfig: !(name in OTHER_DEFAULT) });
    }
  });

  test('when compose starts the notifier then it passes every notifier setting, its SMTP password and address key only as mounted files, never the factor key, and the notifier starts with them', () => {
    const { environment = {}, secrets = [] } = services['notifier']!;
    const notifierNames = Object.keys(NOT_PASSED_TO_THE_APP).filter(
      (name) => name.startsWith('NOTIFIER_') || name.startsWith('ALERT_'),
    );
    for (const name of notifierNames) {
      const passed = name in environment || `${name}_FILE` in environment;
      expect({ name, passed }).toEqual({ name, passed: true });
    }
    expect(environment['NOTIFIER_SMTP_PASSWORD']).toBeUndefined();
    expect(environment['NOTIFIER_SMTP_PASSWORD_FILE']).toBe('/run/secrets/notifier_smtp_password');
    const mounted = secrets.map((secret) => (typeof secret === 'string' ? secret : secret.source));
    expect(mounted).toEqual(
      expect.arrayContaining(['mongodb_uri', 'alert_address_key', 'notifier_smtp_password']),
    );
    expect(mounted).not.toContain('factor_encryption_key');
    const withSecrets = { ...environment };
    for (const name of ['MONGODB_URI', 'ALERT_ADDRESS_KEY']) {
      delete withSecrets[`${name}_FILE`];
      withSecrets[name] = SECRET_VALUES[name]!;
    }
    expect(loadNotifierConfig(withSecrets)).toMatchObject({ smtp: null, batchMinutes: 60 });
  });

  test('when compose starts the backup service then it passes the scheduler’s settings with config.ts’s defaults', () => {
    const environment = services['backup']!.environment!;
    const backupNames = Object.keys(NOT_PASSED_TO_THE_APP).filter((name) =>
      name.startsWith('BACKUP_'),
    );
    for (const name of backupNames)
      expect({ name, passed: name in environment }).toEqual({ name, passed: true });
    expect(loadBackupScheduleConfig(environment)).toEqual(
      loadBackupScheduleConfig({ BACKUP_DIR: environment['BACKUP_DIR'] }),
    );
  });
});
