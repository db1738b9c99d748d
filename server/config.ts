/**
 * The only reader of process.env.
 * Validates everything once at start-up; errors name the bad variables, never their values.
 * Secrets have no defaults and may be given as `<NAME>_FILE` (a path), as Docker secrets are.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTACHMENT_PART_PLAINTEXT_BYTES } from '../contract/attachment-parts';

export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  readonly mongodbUri: string;
  /** Fingerprint of the offline organisation key that must sign the recipient directory. */
  readonly orgFingerprint: string;
  /**
   * DIRECTORY_MIN_VERSION: the oldest recipient directory this server serves or judges reports
   * by, so a database writer cannot bring back an older one. Required in production; elsewhere
   * it defaults to 1, which is no replay protection at all.
   */
  readonly directoryMinVersion: number;
  /**
   * DIRECTORY_EXPIRY_WARNING_DAYS: intake stops when the recipient directory expires, so from
   * this many days before, each instance logs `directory.expiring` daily and the admin view
   * shows a banner; /readyz reports the days left all along.
   */
  readonly directoryExpiryWarningDays: number;
  /** Secret for keyed hashes of client addresses (rate limiting). Never stored, never logged. */
  readonly addressHashKey: Buffer;
  /** Secret that seals second-factor secrets (TOTP seeds) at rest. Never stored, never logged. */
  readonly factorEncryptionKey: Buffer;
  /**
   * ALERT_ADDRESS_KEY: seals staff members' alert e-mail addresses and webhook URLs at rest; the
   * notifier opens them with it. A key of its own, so the notifier (the one process with a route
   * out) holds nothing that opens TOTP seeds. Never stored, never logged.
   */
  readonly alertAddressKey: Buffer;
  /**
   * The origin staff use (scheme://host[:port]): the only Origin accepted on staff writes and
   * the WebAuthn relying party. Required in production.
   */
  readonly publicOrigin: string;
  /**
   * The deployment's onion service (`http://<56 base32 characters>.onion`), if it has one.
   * Requests whose Host is exactly this host get no HSTS; reporter pages on the clearnet host
   * announce it with `Onion-Location`.
   */
  readonly onionOrigin: string | null;
  /**
   * Requests through the onion service (server/platform/onion-queue.ts): they all come from the
   * tor daemon, so instead of per-address limits they share per-instance budgets and wait in line.
   */
  readonly onion: {
    /**
     * The listener only the tor daemon reaches (ONION_HOST:ONION_PORT); every request accepted
     * on it is an onion request, whatever its headers say. Null: no onion listener.
     */
    readonly listener: { readonly host: string; readonly port: number } | null;
    /** Requests per minute each instance lets through, by route class; more wait in line. */
    readonly perMinute: {
      readonly intake: number;
      /** Receipt look-ups (reads). */
      readonly receipts: number;
      /** Follow-up messages (writes): a budget of their own, apart from look-ups. */
      readonly followUps: number;
      readonly attachments: number;
      /** Staff sign-in steps (POST /api/auth/*). */
      readonly signIn: number;
    };
    /** The longest an onion request waits for its turn; one that would wait longer gets 503 onion_busy. */
    readonly queueSeconds: number;
  };
  readonly sessions: {
    /** A staff session ends after this long without a request. */
    readonly idleMinutes: number;
    /** ...and after this long in any case. */
    readonly absoluteHours: number;
    /** A re-authentication (password and factor again) covers sensitive actions this long. */
    readonly reauthMinutes: number;
    /**
     * A factor added by a session proven with a recovery code counts as a recovery code for this
     * long: password and one stolen code must not become a full proof by adding the thief's key.
     */
    readonly recoveryFactorCoolingOffDays: number;
  };
  /** Express `trust proxy`: number of reverse-proxy hops in front of the app. */
  readonly trustProxyHops: number;
  readonly retention: {
    /** Closed cases are deleted this many days after closing, unless on legal hold. */
    readonly closedDays: number;
    /** How often each instance looks for expired cases; 0 turns the sweep off. */
    readonly sweepMinutes: number;
  };
  readonly intake: {
    readonly maxBodyBytes: number;
    readonly rateLimit: { readonly limit: number; readonly windowSeconds: number };
  };
  readonly receipts: {
    /** Failed receipt lookups per address per window (correct receipts are not counted). */
    readonly failedLookupLimit: number;
    /** Follow-up messages per address per window. */
    readonly followUpLimit: number;
    readonly windowSeconds: number;
    /** Follow-up messages one report may have in all (counted in slots, never a counter). */
    readonly followUpsPerCase: number;
  };
  readonly attachments: {
    /** Largest encrypted part: 8 MiB of plaintext plus OpenPGP overhead. */
    readonly maxPartBytes: number;
    /** All encrypted parts of one report (100 MiB of files plus overhead), its follow-ups' included. */
    readonly maxBytesPerReport: number;
    /** Attachments of one report, its follow-ups' included. */
    readonly maxPerReport: number;
    /**
     * Parts one attachment may have: as many as a file of ATTACHMENT_MAX_FILE_MB takes, cut as
     * the reporter page cuts it (contract/attachment-parts.ts).
     */
    readonly maxPartsPerFile: number;
    /** Part uploads per address per window (receipt window). */
    readonly rateLimit: number;
    /**
     * Part uploads whose body this instance reads at once, in all and per report; more are
     * answered 503 attachments_busy (each holds up to a part in memory while it arrives).
     */
    readonly concurrentUploads: { readonly perInstance: number; readonly perReport: number };
  };
  /** The deployment-wide storage watermark (features/attachments/storage-watermark.ts). */
  readonly storage: {
    /**
     * Parts are refused while less than this share of the database's filesystem (or of
     * maxDatabaseBytes) is free; reports and follow-ups only below half of it; 0: off.
     */
    readonly minFreePercent: number;
    /**
     * The database's own size budget (dbStats totalSize), held to the same floor as the disk:
     * for engines that report no filesystem figures; 0: none.
     */
    readonly maxDatabaseBytes: number;
    /** Parts are refused once all stored parts would exceed this many bytes; 0: no budget. */
    readonly maxAttachmentBytes: number;
  };
  /** How long a client may take to send a request (platform/request-timeouts.ts). */
  readonly requestTimeouts: {
    /** Whole request, attachment parts excepted. */
    readonly totalSeconds: number;
    /** Attachment parts are timed by their progress instead. */
    readonly upload: { readonly idleSeconds: number; readonly minBytesPerSecond: number };
  };
  /** Anonymized statistics (docs/design.md "Statistics"). */
  readonly stats: {
    /** Smallest count published in a public release; an analyst may only raise it. */
    readonly publicK: number;
    /** ...in a release to a named partner. */
    readonly partnerK: number;
    readonly roundingBase: number;
    /** Total ε of noisy releases over overlapping periods before the dashboard warns. */
    readonly epsilonBudget: number;
  };
  /** The built reporter site (client/build.ts); served at / when present. */
  readonly publicDir: string;
  /**
   * NO_JS_FORM (`on`/`off`, default off): the reporter page without JavaScript carries the report
   * form and the receipt form, posted to /no-js/report and /no-js/status. The server then sees a
   * report's text (in memory, while it encrypts it) and a receipt: off unless the organisation
   * chooses that trade-off for reporters who cannot run JavaScript.
   */
  readonly noJsForm: boolean;
  /**
   * NO_JS_CONCURRENT (default 2, 1-64): reports from the no-JavaScript form this instance
   * encrypts at once (a key pair and an encryption each, on the event loop); a few more wait,
   * the rest are answered 503 `no_js_busy`.
   */
  readonly noJsConcurrent: number;
  /**
   * Alerts without content (server/features/alerts): ALERT_BATCH_MINUTES (default 60, 0-1440;
   * 0 turns alerts off; production refuses 1-59), the batch window. New reports and follow-ups
   * are counted per window, and the notifier sends each staff member at most one alert per
   * window, so an alert's time says no more than that.
   */
  readonly alerts: { readonly batchMinutes: number };
  /** How long readiness reports 503 before the listener closes, so a load balancer stops routing. */
  readonly shutdownDrainMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;
