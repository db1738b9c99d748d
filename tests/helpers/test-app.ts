/**
 * An Amanat app on the real test database with a TEST-ONLY organisation, caseworker keys and a
 * published, signed recipient directory: what a deployment looks like after the admin set it up.
 */
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import type { Connection } from 'mongoose';
import type { DestinationStream } from 'pino';
import { buildApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { connectDb } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';
import type { CaseworkerKeysService } from '../../server/features/caseworkers';
import type { CaseMessagesService } from '../../server/features/case-messages';
import type { Services } from '../../server/services';
import { publishDirectory } from '../../scripts/admin/publish-directory';
import {
  verifyRecipientDirectory,
  type GeneratedKeyPair,
  type VerifiedDirectory,
} from '../../client/crypto';
import { testDatabaseUri } from './database';
import { generateTestCaseworker, generateTestOrganisation, TEST_PASSPHRASE } from './keys';

export interface TestAppOptions {
  readonly label: string;
  /** Number of generated caseworker keys (default 2), or armored public keys to use instead. */
  readonly caseworkers?: number;
  readonly extraCaseworkerPublicKeys?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly logDestination?: DestinationStream;
  readonly mongodbUri?: string;
}

export interface TestApp {
  readonly app: Express;
  /**
   * The app as the onion listener serves it (every request an onion request); supertest opens a
   * new connection, as a new Tor circuit would, for each request it sends here.
   */
  readonly onionApp: RequestListener;
  /** What shutdown does: onion requests still waiting for their turn are answered 503 onion_busy. */
  releaseOnionQueues(): void;
  readonly connection: Connection;
  readonly config: Config;
  readonly organisation: GeneratedKeyPair;
  readonly caseworkers: readonly GeneratedKeyPair[];
  directory: VerifiedDirectory;
  /** The app's own repositories and services (server/services.ts), on its clock. */
  readonly services: Services;
  readonly caseworkerKeys: CaseworkerKeysService;
  /** The app's clock for staff sessions, TOTP and invites: starts at real time, moves on request. */
  readonly clock: TestClock;
  /** The thread service, as the dashboard's replies reach it. */
  caseMessages(): CaseMessagesService;
  /** A second app instance on its own connection to the same database, as in a multi-instance deployment. */
  startAnotherInstance(): Promise<{ app: Express; close(): Promise<void> }>;
  /** Signs and publishes a directory of the currently active keys; returns it as a browser sees it. */
  publishDirectory(): Promise<VerifiedDirectory>;
  /** Writes the reporter routes' refusal and failure counts to the log now, as midnight does. */
  writeReporterCounts(): void;
  /** Logs the recipient directory's expiry by the app's clock now, as each day's check does. */
  checkDirectoryExpiry(): Promise<void>;
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

export async function createTestApp(options: TestAppOptions): Promise<TestApp> {
  const organisation = await generateTestOrganisation();
  const caseworkers = await Promise.all(
    Array.from({ length: options.caseworkers ?? 2 }, (_, i) =>
      generateTestCaseworker(`${options.label}-${i + 1}`),
    ),
  );
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: options.mongodbUri ?? testDatabaseUri(options.label),
    ORG_FINGERPRINT: organisation.fingerprint,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ALERT_ADDRESS_KEY: randomBytes(32).toString('hex'),
    INTAKE_RATE_LIMIT: '100000',
    LOG_LEVEL: options.logDestination ? 'debug' : 'silent',
    ...options.env,
  });
  const connection = await connectDb(config.mongodbUri);
  const logger = createLogger(config.logLevel, options.logDestination);
  const clock = new TestClock();
  // Nothing cached between requests: tests see each change at once.
  const built = buildApp({
    config,
    connection,
    logger,
    directoryCacheMs: 0,
    storageCacheMs: 0,
    clock: clock.now,
  });
  await built.prepare();

  const { caseworkerKeys } = built.services;
  for (const [i, caseworker] of caseworkers.entries()) {
    await caseworkerKeys.addCaseworkerKey(caseworker.armoredPublicKey, `caseworker ${i + 1}`);
  }
  for (const [i, armored] of (options.extraCaseworkerPublicKeys ?? []).entries()) {
    await caseworkerKeys.addCaseworkerKey(armored, `extra caseworker ${i + 1}`);
  }
  const testApp: TestApp = {
    app: built.app,
    onionApp: built.onionListener,
    releaseOnionQueues: () => built.releaseOnionQueues(),
    connection,
    config,
    organisation,
    caseworkers,
    caseworkerKeys,
    clock,
    directory: undefined as unknown as VerifiedDirectory,
    services: built.services,
    caseMessages: () => built.services.caseMessages,
    startAnotherInstance: async () => {
      const otherConnection = await connectDb(config.mongodbUri);
      const other = buildApp({
        config,
        connection: otherConnection,
        logger,
        directoryCacheMs: 0,
        storageCacheMs: 0,
        clock: clock.now,
      });
      await other.prepare();
      return {
        app: other.app,
        close: async () => {
          other.close();
          await otherConnection.close();
        },
      };
    },
    publishDirectory: async () => {
      const { signedDirectory } = await publishDirectory(
        connection,
        { ...organisation, passphrase: TEST_PASSPHRASE },
        { orgFingerprint: config.orgFingerprint, validDays: 30, demo: false },
      );
      testApp.directory = await verifyRecipientDirectory(
        signedDirectory,
        organisation.armoredPublicKey,
        organisation.fingerprint,
      );
      return testApp.directory;
    },
    writeReporterCounts: () => built.writeReporterCounts(),
    checkDirectoryExpiry: () => built.checkDirectoryExpiry(),
    close: async ({ keepDatabase = false } = {}) => {
      built.close();
      if (!keepDatabase) await connection.dropDatabase().catch(() => {});
      await connection.close();
    },
  };
  await testApp.publishDirectory();
  return testApp;
}

/** A clock tests can move forward (idle timeouts, TOTP steps) without waiting. */
export class TestClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;
  readonly now = (): Date => new Date((this.frozenAt ?? Date.now()) + this.offsetMs);

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Stops real time from moving this clock: tests of short delays must not depend on machine speed. */
  freeze(): void {
    this.frozenAt ??= Date.now();
  }
}
