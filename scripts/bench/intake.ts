/**
 * `npm run bench:intake`: intake requests/s and p99 latency for ~4 KiB encrypted reports, beside a
 * bare Express 5 endpoint measured in the same run on the same machine, as a ratio; and a check
 * that no report was lost or stored twice, retries included.
 *
 *   npx tsx scripts/bench/intake.ts [--duration 20] [--connections 16] [--retry-percent 5]
 *                                   [--warmup-reports 200] [--max-reports 10000] [--message-bytes 4096]
 *
 * Flags may also come from BENCH_DURATION_S, BENCH_CONNECTIONS, BENCH_RETRY_PERCENT,
 * BENCH_WARMUP_REPORTS, BENCH_MAX_REPORTS, BENCH_MESSAGE_BYTES. MONGODB_URI, if set, names the
 * database server to use; otherwise a local one is started (scripts/local-db) and stopped after.
 *
 * Method: each target runs in its own child process; this process only generates load
 * (autocannon, one pre-built body per request). Intake cannot take a body twice as a new report,
 * so it gets a schedule of N unique bodies plus a few deliberate retries, each sent exactly once,
 * with N sized from a warm-up so the phase lasts about --duration seconds. The bare endpoint then
 * gets the same bodies, in the same order, cycled, for as long as the intake phase took.
 * Exit code 1 if the exactly-once check fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, arch } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Connection } from 'mongoose';
import { connectDb } from '../../server/platform/db';
import { startLocalDatabase, type LocalDatabase } from '../local-db/local-db';
import { ReportLedger, type ExactlyOnceReport } from './exactly-once';
import {
  createBodyFactory,
  type BodyFactory,
  generateBenchOrganisation,
  publishBenchDirectory,
  type PrebuiltBody,
} from './intake-fixture';
import { runPhase, type PhaseResult, type Reply, type Slot } from './load';
import type { TargetSpec } from './intake-server';
import { startTargetProcess, type TargetProcess } from './target-process';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BENCH_DATABASE = 'amanat_bench';
const RESULT_FILE = join(REPO_ROOT, '.data', 'bench', 'intake.json');
/** The warm-up stops after this long even if it has not sent all its reports. */
const WARMUP_MAX_SECONDS = 5;
/**
 * Bodies are pre-built for this many times the warm-up's rate × --duration. Intake may speed up
 * after the warm-up; it must not run out of bodies before the deadline. (On FerretDB it usually
 * slows down instead, as the reports collection grows.)
 */
const SUPPLY_HEADROOM = 1.5;

interface BenchOptions {
  readonly durationSeconds: number;
  readonly connections: number;
  readonly retryPercent: number;
  readonly warmupReports: number;
  readonly maxReports: number;
  readonly messageBytes: number;
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const number = (min: number, max: number) => (raw: string) => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    }
    return value;
  };
  const integer = (min: number, max: number) => (raw: string) => {
    const value = number(min, max)(raw);
    if (!Number.isInteger(value)) throw new InvalidArgumentError('must be a whole number');
    return value;
  };
  const program = new Command('bench:intake')
    .description(
      'Intake throughput and p99 latency against a bare Express endpoint, with an exactly-once check',
    )
    .addOption(
      new Option('--duration <seconds>', 'target length of each measured phase')
        .env('BENCH_DURATION_S')
        .argParser(number(1, 600))
        .default(20),
    )
    .addOption(
      new Option('--connections <n>', 'concurrent keep-alive connections')
        .env('BENCH_CONNECTIONS')
        .argParser(integer(1, 1024))
        .default(16),
    )
    .addOption(
      new Option('--retry-percent <p>', 'share of reports re-sent as retries')
        .env('BENCH_RETRY_PERCENT')
        .argParser(number(0, 100))
        .default(5),
    )
    .addOption(
      new Option(
        '--warmup-reports <n>',
        'reports sent to intake before measuring (also sizes the run)',
      )
        .env('BENCH_WARMUP_REPORTS')
        .argParser(integer(20, 100_000))
        .default(200),
    )
    .addOption(
      new Option(
        '--max-reports <n>',
        'cap on reports pre-built for the measured phase (~3 ms each)',
      )
        .env('BENCH_MAX_REPORTS')
        .argParser(integer(20, 1_000_000))
        .default(10_000),
    )
    .addOption(
      new Option('--message-bytes <n>', 'length of the armored encrypted message')
        .env('BENCH_MESSAGE_BYTES')
        .argParser(integer(512, 256 * 1024))
        .default(4096),
    )
    .parse(argv);
  const raw = program.opts<{
    duration: number;
    connections: number;
    retryPercent: number;
    warmupReports: number;
    maxReports: number;
    messageBytes: number;
  }>();
  return {
    durationSeconds: raw.duration,
    connections: raw.connections,
    retryPercent: raw.retryPercent,
    warmupReports: raw.warmupReports,
    maxReports: raw.maxReports,
    messageBytes: raw.messageBytes,
  };
}

