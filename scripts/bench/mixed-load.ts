/**
 * `npm run bench:load`: mixed traffic against two app instances on one database, for a bounded
 * time, then an audit of what was stored (issue 7).
 *
 *   npx tsx scripts/bench/mixed-load.ts [--seconds 20] [--warmup-seconds 3] [--connections 16]
 *                                       [--max-reports 20000] [--message-bytes 4096]
 *
 * Flags may also come from BENCH_LOAD_SECONDS, BENCH_LOAD_WARMUP_SECONDS, BENCH_LOAD_CONNECTIONS,
 * BENCH_LOAD_MAX_REPORTS, BENCH_LOAD_MESSAGE_BYTES. MONGODB_URI, if set, names the database server
 * to use; otherwise a local one is started (scripts/local-db, data under .data/bench/load-db) and
 * stopped after.
 *
 * Method:
 * 1. A fresh database; a BENCH ONLY organisation key and caseworker key in a published, signed
 *    directory (as bench:inbox); ~4 KiB report submissions pre-built as bench:intake builds them;
 *    a pool of attachment parts of 32-256 KiB of ciphertext.
 * 2. Two instances of the real server (target-process.ts: `node --import tsx`, startServer as
 *    server/main.ts), each in its own process, same database, same secrets. The per-address rate
 *    limits are raised far above what a run sends, because every request comes from 127.0.0.1
 *    (the output says so). A caseworker enrols and signs in with password + TOTP, each step on
 *    the other instance, so its session is one both instances read from the database.
 * 3. --connections keep-alive connections, alternately to instance A and B, send mixed traffic
 *    (mixed-load-traffic.ts): report submissions, attachment parts after the 201, receipt
 *    look-ups right and wrong, inbox pages, and deliberate retries of reports and parts. A
 *    warm-up of up to --warmup-seconds sizes the supply of pre-built reports for --seconds.
 * 4. At the deadline no new request is sent and answers in flight are awaited. Whatever had no
 *    201 is re-sent (up to three passes, as a browser would retry), the instances stop, and the
 *    audit compares the client's ledger with the database (exactly-once.ts): every 201 has
 *    exactly one stored report under the caseId it named; no submissionId is stored twice; no
 *    report is stored without a 201; every part answered 201 is stored once, as sent; no stored
 *    report is half-stored (without its triage record, or not what was sent); and every answer
 *    had the status its kind must get.
 *
 * Exit code 1 if the audit fails. Results also go to .data/bench/mixed-load.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Connection } from 'mongoose';
import { hashReceiptVerifier } from '../../server/features/intake';
import { FERRETDB_VERSION, type LocalDatabase } from '../local-db/local-db';
import {
  AttachmentPartLedger,
  checkStoredReportsComplete,
  ReportLedger,
  type CompletenessReport,
  type ExactlyOnceReport,
  type PartsReport,
} from './exactly-once';
import type { PrebuiltBody } from './intake-fixture';
import {
  percentile,
  runMixedPhase,
  sendEach,
  type PhaseRecord,
  type Target,
} from './mixed-load-driver';
import {
  planReports,
  seededRandom,
  setUpLoadFixture,
  type AttachmentMix,
  type LoadFixture,
  type LoadReport,
} from './mixed-load-fixture';
import { signInAcrossInstances } from './mixed-load-staff';
import {
  DEFAULT_MIX,
  EXPECTED_STATUS,
  INBOX_PATH,
  KIND_LABELS,
  MixedTraffic,
  REQUEST_KINDS,
  type OutgoingRequest,
  type RequestKind,
} from './mixed-load-traffic';
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
const DATA_DIR = join(BENCH_DIR, 'load-db');
const RESULT_FILE = join(BENCH_DIR, 'mixed-load.json');
const BENCH_DATABASE = 'amanat_load_bench';
const KIB = 1024;
const MIB = 1024 * KIB;
/** Fixed, so every run draws the same mix (which request when; ciphertexts differ). */
const SEED = 20_260_708;
/** Reports pre-built for the warm-up; it ends early when they are all sent. */
const WARMUP_REPORTS = 150;
/** Bodies are pre-built for this many times the warm-up's report rate × --seconds. */
const SUPPLY_HEADROOM = 1.5;
const PART_POOL = { poolSize: 48, minBytes: 32 * KIB, maxBytes: 256 * KIB } as const;
const ATTACHMENTS: AttachmentMix = { reportsWithAttachment: 0.3, maxParts: 3 };
const RECOVERY_PASSES = 3;
const RECOVERY_CONCURRENCY = 8;
/** The highest config allows: every request of the bench comes from one address. */
const RAISED_LIMIT = '1000000';
const RAISED_LIMITS = {
  INTAKE_RATE_LIMIT: RAISED_LIMIT,
  RECEIPT_FAILED_LOOKUP_LIMIT: RAISED_LIMIT,
  RECEIPT_FOLLOW_UP_LIMIT: RAISED_LIMIT,
  ATTACHMENT_RATE_LIMIT: RAISED_LIMIT,
} as const;