const ON_OFF = ['on', 'off'] as const;

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);

  const nodeEnv = readNodeEnv(reader);
  const port = reader.integer('PORT', 8080, 0, 65535);
  const config: Config = {
    nodeEnv,
    host: reader.string('HOST', '127.0.0.1'),
    port,
    mongodbUri: reader.secret('MONGODB_URI', (value) => /^mongodb(\+srv)?:\/\//.test(value)),
    orgFingerprint: reader
      .required('ORG_FINGERPRINT', (value) => /^[0-9A-Fa-f]{40}$/.test(value))
      .toLowerCase(),
    directoryMinVersion: readDirectoryMinVersion(env, reader, nodeEnv, problems),
    directoryExpiryWarningDays: reader.integer('DIRECTORY_EXPIRY_WARNING_DAYS', 7, 1, 365),
    addressHashKey: Buffer.from(
      reader.secret('ADDRESS_HASH_KEY', (value) => /^[0-9a-fA-F]{64,}$/.test(value)),
      'hex',
    ),
    factorEncryptionKey: Buffer.from(
      reader.secret('FACTOR_ENCRYPTION_KEY', (value) => /^[0-9a-fA-F]{64,}$/.test(value)),
      'hex',
    ),
    alertAddressKey: readAlertAddressKey(reader),
    publicOrigin: readPublicOrigin(env, nodeEnv, port, problems),
    onionOrigin: readOnionOrigin(env, problems),
    onion: {
      listener: readOnionListener(reader, port, problems),
      perMinute: {
        intake: reader.integer('ONION_INTAKE_PER_MINUTE', 60, 1, 100_000),
        receipts: reader.integer('ONION_RECEIPTS_PER_MINUTE', 240, 1, 100_000),
        followUps: reader.integer('ONION_FOLLOW_UPS_PER_MINUTE', 30, 1, 100_000),
        attachments: reader.integer('ONION_ATTACHMENTS_PER_MINUTE', 60, 1, 100_000),
        signIn: reader.integer('ONION_SIGN_IN_PER_MINUTE', 30, 1, 100_000),
      },
      queueSeconds: reader.integer('ONION_QUEUE_SECONDS', 60, 1, 600),
    },
    sessions: {
      idleMinutes: reader.integer('SESSION_IDLE_MINUTES', 15, 1, 240),
      absoluteHours: reader.integer('SESSION_ABSOLUTE_HOURS', 8, 1, 24),
      reauthMinutes: reader.integer('SESSION_REAUTH_MINUTES', 5, 1, 15),
      recoveryFactorCoolingOffDays: reader.integer('RECOVERY_FACTOR_COOLING_OFF_DAYS', 7, 1, 90),
    },
    trustProxyHops: reader.integer('TRUST_PROXY', 0, 0, 10),
    retention: {
      closedDays: reader.integer('RETENTION_CLOSED_DAYS', 180, 1, 3650),
      sweepMinutes: reader.integer('RETENTION_SWEEP_MINUTES', 60, 0, 10_080),
    },
    intake: {
      maxBodyBytes: reader.integer('INTAKE_MAX_BODY_BYTES', 512 * 1024, 1024, 16 * 1024 * 1024),
      rateLimit: {
        limit: reader.integer('INTAKE_RATE_LIMIT', 30, 1, 1_000_000),
        windowSeconds: reader.integer('INTAKE_RATE_WINDOW_SECONDS', 900, 1, 86_400),
      },
    },
    receipts: {
      failedLookupLimit: reader.integer('RECEIPT_FAILED_LOOKUP_LIMIT', 10, 1, 1_000_000),
      followUpLimit: reader.integer('RECEIPT_FOLLOW_UP_LIMIT', 30, 1, 1_000_000),
      windowSeconds: reader.integer('RECEIPT_RATE_WINDOW_SECONDS', 900, 1, 86_400),
      followUpsPerCase: reader.integer('FOLLOW_UPS_MAX_PER_CASE', 100, 1, 10_000),
    },
    attachments: {
      maxPartBytes: reader.integer(
        'ATTACHMENT_MAX_PART_BYTES',
        8 * 1024 * 1024 + 64 * 1024,
        1024,
        15 * 1024 * 1024,
      ),
      // Counted in 64 KiB slots (report-allowance.ts), so at least one slot.
      maxBytesPerReport: reader.integer(
        'ATTACHMENTS_MAX_BYTES_PER_REPORT',
        101 * 1024 * 1024,
        64 * 1024,
        2 ** 32,
      ),
      maxPerReport: reader.integer('ATTACHMENTS_MAX_PER_REPORT', 20, 1, 1000),
      // The same name and range as the reporter page's build setting (client/build.ts): 25 MiB
      // in parts of 8 MiB is 4 parts.
      maxPartsPerFile: partsPerFile(reader.integer('ATTACHMENT_MAX_FILE_MB', 25, 1, 1024)),
      // A reporter's most parts: 20 files and 100 MiB in 8 MiB parts is at most 20 + 12 = 32
      // parts; four tries each on a poor link is 128, and two such reporters behind one address
      // (a household, carrier NAT, a Tor exit) 256.
      rateLimit: reader.integer('ATTACHMENT_RATE_LIMIT', 256, 1, 1_000_000),
      // 16 parts of up to 8 MiB: at most 128 MiB of bodies held in memory while they arrive.
      concurrentUploads: {
        perInstance: reader.integer('ATTACHMENT_UPLOADS_MAX_CONCURRENT', 16, 1, 10_000),
        perReport: reader.integer('ATTACHMENT_UPLOADS_MAX_PER_REPORT', 4, 1, 100),
      },
    },
    storage: {
      minFreePercent: reader.integer('STORAGE_MIN_FREE_PERCENT', 10, 0, 90),
      maxDatabaseBytes: reader.integer('STORAGE_MAX_BYTES', 0, 0, 2 ** 53 - 1),
      maxAttachmentBytes: reader.integer('ATTACHMENTS_MAX_TOTAL_BYTES', 0, 0, 2 ** 53 - 1),
    },
    requestTimeouts: {
      totalSeconds: reader.integer('REQUEST_TIMEOUT_SECONDS', 60, 1, 600),
      upload: {
        idleSeconds: reader.integer('UPLOAD_IDLE_TIMEOUT_SECONDS', 30, 1, 600),
        // 50 kbit/s: an 8 MiB part may take up to 23 minutes.
        minBytesPerSecond: reader.integer('UPLOAD_MIN_BYTES_PER_SECOND', 6250, 128, 1_000_000_000),
      },
    },
    publicDir: reader.string('PUBLIC_DIR', join(process.cwd(), 'dist', 'public')),
    noJsForm: reader.oneOf('NO_JS_FORM', ON_OFF, 'off') === 'on',
    noJsConcurrent: reader.integer('NO_JS_CONCURRENT', 2, 1, 64),
    stats: readStatsSettings(reader),
    alerts: { batchMinutes: readAlertBatchMinutes(reader, nodeEnv, problems) },
    shutdownDrainMs: reader.integer(
      'SHUTDOWN_DRAIN_MS',
      nodeEnv === 'production' ? 5000 : 0,
      0,
      60_000,
    ),
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
  };
  if (
    config.alertAddressKey.length > 0 &&
    config.alertAddressKey.equals(config.factorEncryptionKey)
  )
    problems.push('ALERT_ADDRESS_KEY must differ from FACTOR_ENCRYPTION_KEY');
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/**
 * PUBLIC_ORIGIN must be an origin only (no path). Outside production it defaults to
 * http://localhost:PORT — `localhost`, not 127.0.0.1, because browsers treat it as a secure
 * context, which `__Host-` cookies and WebAuthn need.
 */
function readPublicOrigin(env: Env, nodeEnv: NodeEnv, port: number, problems: string[]): string {
  const raw = env['PUBLIC_ORIGIN'];
  if (raw === undefined || raw === '') {
    if (nodeEnv === 'production') problems.push('PUBLIC_ORIGIN is required in production');
    return `http://localhost:${port}`;
  }
  let origin: string;
  try {
    origin = new URL(raw).origin;
  } catch {
    problems.push('PUBLIC_ORIGIN is malformed');
    return raw;
  }
  if (origin !== raw.replace(/\/$/, '')) {
    problems.push('PUBLIC_ORIGIN must be an origin only, like https://amanat.example.org');
  } else if (nodeEnv === 'production' && !origin.startsWith('https://')) {
    problems.push('PUBLIC_ORIGIN must use https in production');
  }
  return origin;
}

/** Parts of a file of `megabytes` MiB, cut as the reporter page cuts it. */
function partsPerFile(megabytes: number): number {
  return Math.ceil((megabytes * 1024 * 1024) / ATTACHMENT_PART_PLAINTEXT_BYTES);
}

/** Directory versions are positive integers; the admin CLI prints the one to set. */
const MAX_DIRECTORY_VERSION = 2 ** 31 - 1;

/**
 * Production has no default: without it the database alone decides which directory is current,
 * and an older signed one could be restored.
 */
function readDirectoryMinVersion(
  env: Env,
  reader: EnvReader,
  nodeEnv: NodeEnv,
  problems: string[],
): number {
  if (nodeEnv === 'production' && !env['DIRECTORY_MIN_VERSION']) {
    problems.push(
      'DIRECTORY_MIN_VERSION is required in production (the version the admin CLI printed when it published the current directory)',
    );
    return 1;
  }
  return reader.integer('DIRECTORY_MIN_VERSION', 1, 1, MAX_DIRECTORY_VERSION);
}

/** A v3 onion service origin: http, 56 base32 characters, no port, no path. */
const ONION_ORIGIN = /^http:\/\/[a-z2-7]{56}\.onion$/;

function readOnionOrigin(env: Env, problems: string[]): string | null {
  const raw = env['ONION_ORIGIN'];
  if (raw === undefined || raw === '') return null;
  const origin = raw.replace(/\/$/, '');
  if (!ONION_ORIGIN.test(origin)) {
    problems.push('ONION_ORIGIN must be a v3 onion origin, like http://<56 characters>.onion');
    return null;
  }
  return origin;
}

/** ONION_PORT set: the onion listener, on ONION_HOST (loopback unless the deployment says where). */
function readOnionListener(
  reader: EnvReader,
  port: number,
  problems: string[],
): Config['onion']['listener'] {
  const onionPort = reader.integer('ONION_PORT', 0, 1, 65535);
  if (onionPort === 0) return null;
  if (onionPort === port) problems.push('ONION_PORT must differ from PORT');
  return { host: reader.string('ONION_HOST', '127.0.0.1'), port: onionPort };
}

/** NODE_ENV, as every loader here validates it (development when unset). */
function readNodeEnv(reader: EnvReader): NodeEnv {
  return reader.oneOf('NODE_ENV', NODE_ENVS, 'development');
}

/**
 * NODE_ENV alone, validated: for the admin commands that need no other setting (org:init, the
 * offline signing machine, the demo), so they never read process.env themselves.
 */
export function loadNodeEnv(env: Env = process.env): NodeEnv {
  const problems: string[] = [];
  const nodeEnv = readNodeEnv(new EnvReader(env, problems));
  if (problems.length > 0) throw new ConfigError(problems);
  return nodeEnv;
}

export interface AdminConfig {
  /** Production refuses the commands that would need the organisation secret key here. */
  readonly nodeEnv: NodeEnv;
  readonly mongodbUri: string;
  /** Needed only to publish a directory; checked there. */
  readonly orgFingerprint: string | undefined;
  /** DIRECTORY_MIN_VERSION as the server reads it (required in production, else 1). */
  readonly directoryMinVersion: number;
  /** For `stats:export`: the same rules the server applies. */
  readonly stats: Config['stats'];
}

/** The admin CLI needs the database and, to publish a directory, the organisation fingerprint. */
export function loadAdminConfig(env: Env = process.env): Readonly<AdminConfig> {
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);
  const mongodbUri = reader.secret('MONGODB_URI', (value) => /^mongodb(\+srv)?:\/\//.test(value));
  const fingerprint = env['ORG_FINGERPRINT'];
  if (fingerprint && !/^[0-9A-Fa-f]{40}$/.test(fingerprint))
    problems.push('ORG_FINGERPRINT is malformed');
  const stats = readStatsSettings(reader);
  const nodeEnv = readNodeEnv(reader);
  const directoryMinVersion = readDirectoryMinVersion(env, reader, nodeEnv, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    nodeEnv,
    mongodbUri,
    orgFingerprint: fingerprint?.toLowerCase(),
    directoryMinVersion,
    stats,
  });
}

