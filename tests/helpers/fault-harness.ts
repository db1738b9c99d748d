/**
 * The stage for fault tests (tests/faults): a private database that a test may kill, stop and
 * restart on the same data and port; a TEST-ONLY organisation with a published directory; the
 * server as real processes; reporters that keep sending encrypted submissions and retry the way
 * the reporter page does; and the audit that every fault test ends with.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { ReportSubmissionBody, VerifiedDirectory } from '../../client/crypto';
import {
  findFreePort,
  startLocalDatabase,
  type LocalDatabase,
} from '../../scripts/local-db/local-db';
import { buildSubmission } from './reports';
import { startServerProcess, type ServerProcess } from './server-process';
import { createTestApp, type TestApp } from './test-app';

const ROOT = join(__dirname, '..', '..');

/** A database of the test's own (never the shared test server), restartable on the same data. */
export interface FaultDatabase {
  readonly port: number;
  /** Base URI of the server itself (no proxy in between). */
  readonly uri: string;
  /** URI of this test's database on it. */
  readonly databaseUri: string;
  isRunning(): boolean;
  /** SIGTERM (`stop`) or SIGKILL (`kill`); resolves once the process is gone. */
  stop(how: 'stop' | 'kill'): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

export async function startFaultDatabase(label: string): Promise<FaultDatabase> {
  const dataDir = join(ROOT, '.data', `fault-${label}-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const port = await findFreePort();
  const launch = (): Promise<LocalDatabase> =>
    startLocalDatabase({ dataDir, requireManaged: true, port, log: () => {} });
  let running: LocalDatabase | undefined = await launch();
  const first = running;
  const uri = running.uri.replace(/\/$/, '');
  return {
    port,
    uri,
    databaseUri: `${uri}/amanat_fault_${label.replace(/[^a-z0-9]/gi, '')}`,
    isRunning: () => running !== undefined,
    stop: async (how) => {
      const current = running;
      running = undefined;
      if (how === 'kill') await current?.kill();
      else await current?.stop();
    },
    start: async () => {
      running ??= await launch();
    },
    dispose: async () => {
      await running?.stop();
      running = undefined;
      first.remove();
    },
  };
}

export interface FaultOrganisation {
  readonly directory: VerifiedDirectory;
  /** Environment for `server/main.ts`; MONGODB_URI is given per process. */
  readonly env: Readonly<Record<string, string>>;
}

/** A TEST-ONLY organisation, one caseworker and a published directory in `databaseUri`. */
export async function prepareOrganisation(
  label: string,
  databaseUri: string,
): Promise<FaultOrganisation> {
  const setup = await createTestApp({ label, caseworkers: 1, mongodbUri: databaseUri });
  await setup.close({ keepDatabase: true });
  return faultOrganisationOf(setup);
}

/** The organisation of a test app, for app processes on the same database. */
export function faultOrganisationOf(setup: TestApp): FaultOrganisation {
  return {
    directory: setup.directory,
    env: {
      NODE_ENV: 'test',
      ORG_FINGERPRINT: setup.config.orgFingerprint,
      ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
      FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      ALERT_ADDRESS_KEY: randomBytes(32).toString('hex'),
      // Load from one address: the per-address limit is not what these tests are about.
      INTAKE_RATE_LIMIT: '1000000',
      RETENTION_SWEEP_MINUTES: '0',
    },
  };
}

/** Starts `server/main.ts` on a fixed port, so a restarted app answers at the same address. */
export async function startApp(
  organisation: FaultOrganisation,
  mongodbUri: string,
  port: number,
): Promise<ServerProcess> {
  return await startServerProcess({
    ...organisation.env,
    MONGODB_URI: mongodbUri,
    PORT: String(port),
  });
}

export async function buildSubmissions(
  directory: VerifiedDirectory,
  count: number,
): Promise<ReportSubmissionBody[]> {
  const bodies: ReportSubmissionBody[] = [];
  for (let i = 0; i < count; i++) {
    const { body } = await buildSubmission(directory, {
      report: {
        locale: 'en',
        incidentType: 'pressure_to_return',
        whatHappened: `TEST ONLY fault-test report ${i}`,
      },
    });
    bodies.push(body);
  }
  return bodies;
}

/** What one attempt to send a submission got back. */
export interface Answer {
  /** HTTP status, or 0 when no answer came (connection refused, reset or timed out). */
  readonly status: number;
  readonly code?: string | undefined;
  readonly caseId?: string | undefined;
  readonly replayed: boolean;
  readonly retryAfter: string | null;
  /** No answer: `refused` (nothing listening), `dropped` (connection broke), `timeout`. */
  readonly failure?: 'refused' | 'dropped' | 'timeout';
}

/** How long a test client waits for one answer before it counts the request as hung. */
const ANSWER_TIMEOUT_MS = 30_000;
/** Test reporters honour Retry-After up to this (the page waits longer; tests must stay short). */
const MAX_WAIT_MS = 1000;
const NO_ANSWER_WAIT_MS = 250;

/**
 * Every answer to every submission, in order. The client's view of what happened: compared with
 * the database by `audit`.
 */
export class SubmissionLedger {
  private readonly answers: Answer[][];
  private nextIndex = 0;
  private stopped = false;
  /** Answers a reporter sends again after. */
  private readonly temporary: readonly number[];
  /** Answers a fault may cause: none, 201, or a temporary one (never 429: faults do not limit). */
  private readonly faultAnswers: readonly number[];

  /**
   * `temporaryStatuses`: what the reporter page retries besides no answer (default 503 and 429,
   * the app's own). Behind the proxy the page also meets 502 and 504 (an instance gone).
   */
  constructor(
    readonly bodies: readonly ReportSubmissionBody[],
    options: { readonly temporaryStatuses?: readonly number[] } = {},
  ) {
    this.answers = bodies.map(() => []);
    this.temporary = options.temporaryStatuses ?? [503, 429];
    this.faultAnswers = [0, 201, ...this.temporary.filter((status) => status !== 429)];
  }

  /** POSTs submission `index` once and records the answer. */
  async sendOnce(baseUrl: string, index: number): Promise<Answer> {
    const body = this.bodies[index];
    if (!body) throw new Error(`no submission ${index}`);
    const answer = await postSubmission(baseUrl, body);
    this.answers[index]!.push(answer);
    return answer;
  }

  /**
   * `concurrency` reporters take submissions in order; each sends its submission until it gets a
   * 201, waiting as told by Retry-After (capped) or briefly after no answer, as the reporter page
   * does. Resolves when every submission got a 201 or `deadline` passed.
   */
  async run(
    baseUrl: string,
    options: { readonly concurrency: number; readonly deadline: number },
  ): Promise<void> {
    const reporter = async (): Promise<void> => {
      for (;;) {
        const index = this.nextIndex++;
        if (index >= this.bodies.length || this.stopped) return;
        while (!this.isAccepted(index) && !this.stopped && Date.now() < options.deadline) {
          const answer = await this.sendOnce(baseUrl, index);
          if (answer.status === 201) break;
          if (answer.status !== 0 && !this.temporary.includes(answer.status)) break;
          await sleep(waitBeforeRetry(answer));
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, reporter));
  }

  /** Sends every submission without a 201 again, one at a time, until each has one or time is up. */
  async retryUnaccepted(baseUrl: string, deadline: number): Promise<number> {
    let resent = 0;
    for (const index of this.unaccepted()) {
      while (!this.isAccepted(index) && !this.stopped && Date.now() < deadline) {
        resent += 1;
        const answer = await this.sendOnce(baseUrl, index);
        if (answer.status !== 201) await sleep(waitBeforeRetry(answer));
      }
    }
    return resent;
  }

  isAccepted(index: number): boolean {
    return this.answers[index]!.some((answer) => answer.status === 201);
  }

  acceptedCount(): number {
    return this.bodies.filter((_, index) => this.isAccepted(index)).length;
  }

  unaccepted(): number[] {
    return this.bodies.map((_, index) => index).filter((index) => !this.isAccepted(index));
  }

  /** Every answer, flattened. */
  all(): Answer[] {
    return this.answers.flat();
  }

  count(predicate: (answer: Answer) => boolean): number {
    return this.all().filter(predicate).length;
  }

  /** Stops every reporter after its current request (a failed test must not leave them running). */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Waits until `condition` holds (checked every 50 ms). Throws after `timeoutMs`, or at once
   * when an answer no fault may cause arrives (a 5xx other than 503, a 4xx).
   */
  async waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const { otherStatuses } = this.summary();
      if (otherStatuses.length > 0) {
        throw new Error(`answered ${otherStatuses.join(', ')} while waiting for ${what}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  /** Numbers for the test's log and report. */
  summary(): LedgerSummary {
    const all = this.all();
    return {
      submissions: this.bodies.length,
      attempts: all.length,
      retries: all.length - this.bodies.filter((_, i) => this.answers[i]!.length > 0).length,
      accepted: this.acceptedCount(),
      acceptedFresh: all.filter((a) => a.status === 201 && !a.replayed).length,
      acceptedReplayed: all.filter((a) => a.status === 201 && a.replayed).length,
      unavailable503: all.filter((a) => a.status === 503).length,
      noAnswerRefused: all.filter((a) => a.failure === 'refused').length,
      noAnswerDropped: all.filter((a) => a.failure === 'dropped').length,
      noAnswerTimeout: all.filter((a) => a.failure === 'timeout').length,
      otherStatuses: [
        ...new Set(all.map((a) => a.status).filter((s) => !this.faultAnswers.includes(s))),
      ],
    };
  }

  /**
   * The client's view against the database: each submission answered 201 is stored exactly once
   * under the caseId its 201s named (all of them the same), with its triage record; the `reports`
   * collection holds one document per submission sent and nothing else.
   */
  async audit(databaseUri: string): Promise<AuditResult> {
    const problems: string[] = [];
    const client = await MongoClient.connect(databaseUri, { serverSelectionTimeoutMS: 10_000 });
    try {
      const db = client.db();
      const stored = await db
        .collection<{ _id: string; submissionId: string }>('reports')
        .find({}, { projection: { _id: 1, submissionId: 1 } })
        .toArray();
      const caseIds = new Set(
        (
          await db
            .collection<{ _id: string }>('cases')
            .find({}, { projection: { _id: 1 } })
            .toArray()
        ).map((document) => document._id),
      );
      const storedBySubmission = new Map<string, string[]>();
      for (const document of stored) {
        storedBySubmission.set(document.submissionId, [
          ...(storedBySubmission.get(document.submissionId) ?? []),
          document._id,
        ]);
      }
      // How many submissions went wrong in each way (each named in the problems below).
      const found = {
        lost: 0,
        duplicated: 0,
        wrongCaseId: 0,
        conflictingAnswers: 0,
        twiceFresh: 0,
        withoutCase: 0,
      };
      const sent = new Set<string>();
      for (const [index, body] of this.bodies.entries()) {
        sent.add(body.submissionId);
        const accepts = this.answers[index]!.filter((answer) => answer.status === 201);
        const answeredCaseIds = new Set(accepts.map((answer) => answer.caseId));
        const storedIds = storedBySubmission.get(body.submissionId) ?? [];
        if (accepts.length === 0 || storedIds.length === 0) found.lost += 1;
        if (storedIds.length > 1) found.duplicated += 1;
        if (answeredCaseIds.size > 1) found.conflictingAnswers += 1;
        if (accepts.filter((answer) => !answer.replayed).length > 1) found.twiceFresh += 1;
        const [answered] = answeredCaseIds;
        if (answered !== undefined && storedIds.length === 1 && storedIds[0] !== answered)
          found.wrongCaseId += 1;
        for (const caseId of storedIds) if (!caseIds.has(caseId)) found.withoutCase += 1;
      }
      const unexpected = stored.filter((document) => !sent.has(document.submissionId)).length;
      const add = (count: number, what: string): void => {
        if (count > 0) problems.push(`${count} ${what}`);
      };
      add(found.lost, 'lost (never answered 201, or answered 201 but not stored)');
      add(found.duplicated, 'stored more than once');
      add(found.wrongCaseId, 'stored under a caseId other than the one answered');
      add(found.conflictingAnswers, 'answered 201 with different caseIds');
      add(found.twiceFresh, 'answered 201 without Idempotent-Replayed more than once');
      add(found.withoutCase, 'stored without a triage record (no case in the inbox)');
      add(unexpected, 'stored although never sent');
      if (stored.length !== this.bodies.length)
        problems.push(`${stored.length} reports stored for ${this.bodies.length} submissions`);
      return {
        problems,
        submissions: this.bodies.length,
        stored: stored.length,
        distinctStored: storedBySubmission.size,
        lost: found.lost,
        duplicated: found.duplicated,
      };
    } finally {
      await client.close();
    }
  }
}

export interface LedgerSummary {
  readonly submissions: number;
  readonly attempts: number;
  /** Attempts beyond the first for each submission. */
  readonly retries: number;
  readonly accepted: number;
  readonly acceptedFresh: number;
  readonly acceptedReplayed: number;
  readonly unavailable503: number;
  readonly noAnswerRefused: number;
  readonly noAnswerDropped: number;
  readonly noAnswerTimeout: number;
  readonly otherStatuses: readonly number[];
}

export interface AuditResult {
  readonly problems: readonly string[];
  readonly submissions: number;
  readonly stored: number;
  readonly distinctStored: number;
  readonly lost: number;
  readonly duplicated: number;
}

async function postSubmission(baseUrl: string, body: ReportSubmissionBody): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
  } catch (error) {
    return { status: 0, replayed: false, retryAfter: null, failure: classifyFailure(error) };
  }
  let parsed: { caseId?: string; error?: { code?: string } } = {};
  try {
    parsed = (await response.json()) as typeof parsed;
  } catch {
    // the connection broke while the body was on its way
    return { status: 0, replayed: false, retryAfter: null, failure: 'dropped' };
  }
  return {
    status: response.status,
    code: parsed.error?.code,
    caseId: parsed.caseId,
    replayed: response.headers.get('Idempotent-Replayed') === 'true',
    retryAfter: response.headers.get('Retry-After'),
  };
}

function classifyFailure(error: unknown): 'refused' | 'dropped' | 'timeout' {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED' ? 'refused' : 'dropped';
}

function waitBeforeRetry(answer: Answer): number {
  if (answer.status === 0) return NO_ANSWER_WAIT_MS;
  const seconds = Number(answer.retryAfter);
  return Number.isFinite(seconds) && seconds > 0
    ? Math.min(seconds * 1000, MAX_WAIT_MS)
    : NO_ANSWER_WAIT_MS;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