interface BenchOptions {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly maxReports: number;
  readonly messageBytes: number;
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
  const program = new Command('bench:load')
    .description('Mixed traffic against two instances on one database, then an audit')
    .addOption(
      option('--seconds <n>', 'length of the measured phase', 'BENCH_LOAD_SECONDS', 1, 600).default(
        20,
      ),
    )
    .addOption(
      option(
        '--warmup-seconds <n>',
        'longest warm-up (not measured; sizes the run)',
        'BENCH_LOAD_WARMUP_SECONDS',
        1,
        60,
      ).default(3),
    )
    .addOption(
      option(
        '--connections <n>',
        'keep-alive connections, alternately to each instance',
        'BENCH_LOAD_CONNECTIONS',
        2,
        256,
      ).default(16),
    )
    .addOption(
      option(
        '--max-reports <n>',
        'cap on reports pre-built for the measured phase (~3 ms each)',
        'BENCH_LOAD_MAX_REPORTS',
        50,
        1_000_000,
      ).default(20_000),
    )
    .addOption(
      option(
        '--message-bytes <n>',
        'length of the armored encrypted report',
        'BENCH_LOAD_MESSAGE_BYTES',
        512,
        256 * KIB,
      ).default(4096),
    )
    .parse(argv);
  return { ...program.opts<BenchOptions>() };
}

// ---------------------------------------------------------------------------------------------
// Set-up

/** One configuration for both instances: they share secrets as a real deployment's do. */
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
    RETENTION_SWEEP_MINUTES: '0',
    ...RAISED_LIMITS,
  };
}

