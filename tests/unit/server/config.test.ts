import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config';
import { configProblems } from '../../helpers/config-problems';

const VALID = {
  MONGODB_URI: 'mongodb://user:s3cret-canary@127.0.0.1:27017/amanat',
  ORG_FINGERPRINT: 'A'.repeat(40),
  ADDRESS_HASH_KEY: 'ab'.repeat(32),
  FACTOR_ENCRYPTION_KEY: 'cd'.repeat(32),
  ALERT_ADDRESS_KEY: 'ae'.repeat(32),
};

const problemsOf = (env: Record<string, string>): string[] => configProblems(loadConfig, env);

describe('configuration is validated once at start-up', () => {
  test('when every required variable is set then the config is frozen and fingerprints are lower-case', () => {
    const config = loadConfig(VALID);
    expect(config.orgFingerprint).toBe('a'.repeat(40));
    expect(config.port).toBe(8080);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.intake.rateLimit)).toBe(true);
  });

  test('when secrets are missing then each missing name is listed and nothing has a default', () => {
    expect(problemsOf({})).toEqual([
      'MONGODB_URI (or MONGODB_URI_FILE) is required',
      'ORG_FINGERPRINT is required',
      'ADDRESS_HASH_KEY (or ADDRESS_HASH_KEY_FILE) is required',
      'FACTOR_ENCRYPTION_KEY (or FACTOR_ENCRYPTION_KEY_FILE) is required',
      'ALERT_ADDRESS_KEY (or ALERT_ADDRESS_KEY_FILE) is required',
    ]);
  });

  test('when ALERT_ADDRESS_KEY is the factor key, or no key, then it is refused', () => {
    expect(problemsOf({ ...VALID, ALERT_ADDRESS_KEY: VALID.FACTOR_ENCRYPTION_KEY })).toEqual([
      'ALERT_ADDRESS_KEY must differ from FACTOR_ENCRYPTION_KEY',
    ]);
    expect(problemsOf({ ...VALID, ALERT_ADDRESS_KEY: 'ae'.repeat(16) })).toEqual([
      'ALERT_ADDRESS_KEY is malformed',
    ]);
  });

  test('when values are malformed then the names are reported and the values never are', () => {
    let message = '';
    try {
      loadConfig({
        ...VALID,
        MONGODB_URI: 'http://s3cret-canary',
        ADDRESS_HASH_KEY: 'short-canary',
        PORT: 'eighty',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('MONGODB_URI is malformed');
    expect(message).toContain('ADDRESS_HASH_KEY is malformed');
    expect(message).toContain('PORT must be an integer');
    expect(message).not.toContain('canary');
    expect(message).not.toContain('eighty');
  });

  test('when a secret comes from a *_FILE then it is read from that file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amanat-config-'));
    writeFileSync(join(dir, 'key'), `${'cd'.repeat(32)}\n`);
    const { ADDRESS_HASH_KEY: _direct, ...rest } = VALID;
    const config = loadConfig({ ...rest, ADDRESS_HASH_KEY_FILE: join(dir, 'key') });
    expect(config.addressHashKey.toString('hex')).toBe('cd'.repeat(32));
  });

  test('when both a secret and its *_FILE are set, or the file is missing, then it is refused', () => {
    expect(problemsOf({ ...VALID, ADDRESS_HASH_KEY_FILE: '/nonexistent' })).toEqual([
      'set only one of ADDRESS_HASH_KEY and ADDRESS_HASH_KEY_FILE',
    ]);
    const { ADDRESS_HASH_KEY: _direct, ...rest } = VALID;
    expect(problemsOf({ ...rest, ADDRESS_HASH_KEY_FILE: '/nonexistent/key' })).toEqual([
      'ADDRESS_HASH_KEY_FILE names a file that cannot be read',
    ]);
  });

  test('when NODE_ENV is production then readiness drains for 5 s by default', () => {
    expect(
      loadConfig({
        ...VALID,
        NODE_ENV: 'production',
        PUBLIC_ORIGIN: 'https://amanat.example',
        DIRECTORY_MIN_VERSION: '1',
      }).shutdownDrainMs,
    ).toBe(5000);
    expect(problemsOf({ ...VALID, NODE_ENV: 'prod' })).toEqual([
      'NODE_ENV must be one of development, test, production',
    ]);
  });

  test('when NO_JS_FORM is unset then the no-JavaScript form is off; on and off are the only values', () => {
    expect(loadConfig(VALID).noJsForm).toBe(false);
    expect(loadConfig({ ...VALID, NO_JS_FORM: 'on' }).noJsForm).toBe(true);
    expect(loadConfig({ ...VALID, NO_JS_FORM: 'off' }).noJsForm).toBe(false);
    expect(problemsOf({ ...VALID, NO_JS_FORM: 'yes' })).toEqual([
      'NO_JS_FORM must be one of on, off',
    ]);
  });

  test('when NO_JS_CONCURRENT is unset then two no-JavaScript reports are encrypted at once; 1 to 64 are taken', () => {
    expect(loadConfig(VALID).noJsConcurrent).toBe(2);
    expect(loadConfig({ ...VALID, NO_JS_CONCURRENT: '1' }).noJsConcurrent).toBe(1);
    expect(problemsOf({ ...VALID, NO_JS_CONCURRENT: '0' })).toEqual([
      'NO_JS_CONCURRENT must be an integer from 1 to 64',
    ]);
  });

  describe('PUBLIC_ORIGIN (staff Origin check and WebAuthn relying party)', () => {
    test('when it is missing outside production then it defaults to http://localhost:PORT', () => {
      expect(loadConfig({ ...VALID, PORT: '9090' }).publicOrigin).toBe('http://localhost:9090');
    });

    test.each([
      [{ NODE_ENV: 'production' }, 'PUBLIC_ORIGIN is required in production'],
      [
        { NODE_ENV: 'production', PUBLIC_ORIGIN: 'http://amanat.example' },
        'PUBLIC_ORIGIN must use https in production',
      ],
      [
        { PUBLIC_ORIGIN: 'https://amanat.example/staff' },
        'PUBLIC_ORIGIN must be an origin only, like https://amanat.example.org',
      ],
      [{ PUBLIC_ORIGIN: 'not a url' }, 'PUBLIC_ORIGIN is malformed'],
    ])('when it is %j then the problem is named', (env, problem) => {
      expect(problemsOf({ ...VALID, ...env })).toContain(problem);
    });

    test('a trailing slash is tolerated and dropped', () => {
      expect(loadConfig({ ...VALID, PUBLIC_ORIGIN: 'https://amanat.example/' }).publicOrigin).toBe(
        'https://amanat.example',
      );
    });
  });

  test('when ONION_PORT is unset then there is no onion listener, and the onion budgets have their defaults', () => {
    expect(loadConfig(VALID).onion).toEqual({
      listener: null,
      perMinute: { intake: 60, followUps: 30, receipts: 240, attachments: 60, signIn: 30 },
      queueSeconds: 60,
    });
    expect(loadConfig({ ...VALID, ONION_PORT: '8081' }).onion.listener).toEqual({
      host: '127.0.0.1',
      port: 8081,
    });
    expect(problemsOf({ ...VALID, PORT: '8081', ONION_PORT: '8081' })).toEqual([
      'ONION_PORT must differ from PORT',
    ]);
    expect(problemsOf({ ...VALID, ONION_PORT: '0', ONION_QUEUE_SECONDS: '0' })).toEqual([
      'ONION_PORT must be an integer from 1 to 65535',
      'ONION_QUEUE_SECONDS must be an integer from 1 to 600',
    ]);
  });

  test('when DIRECTORY_MIN_VERSION is unset then production refuses to start and elsewhere it is 1 (no replay protection)', () => {
    const production = {
      ...VALID,
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: 'https://amanat.example',
    };
    expect(problemsOf(production)).toEqual([
      'DIRECTORY_MIN_VERSION is required in production (the version the admin CLI printed when it published the current directory)',
    ]);
    expect(loadConfig({ ...production, DIRECTORY_MIN_VERSION: '7' }).directoryMinVersion).toBe(7);
    expect(loadConfig(VALID).directoryMinVersion).toBe(1);
    for (const bad of ['0', '-3', '2.5', 'seven', '2147483648']) {
      expect(problemsOf({ ...VALID, DIRECTORY_MIN_VERSION: bad })).toEqual([
        'DIRECTORY_MIN_VERSION must be an integer from 1 to 2147483647',
      ]);
    }
  });

  test('when DIRECTORY_EXPIRY_WARNING_DAYS is unset then the directory warns 7 days ahead; a value that is not 1 to 365 days is refused', () => {
    expect(loadConfig(VALID).directoryExpiryWarningDays).toBe(7);
    expect(
      loadConfig({ ...VALID, DIRECTORY_EXPIRY_WARNING_DAYS: '30' }).directoryExpiryWarningDays,
    ).toBe(30);
    for (const bad of ['0', '-1', '1.5', 'week', '366']) {
      expect(problemsOf({ ...VALID, DIRECTORY_EXPIRY_WARNING_DAYS: bad })).toEqual([
        'DIRECTORY_EXPIRY_WARNING_DAYS must be an integer from 1 to 365',
      ]);
    }
  });

  test('session limits default to 15 minutes idle, 8 hours in all and 5 minutes a re-authentication covers', () => {
    expect(loadConfig(VALID).sessions).toEqual({
      idleMinutes: 15,
      absoluteHours: 8,
      reauthMinutes: 5,
      recoveryFactorCoolingOffDays: 7,
    });
    expect(problemsOf({ ...VALID, RECOVERY_FACTOR_COOLING_OFF_DAYS: '0' })).toEqual([
      'RECOVERY_FACTOR_COOLING_OFF_DAYS must be an integer from 1 to 90',
    ]);
    expect(problemsOf({ ...VALID, SESSION_IDLE_MINUTES: '0' })).toEqual([
      'SESSION_IDLE_MINUTES must be an integer from 1 to 240',
    ]);
    expect(loadConfig({ ...VALID, SESSION_REAUTH_MINUTES: '2' }).sessions.reauthMinutes).toBe(2);
    for (const bad of ['0', '16', '1.5']) {
      expect(problemsOf({ ...VALID, SESSION_REAUTH_MINUTES: bad })).toEqual([
        'SESSION_REAUTH_MINUTES must be an integer from 1 to 15',
      ]);
    }
  });

  test('when the largest file is set then an attachment may have as many 8 MiB parts as it takes, and no more', () => {
    expect(loadConfig(VALID).attachments.maxPartsPerFile).toBe(4); // 25 MiB by default
    const partsFor = (megabytes: string) =>
      loadConfig({ ...VALID, ATTACHMENT_MAX_FILE_MB: megabytes }).attachments.maxPartsPerFile;
    expect([partsFor('1'), partsFor('8'), partsFor('9'), partsFor('32'), partsFor('1024')]).toEqual(
      [1, 1, 2, 4, 128],
    );
    for (const bad of ['0', '1025', '2.5', 'lots']) {
      expect(problemsOf({ ...VALID, ATTACHMENT_MAX_FILE_MB: bad })).toEqual([
        'ATTACHMENT_MAX_FILE_MB must be an integer from 1 to 1024',
      ]);
    }
  });
});