export interface BackupScheduleConfig {
  /** Where the encrypted backups are written (the compose `backups` volume). */
  readonly dir: string;
  /** A backup at start, then one every this many seconds. */
  readonly intervalSeconds: number;
  /** How many backups are kept: the newest, by name. */
  readonly keep: number;
}

/** The backup scheduler (scripts/lib/backup-schedule.ts); backup:create reads loadAdminConfig. */
export function loadBackupScheduleConfig(env: Env = process.env): Readonly<BackupScheduleConfig> {
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);
  const config = {
    dir: reader.required('BACKUP_DIR', (value) => value.startsWith('/')),
    intervalSeconds: reader.integer('BACKUP_INTERVAL_SECONDS', 86_400, 1, 366 * 86_400),
    keep: reader.integer('BACKUP_KEEP', 14, 1, 10_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** ALERT_ADDRESS_KEY: 32 bytes or more, in hex, like the other keys; no default. */
function readAlertAddressKey(reader: EnvReader): Buffer {
  return Buffer.from(
    reader.secret('ALERT_ADDRESS_KEY', (value) => /^[0-9a-fA-F]{64,}$/.test(value)),
    'hex',
  );
}

/**
 * ALERT_BATCH_MINUTES: the app counts per window, the notifier sends per window; 0 is off. The
 * stored counts date reports to the window, so production keeps windows of an hour at least.
 */
function readAlertBatchMinutes(reader: EnvReader, nodeEnv: NodeEnv, problems: string[]): number {
  const minutes = reader.integer('ALERT_BATCH_MINUTES', 60, 0, 1440);
  if (nodeEnv === 'production' && minutes > 0 && minutes < 60)
    problems.push('ALERT_BATCH_MINUTES must be 0 (off) or at least 60 in production');
  return minutes;
}

/** How the notifier reaches the mail server; null: no e-mail alerts (NOTIFIER_SMTP_HOST unset). */
export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** `starttls` (required upgrade), `tls` (implicit, port 465) or `none` (outside production only). */
  readonly tls: 'starttls' | 'tls' | 'none';
  readonly auth: { readonly user: string; readonly password: string } | null;
  /** The From address of every alert. */
  readonly from: string;
}

export interface NotifierConfig {
  readonly nodeEnv: NodeEnv;
  readonly mongodbUri: string;
  /** ALERT_ADDRESS_KEY: opens the sealed alert addresses, and nothing else. */
  readonly alertAddressKey: Buffer;
  readonly batchMinutes: number;
  /** NOTIFIER_POLL_SECONDS: how often closed windows are fanned out and due alerts sent. */
  readonly pollSeconds: number;
  readonly retry: {
    /** The first retry after this long, then twice as long each time... */
    readonly baseSeconds: number;
    /** ...up to this. */
    readonly maxSeconds: number;
    /** A delivery still failing this long after it was made is given up (and stays listed). */
    readonly giveUpHours: number;
  };
  readonly smtp: SmtpConfig | null;
  /** The operational checks (admins' alerts), once an hour. */
  readonly checks: {
    readonly orgFingerprint: string;
    readonly directoryMinVersion: number;
    readonly directoryExpiryWarningDays: number;
    readonly storage: Config['storage'];
    /** NOTIFIER_BACKUP_MAX_AGE_HOURS: alert when the newest audited backup is older; 0: off. */
    readonly backupMaxAgeHours: number;
    /** ALERT_DEADLINE_DAYS: deadlines within this many days (today included) are coming due. */
    readonly deadlineDays: number;
  };
  readonly logLevel: Config['logLevel'];
}

const SMTP_TLS_MODES = ['starttls', 'tls', 'none'] as const;

/** The notifier (server/notifier/main.ts): the one process allowed to reach outside networks. */
export function loadNotifierConfig(env: Env = process.env): Readonly<NotifierConfig> {
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);
  const nodeEnv = readNodeEnv(reader);
  const retryBase = reader.integer('NOTIFIER_RETRY_BASE_SECONDS', 60, 1, 3600);
  const retryMax = reader.integer('NOTIFIER_RETRY_MAX_SECONDS', 3600, 1, 86_400);
  if (retryMax < retryBase)
    problems.push('NOTIFIER_RETRY_MAX_SECONDS must not be below NOTIFIER_RETRY_BASE_SECONDS');
  // The process with a route out must not hold the key that opens TOTP seeds: given it anyway
  // (a copied environment), it refuses to start rather than keep it.
  for (const name of ['FACTOR_ENCRYPTION_KEY', 'FACTOR_ENCRYPTION_KEY_FILE'])
    if (env[name] !== undefined)
      problems.push(`${name} must not be given to the notifier (it needs ALERT_ADDRESS_KEY only)`);
  const config: NotifierConfig = {
    nodeEnv,
    mongodbUri: reader.secret('MONGODB_URI', (value) => /^mongodb(\+srv)?:\/\//.test(value)),
    alertAddressKey: readAlertAddressKey(reader),
    batchMinutes: readAlertBatchMinutes(reader, nodeEnv, problems),
    pollSeconds: reader.integer('NOTIFIER_POLL_SECONDS', 30, 1, 3600),
    retry: {
      baseSeconds: retryBase,
      maxSeconds: retryMax,
      giveUpHours: reader.integer('NOTIFIER_GIVE_UP_HOURS', 72, 1, 720),
    },
    smtp: readSmtpConfig(env, reader, nodeEnv, problems),
    checks: {
      orgFingerprint: reader
        .required('ORG_FINGERPRINT', (value) => /^[0-9A-Fa-f]{40}$/.test(value))
        .toLowerCase(),
      directoryMinVersion: readDirectoryMinVersion(env, reader, nodeEnv, problems),
      directoryExpiryWarningDays: reader.integer('DIRECTORY_EXPIRY_WARNING_DAYS', 7, 1, 365),
      storage: {
        minFreePercent: reader.integer('STORAGE_MIN_FREE_PERCENT', 10, 0, 90),
        maxDatabaseBytes: reader.integer('STORAGE_MAX_BYTES', 0, 0, 2 ** 53 - 1),
        maxAttachmentBytes: reader.integer('ATTACHMENTS_MAX_TOTAL_BYTES', 0, 0, 2 ** 53 - 1),
      },
      backupMaxAgeHours: reader.integer('NOTIFIER_BACKUP_MAX_AGE_HOURS', 0, 0, 8784),
      deadlineDays: reader.integer('ALERT_DEADLINE_DAYS', 1, 1, 30),
    },
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** The From address: a plain address, nothing that could add a header. */
const MAIL_ADDRESS = /^[^\s@<>"',;:()[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

function readSmtpConfig(
  env: Env,
  reader: EnvReader,
  nodeEnv: NodeEnv,
  problems: string[],
): SmtpConfig | null {
  const host = env['NOTIFIER_SMTP_HOST'];
  if (host === undefined || host === '') return null;
  const tls = reader.oneOf('NOTIFIER_SMTP_TLS', SMTP_TLS_MODES, 'starttls');
  if (tls === 'none' && nodeEnv === 'production')
    problems.push('NOTIFIER_SMTP_TLS=none is refused in production (alerts would cross in clear)');
  const user = env['NOTIFIER_SMTP_USER'];
  return {
    host,
    port: reader.integer('NOTIFIER_SMTP_PORT', tls === 'tls' ? 465 : 587, 1, 65535),
    tls,
    // A password only with a user, and never a default.
    auth: user
      ? { user, password: reader.secret('NOTIFIER_SMTP_PASSWORD', (value) => value.length > 0) }
      : null,
    from: reader.required('NOTIFIER_SMTP_FROM', (value) => MAIL_ADDRESS.test(value)),
  };
}

/** The same statistics rules for the server and for scheduled releases from the CLI. */
function readStatsSettings(reader: EnvReader): Config['stats'] {
  return {
    publicK: reader.integer('STATS_K_PUBLIC', 10, 3, 1000),
    partnerK: reader.integer('STATS_K_PARTNER', 5, 2, 1000),
    roundingBase: reader.integer('STATS_ROUNDING_BASE', 5, 1, 100),
    epsilonBudget: reader.decimal('STATS_EPSILON_BUDGET', 2, 0.01, 100),
  };
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  required(name: string, isValid: (value: string) => boolean): string {
    const value = this.env[name];
    if (value === undefined || value === '') {
      this.problems.push(`${name} is required`);
      return '';
    }
    if (!isValid(value)) this.problems.push(`${name} is malformed`);
    return value;
  }

  decimal(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) {
      this.problems.push(`${name} must be a number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  /** A secret: from NAME, or from the file named by NAME_FILE. Never has a default. */
  secret(name: string, isValid: (value: string) => boolean): string {
    const direct = this.env[name];
    const file = this.env[`${name}_FILE`];
    if (direct && file) {
      this.problems.push(`set only one of ${name} and ${name}_FILE`);
      return '';
    }
    let value = direct;
    if (!value && file) {
      try {
        value = readFileSync(file, 'utf8').trim();
      } catch {
        this.problems.push(`${name}_FILE names a file that cannot be read`);
        return '';
      }
    }
    if (!value) {
      this.problems.push(`${name} (or ${name}_FILE) is required`);
      return '';
    }
    if (!isValid(value)) this.problems.push(`${name} is malformed`);
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object' && !Buffer.isBuffer(child)) deepFreeze(child as object);
  }
  return Object.freeze(value);
}
