/**
 * The notifier's configuration (loadNotifierConfig): validated at start-up like the server's,
 * with no default for the SMTP password, no e-mail at all without NOTIFIER_SMTP_HOST, and no
 * unencrypted SMTP in production.
 */
import { loadConfig, loadNotifierConfig } from '../../../server/config';
import { configProblems } from '../../helpers/config-problems';

const VALID = {
  MONGODB_URI: 'mongodb://user:s3cret-canary@127.0.0.1:27017/amanat',
  ORG_FINGERPRINT: 'A'.repeat(40),
  ALERT_ADDRESS_KEY: 'ae'.repeat(32),
};
/** What the server needs besides: the keys the notifier must not hold. */
const SERVER_KEYS = { ADDRESS_HASH_KEY: 'ab'.repeat(32), FACTOR_ENCRYPTION_KEY: 'cd'.repeat(32) };
const SMTP = {
  NOTIFIER_SMTP_HOST: 'mail.example.org',
  NOTIFIER_SMTP_FROM: 'alerts@example.org',
};

const problemsOf = (env: Record<string, string>): string[] =>
  configProblems(loadNotifierConfig, env);

describe('the notifier configuration', () => {
  test('when only the required variables are set then alerts batch every 60 minutes, retries back off from 60 s to an hour for 72 hours, and no e-mail is sent', () => {
    expect(loadNotifierConfig(VALID)).toMatchObject({
      batchMinutes: 60,
      pollSeconds: 30,
      retry: { baseSeconds: 60, maxSeconds: 3600, giveUpHours: 72 },
      smtp: null,
      checks: { orgFingerprint: 'a'.repeat(40), backupMaxAgeHours: 0, deadlineDays: 1 },
    });
  });

  test('when the mail server is set then STARTTLS on 587 is required by default, and TLS on 465 when asked', () => {
    expect(loadNotifierConfig({ ...VALID, ...SMTP }).smtp).toEqual({
      host: 'mail.example.org',
      port: 587,
      tls: 'starttls',
      auth: null,
      from: 'alerts@example.org',
    });
    expect(loadNotifierConfig({ ...VALID, ...SMTP, NOTIFIER_SMTP_TLS: 'tls' }).smtp).toMatchObject({
      port: 465,
      tls: 'tls',
    });
  });

  test('when a mail user is set then its password is required and has no default', () => {
    const problems = problemsOf({ ...VALID, ...SMTP, NOTIFIER_SMTP_USER: 'amanat' });
    expect(problems).toEqual([
      'NOTIFIER_SMTP_PASSWORD (or NOTIFIER_SMTP_PASSWORD_FILE) is required',
    ]);
    const config = loadNotifierConfig({
      ...VALID,
      ...SMTP,
      NOTIFIER_SMTP_USER: 'amanat',
      NOTIFIER_SMTP_PASSWORD: 'smtp-canary-password',
    });
    expect(config.smtp?.auth).toEqual({ user: 'amanat', password: 'smtp-canary-password' });
  });

  test('when the settings are malformed then each is named, and production refuses unencrypted SMTP', () => {
    expect(
      problemsOf({
        ...VALID,
        ...SMTP,
        NODE_ENV: 'production',
        DIRECTORY_MIN_VERSION: '3',
        NOTIFIER_SMTP_TLS: 'none',
        NOTIFIER_SMTP_FROM: 'Alerts <alerts@example.org>\r\nBcc: someone@example.org',
        ALERT_BATCH_MINUTES: '30',
        NOTIFIER_RETRY_BASE_SECONDS: '600',
        NOTIFIER_RETRY_MAX_SECONDS: '60',
      }),
    ).toEqual([
      'NOTIFIER_RETRY_MAX_SECONDS must not be below NOTIFIER_RETRY_BASE_SECONDS',
      'ALERT_BATCH_MINUTES must be 0 (off) or at least 60 in production',
      'NOTIFIER_SMTP_TLS=none is refused in production (alerts would cross in clear)',
      'NOTIFIER_SMTP_FROM is malformed',
    ]);
    expect(problemsOf({ ORG_FINGERPRINT: 'A'.repeat(40) })).toEqual([
      'MONGODB_URI (or MONGODB_URI_FILE) is required',
      'ALERT_ADDRESS_KEY (or ALERT_ADDRESS_KEY_FILE) is required',
    ]);
  });

  test('when the server reads ALERT_BATCH_MINUTES then it counts in windows of that many minutes, 60 by default, 0 for off', () => {
    const server = { ...VALID, ...SERVER_KEYS };
    expect(loadConfig(server).alerts).toEqual({ batchMinutes: 60 });
    expect(loadConfig({ ...server, ALERT_BATCH_MINUTES: '15' }).alerts).toEqual({
      batchMinutes: 15,
    });
    expect(loadConfig({ ...server, ALERT_BATCH_MINUTES: '0' }).alerts).toEqual({
      batchMinutes: 0,
    });
  });

  test('when production is given windows shorter than an hour then the server and the notifier refuse to start', () => {
    const production = { ...VALID, NODE_ENV: 'production', DIRECTORY_MIN_VERSION: '3' };
    expect(problemsOf({ ...production, ALERT_BATCH_MINUTES: '59' })).toEqual([
      'ALERT_BATCH_MINUTES must be 0 (off) or at least 60 in production',
    ]);
    expect(problemsOf({ ...production, ALERT_BATCH_MINUTES: '0' })).toEqual([]);
    expect(problemsOf({ ...production, ALERT_BATCH_MINUTES: '60' })).toEqual([]);
    expect(() =>
      loadConfig({
        ...production,
        ...SERVER_KEYS,
        PUBLIC_ORIGIN: 'https://amanat.example.org',
        ALERT_BATCH_MINUTES: '30',
      }),
    ).toThrow(/ALERT_BATCH_MINUTES must be 0 \(off\) or at least 60 in production/);
  });
});
