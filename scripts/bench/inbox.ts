/**
 * `npm run bench:inbox`: "the inbox with 10,000 cases stays responsive" (issue 5), measured as
 * ratios against baselines taken in the same run on the same machine (DESIGN.md "Budgets").
 *
 *   npx tsx scripts/bench/inbox.ts [--cases 10000] [--requests 30] [--warmup 5]
 *                                  [--server-seconds 150] [--distinct-reports 50]
 *                                  [--seed-concurrency 8] [--browser-runs 5] [--no-audit-history]
 *
 * Flags may also come from BENCH_INBOX_CASES, BENCH_INBOX_REQUESTS, BENCH_INBOX_WARMUP,
 * BENCH_INBOX_SERVER_SECONDS, BENCH_INBOX_DISTINCT_REPORTS, BENCH_INBOX_SEED_CONCURRENCY,
 * BENCH_INBOX_BROWSER_RUNS. MONGODB_URI, if set, names the database server to use; otherwise a
 * local one is started (scripts/local-db, data under .data/bench/inbox-db) and stopped after.
 *
 * Run time: on mongod the server phase takes seconds. On FerretDB v1 (SQLite) every one of these
 * requests scans whole collections, so one round takes tens of seconds at 10,000 cases; the
 * measured phase then stops at --server-seconds (the output says so) to keep the run near five
 * minutes. `--server-seconds 1200` gets all --requests rounds.
 *
 * Method:
 * 1. A fresh database; the real server in a child process (target-process.ts, as bench:intake);
 *    a BENCH ONLY organisation key and one caseworker key in a published, signed directory; one
 *    caseworker enrolled and signed in through the real routes (invite → accept → TOTP → login →
 *    TOTP second factor), and four invited colleagues that cases are assigned to.
 * 2. --cases cases seeded straight into the database (inbox-fixture.ts): --distinct-reports
 *    realistic report documents (1-4 KB JSON) encrypted to the directory once and their bytes
 *    reused; triage fields spread over a year (status by age, priorities, deadlines with some
 *    overdue, labels, assignees; closed cases within retention), the same every run (seeded
 *    PRNG); and the audit history that triage would have written (--no-audit-history: none).
 * 3. Server time: sequential requests with a keep-alive connection, interleaved round by round
 *    after up to --warmup rounds (no new warm-up round after 15 s): (a) the filtered first page,
 *    (b) page 100 sorted by date received, (c) one case (a different one each time), against
 *    (d) GET /api/auth/session, a signed-in request that reads the session, its account and
 *    factors. p50/p95 and ratios to (d). Then the database calls behind them, timed directly.
 * 4. Browser time: in Chromium, the caseworker key is unlocked once, then the 50 reports of page
 *    (a) are decrypted one after another with client/crypto; baseline: WebCrypto AES-GCM
 *    decrypting 50 messages of the same sizes. Median of --browser-runs passes after a warm-up.
 *
 * Reports only: exits 0 however slow (1 only if the bench itself fails: an error, a non-200
 * answer, a page that does not hold what was seeded). Results also go to .data/bench/inbox.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Connection } from 'mongoose';
import { AccountsRepository } from '../../server/features/accounts';
import { AuditLogRepository, caseRefOf } from '../../server/features/audit';
import { ReportRepository } from '../../server/features/intake';
import { CasesRepository } from '../../server/features/triage';
import { dayOf } from '../../server/platform/days';
import type { LocalDatabase } from '../local-db/local-db';
import { bundleDecryptPage, runDecryptPage } from './inbox-browser';
import {
  BENCH_KEY_PASSPHRASE,
  encryptReportPool,
  planCases,
  seedAuditHistory,
  seedCases,
  seededRandom,
  setUpOrganisation,
  type CasePlan,
} from './inbox-fixture';
import type { DecryptBenchResult } from './inbox-page-decrypt';
import { enrolAndSignIn, inviteColleagues, type StaffHttpClient } from './inbox-staff';
import {
  benchUri,
  Cleanup,
  connectBenchDatabase,
  progress,
  startBenchDatabase,
  write,
} from './bench-support';
import { startTargetProcess, type TargetProcess } from './target-process';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BENCH_DIR = join(REPO_ROOT, '.data', 'bench');
const DATA_DIR = join(BENCH_DIR, 'inbox-db');
const PAGE_DIR = join(BENCH_DIR, 'inbox-decrypt-page');
const RESULT_FILE = join(BENCH_DIR, 'inbox.json');
const BENCH_DATABASE = 'amanat_inbox_bench';
/** Fixed, so every run seeds the same cases (case ids and ciphertexts differ; shapes do not). */
const SEED = 20_260_505;
const COLLEAGUES = 4;
const PAGE_SIZE = 50;
const DEEP_PAGE = 100;
/** The database-side breakdown repeats each call this many times (information only). */
const BREAKDOWN_REPEATS = 3;
/** ...and stops repeating a call once this much time went into it. */
const BREAKDOWN_MAX_SECONDS_PER_CALL = 4;
/** No new warm-up round after this long (at least one round is always run). */
const WARMUP_MAX_SECONDS = 15;

