/**
 * The whole stack for browser tests: an Amanat app on the real test database with a TEST-ONLY
 * organisation, the reporter site built with that organisation's fingerprint and the staff
 * dashboard (/staff/), served on localhost, and Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { DestinationStream } from 'pino';
import { buildReporterSite, buildStaffSite, type ReporterBuildOptions } from '../../client/build';
import { launchChromium } from './browser';
import { createTestApp, type TestApp } from './test-app';

export interface ReporterSite {
  readonly t: TestApp;
  readonly baseUrl: string;
  readonly browser: Browser;
  /** A scratch directory removed on close. */
  readonly workDir: string;
  close(): Promise<void>;
}

export async function startReporterSite(
  label: string,
  options: {
    caseworkers?: number;
    build?: Partial<Omit<ReporterBuildOptions, 'outDir' | 'orgFingerprint'>>;
    /** More server configuration (limits a test needs small). */
    env?: Readonly<Record<string, string>>;
    /** Where the app logs, at debug level (tests/helpers/log-capture.ts); none by default. */
    logDestination?: DestinationStream;
  } = {},
): Promise<ReporterSite> {
  const workDir = mkdtempSync(join(tmpdir(), 'amanat-site-'));
  const siteDir = join(workDir, 'public');
  // The port is chosen first: PUBLIC_ORIGIN (http://localhost:PORT by default) must name it,
  // for the staff Origin check and WebAuthn.
  const port = await findFreePort();
  const t = await createTestApp({
    label,
    caseworkers: options.caseworkers ?? 2,
    env: { ...options.env, PUBLIC_DIR: siteDir, PORT: String(port) },
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
  });
  await buildReporterSite({
    outDir: siteDir,
    orgFingerprint: t.organisation.fingerprint,
    quickExitUrl: 'about:blank',
    ...options.build,
  });
  // The staff dashboard is served by the same app at /staff/.
  await buildStaffSite({ outDir: siteDir, orgFingerprint: t.organisation.fingerprint });
  const server: Server = t.app.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://localhost:${port}`;
  if (baseUrl !== t.config.publicOrigin)
    throw new Error('PUBLIC_ORIGIN does not match the test port');
  const browser = await launchChromium();
  return {
    t,
    baseUrl,
    browser,
    workDir,
    close: async () => {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