/** Progress goes to stderr, so stdout carries only the results. */
function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Cleanup steps, run in reverse order of registration, each even if an earlier one failed. */
class Cleanup {
  private readonly steps: Array<{ name: string; run: () => Promise<void> }> = [];

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  async runAll(): Promise<void> {
    for (const step of this.steps.reverse()) {
      await step
        .run()
        .catch((error: unknown) => progress(`cleanup: ${step.name} failed: ${String(error)}`));
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv);
  const cleanup = new Cleanup();
  try {
    const exitCode = await runBench(options, cleanup);
    process.exitCode = exitCode;
  } finally {
    await cleanup.runAll();
  }
}

async function runBench(options: BenchOptions, cleanup: Cleanup): Promise<number> {
  const loadAtStart = loadavg()[0] ?? 0;
  const database = await startBenchDatabase(cleanup);
  const connection = await connectBenchDatabase(database.uri, cleanup);

  progress('generating BENCH ONLY keys and publishing a signed recipient directory');
  const organisation = await generateBenchOrganisation();
  const directory = await publishBenchDirectory(connection, organisation);
  const factory = await createBodyFactory(directory, options.messageBytes);
  const amanatTarget = {
    kind: 'amanat',
    env: amanatEnv(benchUri(database.uri), organisation.fingerprint),
  } as const;

  const intake = await measureIntake(options, cleanup, connection, factory, amanatTarget);
  // The baseline runs after intake has stopped, so nothing of intake's runs beside it.
  const bare = await measureBare(options, cleanup, intake);

  const verdict = judge(intake.exactlyOnce, intake.status5xx, intake.slotsOk);
  const results: BenchResults = {
    machine: describeMachine(database, loadAtStart),
    settings: {
      ...intake.settings,
      connections: options.connections,
      targetDurationSeconds: options.durationSeconds,
    },
    intake: intake.measured,
    bare,
    verdict,
    exactlyOnce: intake.exactlyOnce,
  };
  printResults(results);
  writeResults(results);
  return verdict.pass ? 0 : 1;
}

interface IntakeMeasurement {
  readonly warmup: PhaseResult;
  readonly measured: PhaseResult;
  /** The measured phase's schedule: the baseline replays the same bodies in the same order. */
  readonly schedule: readonly Slot[];
  readonly exactlyOnce: ExactlyOnceReport;
  readonly status5xx: number;
  readonly slotsOk: boolean;
  readonly settings: Record<string, number>;
}

/**
 * Warm-up, sizing, pre-building, the measured phase, re-sending what went unanswered, then the
 * exactly-once check against the database once intake has stopped.
 */
async function measureIntake(
  options: BenchOptions,
  cleanup: Cleanup,
  connection: Connection,
  factory: BodyFactory,
  spec: TargetSpec,
): Promise<IntakeMeasurement> {
  const amanat = await startTarget('intake', cleanup, () => startTargetProcess(spec, REPO_ROOT));

  // Warm-up: JIT, connection pools, database caches; its throughput sizes the measured phase.
  const warmupBodies = await factory.build(options.warmupReports);
  // The ledger looks bodies up by index; the measured phase's bodies are appended below.
  const bodies: PrebuiltBody[] = [...warmupBodies];
  const ledger = new ReportLedger(bodies);
  const warmupSchedule = scheduleOnce(bodies, 0, warmupBodies.length);
  const warmup = await runIntakePhase(
    amanat.url,
    options,
    warmupSchedule,
    ledger,
    WARMUP_MAX_SECONDS,
  );
  progress(`intake warm-up: ${describePhase(warmup)}`);

  const reportCount = sizeMeasuredPhase(warmup.steadyRequestsPerSecond, options);
  const buildStarted = performance.now();
  bodies.push(...(await factory.build(reportCount)));
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  progress(`pre-built ${reportCount} bodies in ${buildSeconds.toFixed(1)} s`);
  const schedule = scheduleWithRetries(bodies, warmupBodies.length, reportCount, options);

  const reportsBefore = await countReports(connection);
  const measured = await runIntakePhase(
    amanat.url,
    options,
    schedule,
    ledger,
    options.durationSeconds,
  );
  progress(`intake measured: ${describePhase(measured)}`);
  const recoveries = await resendUnaccepted(amanat.url, ledger);
  await amanat.stop();

  const sent = schedule.slice(0, measured.slotsIssued);
  return {
    warmup,
    measured,
    schedule,
    exactlyOnce: await ledger.verify(connection, recoveries),
    status5xx: warmup.status5xx + measured.status5xx,
    slotsOk: warmup.slotsIssued <= warmupSchedule.length && measured.slotsIssued <= schedule.length,
    settings: {
      warmupReports: warmup.slotsIssued,
      prebuiltReports: reportCount,
      measuredReports: sent.filter((slot) => !slot.retry).length,
      retries: sent.filter((slot) => slot.retry).length,
      reportsStoredBeforeMeasuring: reportsBefore,
      reportsStoredAfterMeasuring: await countReports(connection),
      messageBytes: factory.messageBytes,
      requestBodyBytes: bodies[0]?.json.length ?? 0,
    },
  };
}

/** The bare endpoint: same client, bodies, order and concurrency, for as long as intake ran. */
async function measureBare(
  options: BenchOptions,
  cleanup: Cleanup,
  intake: IntakeMeasurement,
): Promise<PhaseResult> {
  const bare = await startTarget('bare', cleanup, () =>
    startTargetProcess({ kind: 'bare' }, REPO_ROOT),
  );
  const warmup = await runPhase({
    url: bare.url,
    connections: options.connections,
    schedule: intake.schedule,
    stop: { kind: 'duration', seconds: Math.max(1, intake.warmup.elapsedSeconds) },
  });
  progress(`bare warm-up: ${describePhase(warmup)}`);
  const measured = await runPhase({
    url: bare.url,
    connections: options.connections,
    schedule: intake.schedule,
    stop: { kind: 'duration', seconds: intake.measured.elapsedSeconds },
  });
  progress(`bare measured: ${describePhase(measured)}`);
  await bare.stop();
  return measured;
}

async function startBenchDatabase(cleanup: Cleanup): Promise<LocalDatabase> {
  const dataDir = join(REPO_ROOT, '.data', 'bench-db');
  rmSync(dataDir, { recursive: true, force: true });
  const database = await startLocalDatabase({ dataDir, log: progress });
  cleanup.add('stop database', async () => {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return database;
}

/** Connects to the bench's own database, empty at the start and dropped at the end. */
async function connectBenchDatabase(serverUri: string, cleanup: Cleanup): Promise<Connection> {
  const connection = await connectDb(benchUri(serverUri));
  await connection.dropDatabase();
  cleanup.add('drop bench database', async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  return connection;
}

function benchUri(serverUri: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

/**
 * The app's configuration. The rate limiter stays on (it is part of every intake request: one
 * counter upsert); its limit is the highest config allows, far above what a run sends.
 */
function amanatEnv(mongodbUri: string, orgFingerprint: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: mongodbUri,
    ORG_FINGERPRINT: orgFingerprint,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    INTAKE_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'silent',
  };
}

async function startTarget(
  name: string,
  cleanup: Cleanup,
  start: () => Promise<TargetProcess>,
): Promise<TargetProcess> {
  const target = await start();
  cleanup.add(`stop ${name} server`, () => target.stop());
  progress(`${name} server listening at ${target.url}`);
  return target;
}

/** Sends every slot once, recording each answer in the ledger. */
async function runIntakePhase(
  url: string,
  options: BenchOptions,
  schedule: readonly Slot[],
  ledger: ReportLedger,
  deadlineSeconds: number,
): Promise<PhaseResult> {
  const result = await runPhase({
    url,
    connections: options.connections,
    schedule,
    stop: { kind: 'each-once', deadlineSeconds },
    onReply: (slot, reply) => ledger.record(slot, reply),
  });
  ledger.markSent(schedule.slice(0, result.slotsIssued));
  return result;
}

async function countReports(connection: Connection): Promise<number> {
  return await connection.db!.collection('reports').countDocuments({});
}

/** Enough reports for --duration seconds at the warm-up's steady rate, within the pre-build cap. */
function sizeMeasuredPhase(warmupRate: number, options: BenchOptions): number {
  const withRetries = 1 + options.retryPercent / 100;
  const wanted = Math.ceil((warmupRate * options.durationSeconds * SUPPLY_HEADROOM) / withRetries);
  const floor = Math.max(options.connections * 4, 50);
  const count = Math.min(options.maxReports, Math.max(floor, wanted));
  if (count < wanted)
    progress(`capped at --max-reports ${options.maxReports}: the phase may end early`);
  return count;
}

function scheduleOnce(bodies: readonly PrebuiltBody[], first: number, count: number): Slot[] {
  return Array.from({ length: count }, (_, i) => ({
    body: bodyAt(bodies, first + i).json,
    bodyIndex: first + i,
    retry: false,
  }));
}

/**
 * Every body once, plus a retry of every k-th body placed a few rounds of connections after its
 * original, so the original has usually been answered and the retry exercises the replay path.
 */
function scheduleWithRetries(
  bodies: readonly PrebuiltBody[],
  first: number,
  count: number,
  options: BenchOptions,
): Slot[] {
  const retryCount = Math.round((count * options.retryPercent) / 100);
  const gap = options.connections * 4;
  const retriesAfter = new Map<number, number[]>();
  for (let k = 0; k < retryCount; k++) {
    const original = Math.floor((k * count) / retryCount);
    const after = Math.min(original + gap, count - 1);
    retriesAfter.set(after, [...(retriesAfter.get(after) ?? []), original]);
  }
  const schedule: Slot[] = [];
  for (let i = 0; i < count; i++) {
    schedule.push({ body: bodyAt(bodies, first + i).json, bodyIndex: first + i, retry: false });
    for (const original of retriesAfter.get(i) ?? []) {
      schedule.push({
        body: bodyAt(bodies, first + original).json,
        bodyIndex: first + original,
        retry: true,
      });
    }
  }
  return schedule;
}

function bodyAt(bodies: readonly PrebuiltBody[], index: number): PrebuiltBody {
  const body = bodies[index];
  if (!body) throw new Error(`no pre-built body ${index}`);
  return body;
}

/**
 * Re-sends, once, each body whose fate is unknown (no answer before the deadline cut, a timeout,
 * or a non-201): what a browser would do. The server may still be working on the first attempt,
 * so this also exercises the concurrent-retry path.
 */
async function resendUnaccepted(url: string, ledger: ReportLedger): Promise<number> {
  const pending = ledger.unaccepted();
  if (pending.length > 0) progress(`re-sending ${pending.length} bodies that got no 201`);
  await Promise.all(
    pending.map(async (bodyIndex) => {
      const response = await fetch(`${url}/api/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: ledger.body(bodyIndex).json.toString('utf8'),
      });
      const reply: Reply = {
        status: response.status,
        replayed: response.headers.get('idempotent-replayed') === 'true',
        body: await response.text(),
      };
      ledger.record({ bodyIndex, retry: false }, reply);
    }),
  );
  return pending.length;
}

interface Verdict {
  readonly pass: boolean;
  readonly problems: readonly string[];
}

function judge(exactlyOnce: ExactlyOnceReport, status5xx: number, slotsOk: boolean): Verdict {
  const problems = [...exactlyOnce.problems];
  if (status5xx > 0) problems.push(`${status5xx} responses with status 5xx from intake`);
  if (!slotsOk) problems.push('the load generator did not send each scheduled body exactly once');
  return { pass: problems.length === 0, problems };
}

interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
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
    node: process.version,
    platform: `${platform()} ${arch()}`,
    database: database.kind,
    loadAverage1m: Number(loadAtStart.toFixed(2)),
  };
}

function describePhase(result: PhaseResult): string {
  return (
    `${result.requests} requests in ${result.elapsedSeconds.toFixed(1)} s, ` +
    `${result.requestsPerSecond.toFixed(0)} req/s (steady ${result.steadyRequestsPerSecond.toFixed(0)}), ` +
    `p99 ${result.p99Ms.toFixed(1)} ms, non-2xx ${result.non2xx}, errors ${result.errors}`
  );
}

interface BenchResults {
  readonly machine: MachineInfo;
  readonly settings: Record<string, number>;
  readonly intake: PhaseResult;
  readonly bare: PhaseResult;
  readonly verdict: Verdict;
  readonly exactlyOnce: ExactlyOnceReport;
}

function ratios(results: BenchResults): { requestsPerSecond: number; p99: number } {
  return {
    requestsPerSecond: results.intake.requestsPerSecond / results.bare.requestsPerSecond,
    p99: results.intake.p99Ms / results.bare.p99Ms,
  };
}

function printResults(results: BenchResults): void {
  const { machine, settings, exactlyOnce } = results;
  const out: string[] = [];
  out.push(
    `machine: ${machine.cpus} cpus (${machine.cpuModel}), node ${machine.node}, ${machine.platform}, ` +
      `db ${machine.database}, load average at start ${machine.loadAverage1m}`,
  );
  out.push(
    `workload: ${settings['measuredReports']} reports (of ${settings['prebuiltReports']} pre-built) + ` +
      `${settings['retries']} retries, armored message ${settings['messageBytes']} B ` +
      `(request body ${settings['requestBodyBytes']} B), ${settings['connections']} connections, ` +
      `intake warm-up ${settings['warmupReports']} reports`,
  );
  out.push(
    `reports stored before/after the measured phase: ${settings['reportsStoredBeforeMeasuring']} / ` +
      `${settings['reportsStoredAfterMeasuring']}` +
      (results.intake.cutAtDeadline
        ? `; intake phase ended at the ${settings['targetDurationSeconds']} s deadline`
        : ''),
  );
  out.push('');
  out.push(
    row(['target', 'requests', 'seconds', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors']),
  );
  for (const [name, result] of [
    ['intake', results.intake],
    ['bare express', results.bare],
  ] as const) {
    out.push(
      row([
        name,
        String(result.requests),
        result.elapsedSeconds.toFixed(1),
        result.requestsPerSecond.toFixed(1),
        result.p50Ms.toFixed(2),
        result.p99Ms.toFixed(2),
        String(result.non2xx),
        String(result.errors),
      ]),
    );
  }
  out.push('');
  const ratio = ratios(results);
  out.push(
    `ratio intake/bare req/s = ${ratio.requestsPerSecond.toFixed(ratio.requestsPerSecond < 0.1 ? 3 : 2)}`,
  );
  out.push(`ratio p99 intake/bare = ${ratio.p99.toFixed(1)}`);
  out.push('');
  out.push(
    `zero lost or duplicated reports: ${results.verdict.pass ? 'PASS' : 'FAIL'} ` +
      `(${exactlyOnce.bodiesSent} reports sent incl. warm-up, ${exactlyOnce.bodiesAccepted} answered 201, ` +
      `${exactlyOnce.reportsInDatabase} in database; ${exactlyOnce.retriesSent} retries sent, ${exactlyOnce.retriesAnswered} answered, ` +
      `${exactlyOnce.retriesReplayed} of them 201 Idempotent-Replayed; ` +
      `${exactlyOnce.recoveries} re-sent after the run for want of a 201)`,
  );
  for (const problem of results.verdict.problems) out.push(`  FAIL: ${problem}`);
  out.push(`results written to ${RESULT_FILE}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function row(cells: readonly string[]): string {
  const [name = '', ...rest] = cells;
  return `${name.padEnd(14)}${rest.map((cell) => cell.padStart(10)).join('')}`;
}

function writeResults(results: BenchResults): void {
  mkdirSync(join(REPO_ROOT, '.data', 'bench'), { recursive: true });
  const ratio = ratios(results);
  const json = {
    finishedAt: new Date().toISOString(),
    machine: results.machine,
    settings: results.settings,
    targets: { intake: results.intake, bare: results.bare },
    ratios: {
      intakeOverBareRequestsPerSecond: ratio.requestsPerSecond,
      intakeOverBareP99: ratio.p99,
    },
    exactlyOnce: {
      ...results.exactlyOnce,
      pass: results.verdict.pass,
      problems: results.verdict.problems,
    },
  };
  writeFileSync(RESULT_FILE, `${JSON.stringify(json, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:intake failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