/** Started one after the other: each creates the indexes at start-up. */
async function startInstances(
  env: Record<string, string>,
  cleanup: Cleanup,
): Promise<{ targets: Target[]; stopAll(): Promise<void> }> {
  const targets: Target[] = [];
  const processes: TargetProcess[] = [];
  for (const name of ['A', 'B']) {
    const instance = await startTargetProcess({ kind: 'amanat', env }, REPO_ROOT);
    cleanup.add(`stop instance ${name}`, () => instance.stop());
    progress(`instance ${name} listening at ${instance.url}`);
    targets.push({ name, url: instance.url });
    processes.push(instance);
  }
  return {
    targets,
    stopAll: async () => {
      for (const instance of processes) await instance.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Run

interface Supply {
  readonly fixture: LoadFixture;
  readonly bodies: PrebuiltBody[];
  readonly planned: LoadReport[];
  readonly random: () => number;
}

/** Pre-builds `count` more reports and plans their attachments. */
async function addReports(supply: Supply, traffic: MixedTraffic, count: number): Promise<void> {
  const first = supply.bodies.length;
  const bodies = await supply.fixture.factory.build(count);
  supply.bodies.push(...bodies);
  const reports = planReports(bodies, first, supply.fixture.parts, ATTACHMENTS, supply.random);
  supply.planned.push(...reports);
  traffic.addReports(reports);
}

/** Re-sends what had no 201, up to RECOVERY_PASSES times; returns how many were re-sent. */
async function recover(
  what: string,
  pending: () => OutgoingRequest[],
  targets: readonly Target[],
): Promise<number> {
  let resent = 0;
  for (let pass = 1; pass <= RECOVERY_PASSES; pass++) {
    const requests = pending();
    if (requests.length === 0) break;
    progress(`re-sending ${requests.length} ${what} that got no 201 (pass ${pass})`);
    resent += requests.length;
    await sendEach(requests, targets, RECOVERY_CONCURRENCY);
  }
  return resent;
}

interface KindSummary {
  readonly label: string;
  readonly count: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** p50 of the first and of the last quarter of the answers, in the order they came. */
  readonly p50FirstQuarterMs: number;
  readonly p50LastQuarterMs: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly expectedStatus: number;
  readonly unexpected: number;
  readonly replayed: number;
  readonly requestMiB: number;
  readonly perInstance: Readonly<Record<string, number>>;
}

/** Whether a kind got slower during the phase (the database grows as it runs). */
function quarterTrend(latenciesMs: readonly number[]): {
  p50FirstQuarterMs: number;
  p50LastQuarterMs: number;
} {
  const quarter = Math.floor(latenciesMs.length / 4);
  if (quarter < 2) return { p50FirstQuarterMs: Number.NaN, p50LastQuarterMs: Number.NaN };
  return {
    p50FirstQuarterMs: percentile(latenciesMs.slice(0, quarter), 0.5),
    p50LastQuarterMs: percentile(latenciesMs.slice(-quarter), 0.5),
  };
}

function summarise(record: PhaseRecord): Record<RequestKind | 'all', KindSummary> {
  const seconds = record.elapsedSeconds || Number.NaN;
  const out = {} as Record<RequestKind | 'all', KindSummary>;
  const all: number[] = [];
  const allStatuses: Record<string, number> = {};
  let unexpected = 0;
  let replayed = 0;
  let bytes = 0;
  for (const kind of REQUEST_KINDS) {
    const entry = record.kinds[kind];
    all.push(...entry.latenciesMs);
    for (const [status, n] of Object.entries(entry.statusCounts)) {
      allStatuses[status] = (allStatuses[status] ?? 0) + n;
    }
    unexpected += entry.unexpected;
    replayed += entry.replayed;
    bytes += entry.requestBytes;
    out[kind] = {
      label: KIND_LABELS[kind],
      count: entry.latenciesMs.length,
      requestsPerSecond: entry.latenciesMs.length / seconds,
      p50Ms: percentile(entry.latenciesMs, 0.5),
      p99Ms: percentile(entry.latenciesMs, 0.99),
      ...quarterTrend(entry.latenciesMs),
      statusCounts: entry.statusCounts,
      expectedStatus: EXPECTED_STATUS[kind],
      unexpected: entry.unexpected,
      replayed: entry.replayed,
      requestMiB: entry.requestBytes / MIB,
      perInstance: entry.perTarget,
    };
  }
  out.all = {
    label: 'all',
    count: all.length,
    requestsPerSecond: all.length / seconds,
    p50Ms: percentile(all, 0.5),
    p99Ms: percentile(all, 0.99),
    p50FirstQuarterMs: Number.NaN,
    p50LastQuarterMs: Number.NaN,
    statusCounts: allStatuses,
    expectedStatus: 0,
    unexpected,
    replayed,
    requestMiB: bytes / MIB,
    perInstance: record.perTarget,
  };
  return out;
}

interface Audit {
  readonly pass: boolean;
  readonly problems: readonly string[];
  readonly reports: ExactlyOnceReport;
  readonly parts: PartsReport;
  readonly completeness: CompletenessReport;
  readonly unexpectedAnswers: number;
}

async function audit(
  connection: Connection,
  ledgers: { reports: ReportLedger; parts: AttachmentPartLedger },
  planned: readonly LoadReport[],
  recoveries: { reports: number; parts: number },
  unexpectedAnswers: number,
): Promise<Audit> {
  const reports = await ledgers.reports.verify(connection, recoveries.reports);
  const parts = await ledgers.parts.verify(connection, recoveries.parts);
  const completeness = await checkStoredReportsComplete(
    connection,
    planned.map((report) => ({
      caseId: report.caseId,
      submissionId: report.body.submissionId,
      receiptVerifierHash: hashReceiptVerifier(report.receiptVerifier),
    })),
  );
  const problems = [...reports.problems, ...parts.problems, ...completeness.problems];
  if (unexpectedAnswers > 0) {
    problems.push(
      `${unexpectedAnswers} answers other than the status their kind must get (see the table)`,
    );
  }
  return {
    pass: problems.length === 0,
    problems,
    reports,
    parts,
    completeness,
    unexpectedAnswers,
  };
}

interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  readonly database: string;
  readonly loadAverage1m: number;
}

function describeMachine(database: LocalDatabase, loadAtStart: number): MachineInfo {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${arch()}`,
    database:
      database.kind === 'ferretdb' ? `ferretdb ${FERRETDB_VERSION} (sqlite)` : database.kind,
    loadAverage1m: Number(loadAtStart.toFixed(2)),
  };
}

async function runBench(options: BenchOptions, cleanup: Cleanup): Promise<boolean> {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  mkdirSync(BENCH_DIR, { recursive: true });
  const database = await startBenchDatabase(DATA_DIR, cleanup);
  const uri = benchUri(database.uri, BENCH_DATABASE);
  const connection = await connectBenchDatabase(uri, cleanup);

  progress('generating BENCH ONLY keys, a signed directory and a pool of attachment parts');
  const fixture = await setUpLoadFixture(connection, options.messageBytes, PART_POOL);
  const instances = await startInstances(
    amanatEnv(uri, fixture.organisation.organisation.fingerprint),
    cleanup,
  );
  const { targets } = instances;
  const [a, b] = targets as [Target, Target];
  const session = await signInAcrossInstances(connection, [a.url, b.url], 'bench.caseworker');
  progress('caseworker signed in (invite, password and TOTP, alternating instances)');

  const random = seededRandom(SEED);
  const supply: Supply = { fixture, bodies: [], planned: [], random };
  const ledgers = {
    reports: new ReportLedger(supply.bodies),
    parts: new AttachmentPartLedger(),
  };
  const traffic = new MixedTraffic(
    ledgers.reports,
    ledgers.parts,
    session.cookieHeader,
    DEFAULT_MIX,
    random,
  );

  await addReports(supply, traffic, WARMUP_REPORTS);
  const warmup = await runMixedPhase(() => traffic.next(), {
    targets,
    connections: options.connections,
    seconds: options.warmupSeconds,
    stopEarly: () => traffic.reportsLeft === 0,
  });
  const warmupRate = warmup.kinds.report.latenciesMs.length / Math.max(0.1, warmup.elapsedSeconds);
  progress(
    `warm-up: ${warmup.requests} requests in ${warmup.elapsedSeconds.toFixed(1)} s, ` +
      `${warmupRate.toFixed(0)} new reports/s`,
  );

  const wanted = Math.ceil(warmupRate * options.seconds * SUPPLY_HEADROOM);
  const reportCount = Math.max(50, Math.min(options.maxReports, wanted));
  const buildStarted = performance.now();
  await addReports(supply, traffic, reportCount);
  progress(
    `pre-built ${reportCount} reports in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s; ` +
      `measuring for ${options.seconds} s on ${options.connections} connections`,
  );
  const loadDuring = loadavg()[0] ?? 0;
  const measured = await runMixedPhase(() => traffic.next(), {
    targets,
    connections: options.connections,
    seconds: options.seconds,
  });
  const ranOutOfReports = traffic.reportsLeft === 0;
  progress(`measured: ${measured.requests} requests in ${measured.elapsedSeconds.toFixed(1)} s`);

  traffic.close();
  const recoveries = {
    reports: await recover('reports', () => traffic.reportRecoveries(), targets),
    parts: await recover('attachment parts', () => traffic.partRecoveries(), targets),
  };
  await instances.stopAll();

  const phases = summarise(measured);
  const unexpectedAnswers =
    phases.all.unexpected +
    REQUEST_KINDS.reduce((sum, kind) => sum + warmup.kinds[kind].unexpected, 0);
  const result = await audit(connection, ledgers, supply.planned, recoveries, unexpectedAnswers);

  const report = {
    when: new Date().toISOString(),
    machine: describeMachine(database, loadAtStart),
    loadAverageWhileMeasuring: Number(loadDuring.toFixed(2)),
    settings: {
      ...options,
      instances: targets.length,
      warmupRequests: warmup.requests,
      warmupSeconds: warmup.elapsedSeconds,
      reportsPrebuilt: supply.bodies.length,
      ranOutOfReports,
      partBytes: { min: PART_POOL.minBytes, max: PART_POOL.maxBytes, pool: fixture.parts.length },
      attachments: ATTACHMENTS,
      mix: DEFAULT_MIX,
      raisedLimits: RAISED_LIMITS,
    },
    measuredSeconds: measured.elapsedSeconds,
    kinds: phases,
    audit: result,
    elapsedSeconds: (performance.now() - started) / 1000,
  };
  printResults(report, fixture);
  writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  return result.pass;
}

// ---------------------------------------------------------------------------------------------
// Output

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) =>
      i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
    )
    .join('  ')
    .trimEnd();
}

/** Milliseconds, or a dash for a kind that was not sent in the measured phase. */
function latency(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(1) : '—';
}

function statuses(summary: KindSummary): string {
  const parts = Object.entries(summary.statusCounts)
    .sort(([x], [y]) => Number(x) - Number(y))
    .map(([status, n]) => `${status === '0' ? 'no answer' : status}×${n}`);
  const notes: string[] = [];
  if (summary.replayed > 0) notes.push(`${summary.replayed} replayed`);
  if (summary.requestMiB >= 1) notes.push(`${summary.requestMiB.toFixed(1)} MiB up`);
  return parts.join(' ') + (notes.length > 0 ? ` (${notes.join(', ')})` : '');
}

function printResults(
  report: {
    machine: MachineInfo;
    loadAverageWhileMeasuring: number;
    settings: BenchOptions & {
      warmupRequests: number;
      reportsPrebuilt: number;
      ranOutOfReports: boolean;
    };
    measuredSeconds: number;
    kinds: Record<RequestKind | 'all', KindSummary>;
    audit: Audit;
    elapsedSeconds: number;
  },
  fixture: LoadFixture,
): void {
  const { machine, settings, kinds, audit: result } = report;
  const partSizes = fixture.parts.map((part) => part.bytes.length);
  write();
  write('=== Amanat mixed load, two instances on one database (issue 7) ===');
  write(
    `machine: ${machine.cpus} cpus (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, ` +
      `node ${machine.node}, db ${machine.database}; load average at start ${machine.loadAverage1m}, ` +
      `after warm-up ${report.loadAverageWhileMeasuring}`,
  );
  write(
    `instances: A and B, each the real server in its own process, same database and secrets; ` +
      `${settings.connections} keep-alive connections, alternately to A and B`,
  );
  write(
    `rate limits raised for the bench (all traffic comes from 127.0.0.1): ` +
      Object.entries(RAISED_LIMITS)
        .map(([name, value]) => `${name}=${value}`)
        .join(', '),
  );
  write(
    `workload: ${settings.reportsPrebuilt} reports pre-built (${fixture.factory.messageBytes} B armored), ` +
      `${Math.round(ATTACHMENTS.reportsWithAttachment * 100)}% with one attachment of 1-${ATTACHMENTS.maxParts} parts ` +
      `(${Math.round(Math.min(...partSizes) / KIB)}-${Math.round(Math.max(...partSizes) / KIB)} KiB of ciphertext, pool of ${partSizes.length}); ` +
      `retries: ${DEFAULT_MIX.retryAfterAccept * 100}% of reports after their 201, ${DEFAULT_MIX.retryAtOnce * 100}% at once, ` +
      `${DEFAULT_MIX.partRetry * 100}% of parts; inbox: GET ${INBOX_PATH}`,
  );
  write(
    `warm-up ${settings.warmupRequests} requests (not measured); measured ${report.measuredSeconds.toFixed(1)} s` +
      (settings.ranOutOfReports
        ? ' — RAN OUT of pre-built reports before the end (raise --max-reports)'
        : ''),
  );
  write();
  const widths = [18, 7, 8, 9, 9, 17, 0];
  write(
    row(['request', 'count', 'req/s', 'p50 ms', 'p99 ms', 'p50 1st→4th qtr', 'statuses'], widths),
  );
  for (const key of [...REQUEST_KINDS, 'all'] as const) {
    const summary = kinds[key];
    write(
      row(
        [
          summary.label,
          String(summary.count),
          summary.requestsPerSecond.toFixed(1),
          latency(summary.p50Ms),
          latency(summary.p99Ms),
          Number.isFinite(summary.p50FirstQuarterMs)
            ? `${latency(summary.p50FirstQuarterMs)} → ${latency(summary.p50LastQuarterMs)}`
            : '—',
          statuses(summary),
        ],
        widths,
      ),
    );
  }
  write(
    `  p50 1st→4th qtr: p50 of the first and the last quarter of a kind's answers, in the order ` +
      `they came (on FerretDB v1 every query scans its collection, so requests slow as the run stores more)`,
  );
  const total = kinds.all.count;
  write(
    `per instance: ` +
      Object.entries(kinds.all.perInstance)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([name, n]) => `${name} ${n} (${((n / total) * 100).toFixed(1)}%)`)
        .join(', '),
  );
  write();
  const { reports, parts, completeness } = result;
  write(`audit: ${result.pass ? 'PASS' : 'FAIL'}`);
  write(
    `  reports: ${reports.bodiesSent} sent (incl. warm-up), ${reports.bodiesAccepted} answered 201, ` +
      `${reports.reportsInDatabase} in the database; ${reports.retriesSent} deliberate retries, ` +
      `${reports.retriesReplayed} answered 201 Idempotent-Replayed; ${reports.recoveries} re-sent after the run`,
  );
  write(
    `  attachment parts: ${parts.partsSent} sent, ${parts.partsAccepted} answered 201, ` +
      `${parts.partsInDatabase} in the database; ${parts.retriesSent} deliberate retries, ` +
      `${parts.retriesReplayed} replayed; ${parts.recoveries} re-sent after the run`,
  );
  write(
    `  stored reports complete (the one sent, with its triage record): ${completeness.completeReports} of ` +
      `${completeness.reportsInDatabase}; triage records ${completeness.triageRecordsInDatabase}`,
  );
  write(`  answers other than expected (warm-up included): ${result.unexpectedAnswers}`);
  for (const problem of result.problems) write(`  FAIL: ${problem}`);
  write();
  write(
    `bench took ${report.elapsedSeconds.toFixed(1)} s; results in ${relative(REPO_ROOT, RESULT_FILE)}`,
  );
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const cleanup = new Cleanup();
  try {
    process.exitCode = (await runBench(options, cleanup)) ? 0 : 1;
  } finally {
    await cleanup.runAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