interface BenchOptions {
  readonly cases: number;
  readonly requests: number;
  readonly warmup: number;
  readonly distinctReports: number;
  readonly seedConcurrency: number;
  readonly browserRuns: number;
  readonly serverSeconds: number;
  readonly auditHistory: boolean;
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const integer = (min: number, max: number) => (raw: string) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
  const option = (flags: string, description: string, env: string, min: number, max: number) =>
    new Option(flags, description).env(env).argParser(integer(min, max));
  const program = new Command('bench:inbox')
    .description('Inbox responsiveness with many cases: server and browser time, as ratios')
    .addOption(
      option('--cases <n>', 'cases to seed', 'BENCH_INBOX_CASES', 100, 200_000).default(10_000),
    )
    .addOption(
      option(
        '--requests <n>',
        'measured requests of each kind',
        'BENCH_INBOX_REQUESTS',
        1,
        10_000,
      ).default(30),
    )
    .addOption(
      option(
        '--warmup <n>',
        'warm-up rounds (not measured)',
        'BENCH_INBOX_WARMUP',
        0,
        1000,
      ).default(5),
    )
    .addOption(
      option(
        '--distinct-reports <n>',
        'distinct encrypted reports, reused',
        'BENCH_INBOX_DISTINCT_REPORTS',
        1,
        1000,
      ).default(50),
    )
    .addOption(
      option(
        '--seed-concurrency <n>',
        'reports written at once while seeding',
        'BENCH_INBOX_SEED_CONCURRENCY',
        1,
        64,
      ).default(8),
    )
    .addOption(
      option(
        '--browser-runs <n>',
        'timed decryption passes in Chromium',
        'BENCH_INBOX_BROWSER_RUNS',
        1,
        100,
      ).default(5),
    )
    .addOption(
      option(
        '--server-seconds <n>',
        'no new measured round after this long',
        'BENCH_INBOX_SERVER_SECONDS',
        1,
        36_000,
      ).default(150),
    )
    .option('--no-audit-history', 'do not seed the audit history triage would have written')
    .parse(argv);
  const raw = program.opts<{
    cases: number;
    requests: number;
    warmup: number;
    distinctReports: number;
    seedConcurrency: number;
    browserRuns: number;
    serverSeconds: number;
    auditHistory: boolean;
  }>();
  return { ...raw };
}

// ---------------------------------------------------------------------------------------------
// Set-up

/** The app's configuration: what a deployment sets, with throwaway secrets. */
function amanatEnv(mongodbUri: string, orgFingerprint: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    PUBLIC_ORIGIN: 'http://localhost:8080',
    MONGODB_URI: mongodbUri,
    ORG_FINGERPRINT: orgFingerprint,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    // No retention sweep while measuring (the seeded closed cases are all within retention).
    RETENTION_SWEEP_MINUTES: '0',
  };
}

