/**
 * The stage for "audited exactly once whatever fails" tests: an app whose every database command
 * passes through a TCP proxy (tcp-proxy.ts) that can cut one chosen command before the database
 * sees it, or after it ran but before its answer comes back; and the test's own connection,
 * straight to the database, to look at what is stored. TEST ONLY.
 */
import { URL } from 'node:url';
import type { Connection } from 'mongoose';
import type { Response } from 'supertest';
import { connectDb } from '../../server/platform/db';
import { testDatabaseUri } from './database';
import { setUpValue } from './set-up-value';
import { commandPattern, startTcpProxy, type InterceptVerdict, type TcpProxy } from './tcp-proxy';
import { createTestApp, type TestAppOptions, type TestApp } from './test-app';

export interface AuditFaultStage {
  readonly proxy: TcpProxy;
  readonly t: TestApp;
  /** The test's own connection, straight to the database (never through the proxy). */
  readonly direct: Connection;
  /**
   * Runs `act` once with the proxy intercepting `command` on `collection`; `decide` answers
   * each interception (a verdict for all of them, or a function). The proxy passes traffic
   * again afterwards.
   */
  withFault<T>(
    command: string,
    collection: string,
    decide: InterceptVerdict | (() => Promise<InterceptVerdict>),
    act: () => Promise<T>,
  ): Promise<T>;
  /** Audit entries of `event` whose details match `details`. */
  entries(
    event: string,
    details?: Readonly<Record<string, string>>,
  ): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function startAuditFaultStage(
  options: TestAppOptions & { readonly label: string },
): Promise<AuditFaultStage> {
  const databaseUri = new URL(testDatabaseUri(options.label));
  const proxy = await startTcpProxy({
    host: databaseUri.hostname,
    port: Number(databaseUri.port),
  });
  const throughProxy = new URL(databaseUri);
  throughProxy.port = String(proxy.port);
  const t = await createTestApp({ ...options, mongodbUri: throughProxy.toString() });
  const direct = await connectDb(databaseUri.toString());
  return {
    proxy,
    t,
    direct,
    withFault: async (command, collection, decide, act) => {
      const onMatch = typeof decide === 'function' ? decide : () => Promise.resolve(decide);
      proxy.setMode({ kind: 'intercept', match: commandPattern(command, collection), onMatch });
      try {
        return await act();
      } finally {
        proxy.setMode({ kind: 'pass' });
      }
    },
    entries: async (event, details = {}) =>
      await direct
        .db!.collection('audit_log')
        .find({
          event,
          ...Object.fromEntries(
            Object.entries(details).map(([name, value]) => [`details.${name}`, value]),
          ),
        })
        .toArray(),
    close: async () => {
      await direct.close();
      await t.close();
      await proxy.close();
    },
  };
}

/**
 * The stage of one test file or describe block: started in a beforeAll, closed in an afterAll,
 * both registered here. Returns a stand-in whose every property read goes to the started stage
 * (`stage.t`, `stage.withFault(…)`); reading it before the beforeAll ran throws.
 */
export function useAuditFaultStage(
  options: TestAppOptions & { readonly label: string },
): AuditFaultStage {
  let started: AuditFaultStage | undefined;
  beforeAll(async () => {
    started = await startAuditFaultStage(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as AuditFaultStage, {
    get: (_standIn, property) =>
      Reflect.get(setUpValue(started, `${options.label}: the audit fault stage`), property),
  });
}

/** Sends again, as a client told 503 with Retry-After does, until the answer is not a 503. */
export async function retryWhileUnavailable(send: () => Promise<Response>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await send();
    if (response.status !== 503 || attempt === 5) return response;
  }
}