// ---------------------------------------------------------------------------------------------
// Server time

interface Stats {
  readonly n: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], quantile: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))]!;
}

function statsOf(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    meanMs: sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, sorted.length),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

type RequestKey = 'filtered' | 'deepPage' | 'caseView' | 'session';

interface RequestKind {
  readonly key: RequestKey;
  readonly label: string;
  path(round: number): string;
  /** Throws if the answer is not what the seeded data says it must be. */
  check(body: unknown, round: number): void;
}

interface CaseListBody {
  cases: { caseId: string; report: string | null; priority: string; status: string }[];
  total: number;
  page: number;
}

interface ServerMeasurement {
  readonly results: Record<RequestKey, KindResult>;
  readonly lastFilteredPage: CaseListBody;
  readonly warmupRounds: number;
  readonly warmupSeconds: number;
  readonly measuredRounds: number;
  readonly measuredSeconds: number;
  /** True when --server-seconds ran out before --requests rounds. */
  readonly cutAtBudget: boolean;
}

interface KindResult {
  readonly label: string;
  readonly path: string;
  readonly stats: Stats;
  readonly responseBytes: number;
  readonly samplesMs: readonly number[];
}

function requestKinds(plans: readonly CasePlan[], viewIds: readonly string[]): RequestKind[] {
  const filteredTotal = plans.filter(
    (plan) =>
      (plan.status === 'new' || plan.status === 'acknowledged') && plan.priority === 'urgent',
  ).length;
  const expectCases = (body: unknown, total: number, length: number, what: string): void => {
    const list = body as CaseListBody;
    if (list.total !== total || list.cases.length !== length) {
      throw new Error(
        `${what}: ${list.cases.length} cases of ${list.total}, expected ${length} of ${total}`,
      );
    }
    if (list.cases.some((item) => typeof item.report !== 'string' || item.report.length === 0)) {
      throw new Error(`${what}: a case without its report`);
    }
  };
  return [
    {
      key: 'filtered',
      label: '(a) filtered first page',
      path: () =>
        `/api/cases?status=new,acknowledged&priority=urgent&sort=urgency&pageSize=${PAGE_SIZE}`,
      check: (body) => {
        expectCases(body, filteredTotal, Math.min(PAGE_SIZE, filteredTotal), 'filtered page');
        const list = body as CaseListBody;
        if (
          list.cases.some(
            (item) => item.priority !== 'urgent' || !['new', 'acknowledged'].includes(item.status),
          )
        ) {
          throw new Error('filtered page: a case that does not match the filter');
        }
      },
    },
    {
      key: 'deepPage',
      label: `(b) page ${DEEP_PAGE} by date received`,
      path: () => `/api/cases?sort=received&page=${DEEP_PAGE}&pageSize=${PAGE_SIZE}`,
      check: (body) =>
        expectCases(
          body,
          plans.length,
          Math.max(0, Math.min(PAGE_SIZE, plans.length - (DEEP_PAGE - 1) * PAGE_SIZE)),
          'deep page',
        ),
    },
    {
      key: 'caseView',
      label: '(c) one case',
      path: (round) => `/api/cases/${viewIds[round % viewIds.length]}`,
      check: (body, round) => {
        const view = body as { case?: { caseId?: string; report?: string } };
        if (view.case?.caseId !== viewIds[round % viewIds.length] || !view.case?.report) {
          throw new Error('case view: not the case asked for');
        }
      },
    },
    {
      key: 'session',
      label: '(d) session (baseline)',
      path: () => '/api/auth/session',
      check: (body) => {
        if ((body as { stage?: string }).stage !== 'full')
          throw new Error('session: not signed in');
      },
    },
  ];
}

/**
 * Rounds of one request of each kind, sequentially, the order rotating each round so no kind
 * always follows another. Warm-up: up to --warmup rounds, but no new round after
 * WARMUP_MAX_SECONDS. Measured: --requests rounds, but no new round once --server-seconds have
 * passed (on FerretDB v1 one round of 10,000 cases takes tens of seconds). Every answer is
 * checked after it is timed.
 */
async function measureServer(
  client: StaffHttpClient,
  kinds: readonly RequestKind[],
  options: BenchOptions,
): Promise<ServerMeasurement> {
  const samples = new Map<RequestKey, number[]>(kinds.map((kind) => [kind.key, []]));
  const bytes = new Map<RequestKey, number>();
  let lastFilteredPage: CaseListBody | undefined;
  let round = 0;
  const runRound = async (record: boolean): Promise<void> => {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(k + round) % kinds.length]!;
      const path = kind.path(round);
      const started = performance.now();
      const response = await client.get(path);
      const elapsedMs = performance.now() - started;
      if (response.status !== 200) {
        throw new Error(`${kind.label}: GET ${path} answered ${response.status}`);
      }
      const body: unknown = JSON.parse(response.body.toString('utf8'));
      kind.check(body, round);
      if (kind.key === 'filtered') lastFilteredPage = body as CaseListBody;
      bytes.set(kind.key, response.body.length);
      if (record) samples.get(kind.key)!.push(elapsedMs);
    }
    round += 1;
  };

  const warmupStarted = performance.now();
  let warmupRounds = 0;
  while (
    warmupRounds < options.warmup &&
    (warmupRounds === 0 || performance.now() - warmupStarted < WARMUP_MAX_SECONDS * 1000)
  ) {
    await runRound(false);
    warmupRounds += 1;
  }
  const warmupSeconds = (performance.now() - warmupStarted) / 1000;
  progress(`server warm-up: ${warmupRounds} rounds in ${warmupSeconds.toFixed(1)} s`);

  const measureStarted = performance.now();
  let measuredRounds = 0;
  let cutAtBudget = false;
  while (measuredRounds < options.requests) {
    if (measuredRounds > 0 && performance.now() - measureStarted > options.serverSeconds * 1000) {
      cutAtBudget = true;
      break;
    }
    await runRound(true);
    measuredRounds += 1;
    if (measuredRounds % 5 === 0) progress(`server: ${measuredRounds}/${options.requests} rounds`);
  }
  const measuredSeconds = (performance.now() - measureStarted) / 1000;
  const results = {} as Record<RequestKey, KindResult>;
  for (const kind of kinds) {
    const kindSamples = samples.get(kind.key)!;
    results[kind.key] = {
      label: kind.label,
      path: kind.path(0),
      stats: statsOf(kindSamples),
      responseBytes: bytes.get(kind.key) ?? 0,
      samplesMs: kindSamples.map((ms) => Number(ms.toFixed(3))),
    };
  }
  return {
    results,
    lastFilteredPage: lastFilteredPage!,
    warmupRounds,
    warmupSeconds,
    measuredRounds,
    measuredSeconds,
    cutAtBudget,
  };
}

// ---------------------------------------------------------------------------------------------
// Where the server's time goes: the same database calls, from this process (information only).

interface BreakdownRow {
  readonly call: string;
  readonly p50Ms: number;
  readonly n: number;
}

/** Up to BREAKDOWN_REPEATS timed calls (no warm-up: the server phase warmed the database). */
async function timeCall(call: () => Promise<unknown>): Promise<{ p50Ms: number; n: number }> {
  const samples: number[] = [];
  let spentMs = 0;
  while (samples.length < BREAKDOWN_REPEATS && spentMs < BREAKDOWN_MAX_SECONDS_PER_CALL * 1000) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
    spentMs += samples.at(-1)!;
  }
  return { p50Ms: statsOf(samples).p50Ms, n: samples.length };
}

async function databaseBreakdown(
  connection: Connection,
  firstPageIds: readonly string[],
  viewId: string,
): Promise<BreakdownRow[]> {
  const cases = new CasesRepository(connection);
  const reports = new ReportRepository(connection);
  const accounts = new AccountsRepository(connection);
  const audit = new AuditLogRepository(connection);
  const collection = connection.db!.collection('cases');
  // Each update changes the field (FerretDB skips writing a document that did not change).
  let flip = (await cases.findById(viewId))?.legalHold ?? false;
  const rows: [string, () => Promise<unknown>][] = [
    [
      'cases: find filtered, sort urgency, limit 50',
      () =>
        collection
          .find({ status: { $in: ['new', 'acknowledged'] }, priority: 'urgent' })
          .sort({ priorityRank: 1, deadline: 1, receivedOn: 1, _id: 1 })
          .limit(PAGE_SIZE)
          .toArray(),
    ],
    [
      'cases: count filtered',
      () =>
        collection.countDocuments({ status: { $in: ['new', 'acknowledged'] }, priority: 'urgent' }),
    ],
    ['cases: CasesRepository.listAll (what the inbox snapshot loads)', () => cases.listAll()],
    [
      `reports: ${firstPageIds.length} reads by _id, concurrent (as listInbox)`,
      () => Promise.all(firstPageIds.map((id) => reports.findByCaseId(id))),
    ],
    ['reports: one read by _id', () => reports.findByCaseId(viewId)],
    ['accounts: list all (usernames)', () => accounts.listAll()],
    ['audit: history of one case (details.case)', () => audit.listForCase(caseRefOf(viewId))],
    [
      'cases: CasesRepository.update of one field by _id (PATCH)',
      () => cases.update(viewId, { legalHold: (flip = !flip) }),
    ],
  ];
  const out: BreakdownRow[] = [];
  for (const [call, run] of rows) {
    out.push({ call, ...(await timeCall(run)) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Output

interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly database: string;
  readonly loadAverage1m: number;
  chromium?: string;
}

function describeMachine(database: LocalDatabase, loadAtStart: number): MachineInfo {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${arch()}`,
    database: database.kind,
    loadAverage1m: Number(loadAtStart.toFixed(2)),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, index) => (index === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[index]!)))
    .join('  ');
}

interface BrowserResults {
  readonly reports: number;
  readonly messageBytes: number;
  readonly plaintextBytes: number;
  readonly unlockMs: number;
  readonly base64Ms: number;
  readonly openpgpColdMs: number;
  readonly openpgpMedianMs: number;
  readonly openpgpPerSummaryMs: number;
  readonly aesGcmMedianMs: number;
  readonly aesGcmPerMessageMs: number;
  readonly ratioOpenpgpToAesGcm: number;
  readonly runs: { openpgpMs: readonly number[]; aesGcmMs: readonly number[] };
}

function browserResults(reports: number, raw: DecryptBenchResult): BrowserResults {
  const openpgpMedianMs = median(raw.openpgpMs);
  const aesGcmMedianMs = median(raw.aesGcmMs);
  return {
    reports,
    messageBytes: raw.messageBytes,
    plaintextBytes: raw.plaintextBytes,
    unlockMs: raw.unlockMs,
    base64Ms: raw.base64Ms,
    openpgpColdMs: raw.openpgpColdMs,
    openpgpMedianMs,
    openpgpPerSummaryMs: openpgpMedianMs / reports,
    aesGcmMedianMs,
    aesGcmPerMessageMs: aesGcmMedianMs / reports,
    ratioOpenpgpToAesGcm: openpgpMedianMs / aesGcmMedianMs,
    runs: { openpgpMs: raw.openpgpMs, aesGcmMs: raw.aesGcmMs },
  };
}

interface SeedResults {
  readonly cases: number;
  readonly distinctReports: number;
  readonly reportBytes: { min: number; max: number; mean: number };
  readonly encryptSeconds: number;
  readonly seedSeconds: number;
  readonly reportsSeconds: number;
  readonly triageSeconds: number;
  readonly auditEntries: number;
  readonly auditSeconds: number;
  readonly filteredTotal: number;
  readonly open: number;
  readonly overdue: number;
  readonly assigned: number;
}

function printResults(results: {
  machine: MachineInfo;
  seed: SeedResults;
  measurement: ServerMeasurement;
  breakdown: readonly BreakdownRow[];
  browser: BrowserResults;
  elapsedSeconds: number;
  requestedRounds: number;
}): void {
  const { machine, seed, measurement, browser } = results;
  const server = measurement.results;
  write();
  write('=== Amanat inbox benchmark (issue 5: the inbox with 10,000 cases stays responsive) ===');
  write(
    `machine: ${machine.cpus} cpus (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, ` +
      `node ${machine.node}, db ${machine.database}, chromium ${machine.chromium ?? '?'}, ` +
      `load average at start ${machine.loadAverage1m}`,
  );
  write(
    `seeded: ${seed.cases} cases (${seed.open} open, ${seed.overdue} overdue, ${seed.assigned} assigned; ` +
      `${seed.filteredTotal} match filter (a)) from ${seed.distinctReports} distinct reports of ` +
      `${seed.reportBytes.min}-${seed.reportBytes.max} B plaintext (mean ${seed.reportBytes.mean.toFixed(0)}), ` +
      `${seed.auditEntries} audit entries`,
  );
  write(
    `seeding took ${seed.seedSeconds.toFixed(1)} s (${(seed.cases / seed.seedSeconds) | 0} cases/s): reports ` +
      `${seed.reportsSeconds.toFixed(1)} s, triage records ${seed.triageSeconds.toFixed(1)} s; audit history ` +
      `${seed.auditSeconds.toFixed(1)} s; encrypting the ${seed.distinctReports} reports ${seed.encryptSeconds.toFixed(1)} s`,
  );
  write();
  const baseline = server.session.stats;
  write(
    `Server time: ${measurement.measuredRounds} sequential requests of each kind in ` +
      `${measurement.measuredSeconds.toFixed(0)} s, interleaved, after ${measurement.warmupRounds} warm-up ` +
      `round(s) (ms from request to last body byte, keep-alive)`,
  );
  if (measurement.cutAtBudget) {
    write(
      `  CUT SHORT: the --server-seconds budget ran out after ${measurement.measuredRounds} of ` +
        `${results.requestedRounds} rounds; p95 of so few samples is close to the maximum`,
    );
  }
  const widths = [34, 9, 9, 9, 9, 10, 10, 11];
  write(
    row(
      ['request', 'p50 ms', 'p95 ms', 'mean', 'max', 'p50 ratio', 'p95 ratio', 'body bytes'],
      widths,
    ),
  );
  for (const key of ['filtered', 'deepPage', 'caseView', 'session'] as const) {
    const { stats, label, responseBytes } = server[key];
    write(
      row(
        [
          label,
          stats.p50Ms.toFixed(1),
          stats.p95Ms.toFixed(1),
          stats.meanMs.toFixed(1),
          stats.maxMs.toFixed(1),
          (stats.p50Ms / baseline.p50Ms).toFixed(1),
          (stats.p95Ms / baseline.p95Ms).toFixed(1),
          String(responseBytes),
        ],
        widths,
      ),
    );
  }
  for (const key of ['filtered', 'deepPage', 'caseView', 'session'] as const) {
    write(`  ${server[key].label}: GET ${server[key].path}`);
  }
  write();
  write(
    `Database calls behind them, from the bench process after the server stopped ` +
      `(p50 of up to ${BREAKDOWN_REPEATS}, information only):`,
  );
  for (const entry of results.breakdown) {
    write(row([`  ${entry.call}`, `${entry.p50Ms.toFixed(1)} ms`, `n=${entry.n}`], [62, 10, 4]));
  }
  write();
  write(
    `Browser time (Chromium): decrypting the ${browser.reports} reports of page (a), one after another ` +
      `(${browser.messageBytes} B of ciphertext, ${browser.plaintextBytes} B of JSON); median of ${browser.runs.openpgpMs.length} passes after a warm-up`,
  );
  const bw = [46, 10, 13];
  write(row(['', 'total ms', 'ms/summary'], bw));
  write(
    row(
      [
        'client/crypto decryptWithCaseworkerKey',
        browser.openpgpMedianMs.toFixed(1),
        browser.openpgpPerSummaryMs.toFixed(2),
      ],
      bw,
    ),
  );
  write(
    row(
      [
        '  first pass after unlock (cold)',
        browser.openpgpColdMs.toFixed(1),
        (browser.openpgpColdMs / browser.reports).toFixed(2),
      ],
      bw,
    ),
  );
  write(
    row(
      [
        'WebCrypto AES-GCM-256, same sizes (baseline)',
        browser.aesGcmMedianMs.toFixed(1),
        browser.aesGcmPerMessageMs.toFixed(2),
      ],
      bw,
    ),
  );
  write(
    `  ratio openpgp/aes-gcm = ${browser.ratioOpenpgpToAesGcm.toFixed(1)}; key unlocked once in ${browser.unlockMs.toFixed(0)} ms; ` +
      `base64 of the page decoded in ${browser.base64Ms.toFixed(1)} ms`,
  );
  write(
    `  runs ms: openpgp [${browser.runs.openpgpMs.map((ms) => ms.toFixed(1)).join(', ')}]  ` +
      `aes-gcm [${browser.runs.aesGcmMs.map((ms) => ms.toFixed(2)).join(', ')}]`,
  );
  write();
  write(
    `bench took ${results.elapsedSeconds.toFixed(1)} s; results in ${relative(REPO_ROOT, RESULT_FILE)}`,
  );
}

// ---------------------------------------------------------------------------------------------

async function runBench(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  mkdirSync(BENCH_DIR, { recursive: true });
  const pageBuilt = bundleDecryptPage(PAGE_DIR);

  const database = await startBenchDatabase(DATA_DIR, cleanup);
  const uri = benchUri(database.uri, BENCH_DATABASE);
  const connection = await connectBenchDatabase(uri, cleanup);

  progress('generating BENCH ONLY keys and publishing a signed recipient directory');
  const { organisation, caseworkerKey, directory } = await setUpOrganisation(connection);
  const random = seededRandom(SEED);
  const encryptStarted = performance.now();
  const pool = await encryptReportPool(directory, options.distinctReports, random);
  const encryptSeconds = (performance.now() - encryptStarted) / 1000;

  const server: TargetProcess = await startTargetProcess(
    { kind: 'amanat', env: amanatEnv(uri, organisation.fingerprint) },
    REPO_ROOT,
  );
  cleanup.add('stop server', () => server.stop());
  progress(`server listening at ${server.url}`);

  const colleagues = await inviteColleagues(connection, COLLEAGUES);
  const caseworker = await enrolAndSignIn(connection, server.url, 'bench.caseworker');
  progress(`caseworker ${caseworker.username} signed in (password + TOTP)`);

  const today = dayOf(new Date());
  const plans = planCases({
    count: options.cases,
    today,
    assigneeIds: [caseworker.accountId, ...colleagues],
    poolSize: pool.length,
    random,
  });
  progress(`seeding ${plans.length} cases (${options.seedConcurrency} at a time)`);
  const seedStarted = performance.now();
  const seeded = await seedCases(connection, plans, pool, options.seedConcurrency, progress);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const auditStarted = performance.now();
  const auditEntries = options.auditHistory
    ? await seedAuditHistory(connection, plans, caseworker.accountId)
    : 0;
  const auditSeconds = (performance.now() - auditStarted) / 1000;
  progress(
    `seeded in ${seedSeconds.toFixed(1)} s; ${auditEntries} audit entries in ${auditSeconds.toFixed(1)} s`,
  );

  const plaintextSizes = pool.map((report) => report.plaintextBytes);
  const seed: SeedResults = {
    cases: plans.length,
    distinctReports: pool.length,
    reportBytes: {
      min: Math.min(...plaintextSizes),
      max: Math.max(...plaintextSizes),
      mean: plaintextSizes.reduce((sum, n) => sum + n, 0) / plaintextSizes.length,
    },
    encryptSeconds,
    seedSeconds,
    reportsSeconds: seeded.reportsSeconds,
    triageSeconds: seeded.casesSeconds,
    auditEntries,
    auditSeconds,
    filteredTotal: plans.filter(
      (plan) =>
        (plan.status === 'new' || plan.status === 'acknowledged') && plan.priority === 'urgent',
    ).length,
    open: plans.filter((plan) => plan.status !== 'closed').length,
    overdue: plans.filter(
      (plan) => plan.status !== 'closed' && plan.deadline !== null && plan.deadline < today,
    ).length,
    assigned: plans.filter((plan) => plan.assigneeId !== null).length,
  };
  if (seed.filteredTotal < PAGE_SIZE) {
    progress(`warning: only ${seed.filteredTotal} cases match filter (a); page (a) is not full`);
  }

  // Case views: spread over the whole inbox, a different case each round.
  const viewRandom = seededRandom(SEED + 1);
  const viewIds = Array.from(
    { length: options.warmup + options.requests },
    () => plans[Math.floor(viewRandom() * plans.length)]!.caseId,
  );
  progress(
    `measuring server time: up to ${options.warmup} warm-up + ${options.requests} rounds ` +
      `(no new round after ${options.serverSeconds} s)`,
  );
  const measured = await measureServer(caseworker.client, requestKinds(plans, viewIds), options);
  await server.stop();

  progress('database breakdown');
  const breakdown = await databaseBreakdown(
    connection,
    measured.lastFilteredPage.cases.map((item) => item.caseId),
    viewIds[0]!,
  );

  progress('measuring browser time in Chromium');
  await pageBuilt;
  const reports = measured.lastFilteredPage.cases.map((item) => item.report!);
  const browserRun = await runDecryptPage(PAGE_DIR, {
    protectedSecretKey: caseworkerKey.protectedSecretKey,
    keyPassphrase: BENCH_KEY_PASSPHRASE,
    fingerprint: caseworkerKey.fingerprint,
    reports,
    warmups: 1,
    runs: options.browserRuns,
  });
  if (!browserRun.result.allReportsParsed) {
    throw new Error('a decrypted report is not an amanat-report/v1 document');
  }
  const browser = browserResults(reports.length, browserRun.result);

  const machine = describeMachine(database, loadAtStart);
  machine.chromium = browserRun.chromium;
  const elapsedSeconds = (performance.now() - started) / 1000;
  printResults({
    machine,
    seed,
    measurement: measured,
    breakdown,
    browser,
    elapsedSeconds,
    requestedRounds: options.requests,
  });
  const ratio = (key: RequestKey) => ({
    p50: measured.results[key].stats.p50Ms / measured.results.session.stats.p50Ms,
    p95: measured.results[key].stats.p95Ms / measured.results.session.stats.p95Ms,
  });
  writeFileSync(
    RESULT_FILE,
    `${JSON.stringify(
      {
        when: new Date().toISOString(),
        machine,
        options,
        seed,
        server: measured.results,
        serverRounds: {
          warmup: measured.warmupRounds,
          warmupSeconds: measured.warmupSeconds,
          measured: measured.measuredRounds,
          measuredSeconds: measured.measuredSeconds,
          requested: options.requests,
          cutAtBudget: measured.cutAtBudget,
        },
        serverRatiosToSession: {
          filtered: ratio('filtered'),
          deepPage: ratio('deepPage'),
          caseView: ratio('caseView'),
        },
        databaseBreakdown: breakdown,
        browser,
        elapsedSeconds,
      },
      null,
      2,
    )}\n`,
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const cleanup = new Cleanup();
  try {
    await runBench(options, cleanup);
  } finally {
    await cleanup.runAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:inbox failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
