/**
 * `npm run bench:stats`: "Aggregating 1,000,000 cases takes seconds, not minutes" (issue 6),
 * measured as ratios against a baseline taken in the same run on the same machine (DESIGN.md
 * "Budgets").
 *
 *   npx tsx scripts/bench/stats.ts [--cases 1000000] [--runs 3] [--batch 10000]
 *                                  [--max-seconds 900]
 *
 * Flags may also come from BENCH_CASES, BENCH_STATS_RUNS, BENCH_STATS_BATCH,
 * BENCH_STATS_MAX_SECONDS. MONGODB_URI, if set, names the database server to use (a fresh
 * database on it, dropped after); otherwise a local one is started (scripts/local-db, data under
 * .data/bench/stats-db) and stopped after.
 *
 * Method:
 * 1. Set-up (timed, not measured): --cases coded triage records written straight into `cases`
 *    with unordered insertMany of --batch documents, the app's indexes created first. The codes
 *    are drawn from a seeded PRNG, so every run has the same distribution (case ids differ):
 *    incident months 2023-01..2025-12, a little more recent than old; the ten incident
 *    categories, unevenly; 40 host countries, Zipf-like (s = 1.5), so the last are small; older
 *    cases more often closed (60% closed overall, with one of the case outcomes; the rest open,
 *    in_progress); 5% not coded yet (incidentCategory null).
 * 2. Up to --runs rounds (no new round after --max-seconds), each timing in turn: (a) the
 *    baseline, the least the database can do that reads every document: one `$group` of the
 *    whole collection to a count; (b) CasesRepository.countCodedCases over the 36 months;
 *    (c-e) StatsService.preview end to end (aggregation, table, suppression audit, rounding,
 *    audit-log entry) for three tables; (f) the in-memory part alone (shapeFor + tabulate, then
 *    protectTable) on the counts (b) returned.
 * 3. One release (StatsService.release, timed once: a second one would change what the next
 *    links to), then as many previews of a table that overlaps it, so the audit links the two.
 * Medians are reported, with each ratio to the baseline median. The bench process's RSS is
 * sampled every 50 ms while measuring (and the local database's, where this process started it).
 *
 * Run time on FerretDB v1 (SQLite), which reads about 8,000-10,000 documents/s: a few seconds
 * per call at 20,000 cases, minutes at 1,000,000 (--runs 1 keeps that run near half an hour).
 * The bench's connection has no socket timeout, so slow calls are timed rather than cut off;
 * the output names the calls that the app, with its 30 s socket timeout, would have failed.
 *
 * Reports only: exits 0 however slow (1 only if the bench itself fails). Results also go to
 * .data/bench/stats.json.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
// The bench opens its own connection without the app's socket timeout (connectBenchDatabase);
// connectDb takes no options. The app's code still reads through its repositories.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import mongoose, { type Connection } from 'mongoose';
import { AuditLogRepository, AuditLogService } from '../../server/features/audit';
import {
  StatsPartnersRepository,
  StatsPartnersService,
  StatsReleasesRepository,
  StatsService,
  type StatsRequest,
} from '../../server/features/stats';
import { protectTable } from '../../server/features/stats/disclosure-control';
import {
  OPEN_OUTCOME,
  shapeFor,
  tabulate,
  type CodeCount,
} from '../../server/features/stats/stats-table';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CasesRepository,
  INCIDENT_CATEGORIES,
  type CodedCaseCount,
} from '../../server/features/triage';
import type { CaseDocument } from '../../server/features/triage/case.model';
import { DURABLE_WRITE, SERVER_SELECTION_TIMEOUT_MS } from '../../server/platform/db';
import { startLocalDatabase, type LocalDatabase } from '../local-db/local-db';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BENCH_DIR = join(REPO_ROOT, '.data', 'bench');
const DATA_DIR = join(BENCH_DIR, 'stats-db');
const RESULT_FILE = join(BENCH_DIR, 'stats.json');
/** Fixed, so every run seeds the same distribution of codes. */
const SEED = 20_260_606;
const SETTINGS = { publicK: 10, partnerK: 5, roundingBase: 5, epsilonBudget: 2 } as const;
/** After the last seeded month, so every table asked for covers months that have ended. */
const NOW = new Date('2026-06-15T00:00:00Z');
const ACTOR = 'bench.analyst';
const FROM = '2023-01';
const TO = '2025-12';
const MONTHS = monthsFrom(FROM, 36);
/** "Seconds, not minutes": every preview (its slowest run) must finish within this. */
const VERDICT_LIMIT_MS = 60_000;
const RSS_SAMPLE_MS = 50;
/** server/platform/db.ts SOCKET_TIMEOUT_MS: in the app, a database call that outlasts it fails. */
const APP_SOCKET_TIMEOUT_MS = 30_000;

/** 40 ISO 3166-1 codes, most reported first (Zipf rank = index + 1). */
const COUNTRIES = [
  'DE', 'TR', 'FR', 'NL', 'GB', 'SE', 'US', 'BE', 'AT', 'CH',
  'NO', 'DK', 'FI', 'PL', 'CZ', 'IT', 'ES', 'CA', 'AU', 'GR',
  'IE', 'PT', 'HU', 'RO', 'BG', 'LT', 'LV', 'EE', 'SK', 'SI',
  'HR', 'RS', 'GE', 'AM', 'KZ', 'UA', 'AE', 'JP', 'KR', 'NZ',
] as const; // prettier-ignore
const ZIPF_EXPONENT = 1.5;
/** The filter of table (e): rank 20 of 40, so some of its cells are small. */
const MID_COUNTRY = COUNTRIES[19];
const CATEGORY_WEIGHTS = [20, 12, 18, 10, 8, 10, 6, 8, 5, 3] as const;
const OUTCOME_WEIGHTS = [35, 25, 15, 10, 10, 5] as const;
const PRIORITY_WEIGHTS = [5, 20, 60, 15] as const;
const UNCODED_SHARE = 0.05;
/** Share of closed cases: from the oldest month to the newest, 60% on average. */
const CLOSED_SHARE_OLDEST = 0.75;
const CLOSED_SHARE_NEWEST = 0.45;

interface BenchOptions {
  readonly cases: number;
  readonly runs: number;
  readonly batch: number;
  readonly maxSeconds: number;
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
  const program = new Command('bench:stats')
    .description('Statistics over many coded cases: aggregation and preview time, as ratios')
    .addOption(
      option('--cases <n>', 'coded cases to seed', 'BENCH_CASES', 1000, 10_000_000).default(
        1_000_000,
      ),
    )
    .addOption(
      option('--runs <n>', 'timed runs of each measurement', 'BENCH_STATS_RUNS', 1, 50).default(3),
    )
    .addOption(
      option('--batch <n>', 'documents per insertMany', 'BENCH_STATS_BATCH', 100, 100_000).default(
        10_000,
      ),
    )
    .addOption(
      option(
        '--max-seconds <n>',
        'no new measured round after this long',
        'BENCH_STATS_MAX_SECONDS',
        1,
        86_400,
      ).default(900),
    )
    .parse(argv);
  return { ...program.opts<BenchOptions>() };
}

/** Progress goes to stderr, so stdout carries only the results. */
function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function write(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Cleanup steps, run in reverse order of registration, each even if an earlier one failed. */
class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];

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

// ---------------------------------------------------------------------------------------------
// Set-up

async function startBenchDatabase(cleanup: Cleanup): Promise<LocalDatabase> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const database = await startLocalDatabase({ dataDir: DATA_DIR, log: progress });
  cleanup.add('stop database', async () => {
    await database.stop();
    rmSync(DATA_DIR, { recursive: true, force: true });
  });
  return database;
}

/** A fresh database, so an external server's other databases are never touched. */
function benchUri(serverUri: string): string {
  const url = new URL(serverUri);
  url.pathname = `/amanat_stats_bench_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

/**
 * connectDb's options, but without its socket timeout: the bench measures how long the work
 * takes, and on FerretDB v1 one aggregation of many cases outlasts APP_SOCKET_TIMEOUT_MS (the
 * output flags every call that the app would have failed).
 */
async function connectBenchDatabase(uri: string, cleanup: Cleanup): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    connectTimeoutMS: 60_000,
    socketTimeoutMS: 0,
    bufferCommands: false,
    maxPoolSize: 50,
    writeConcern: DURABLE_WRITE,
  });
  await connection.asPromise();
  await connection.dropDatabase();
  cleanup.add('drop bench database', async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  return connection;
}

type Random = () => number;

/** mulberry32: small, fast and good enough to spread codes; the same seed gives the same run. */
function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws an index with probability proportional to its weight (cumulative table, binary search). */
function weightedPicker(weights: readonly number[]): (random: Random) => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) cumulative.push((sum += weight));
  return (random) => {
    const target = random() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

function monthsFrom(first: string, count: number): string[] {
  const [year, month] = first.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + month - 1 + i;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

interface SeedTally {
  coded: number;
  uncoded: number;
  closed: number;
  perCountry: number[];
}

/** The triage records of one batch, as the app stores them (case.model.ts). */
function planBatch(
  random: Random,
  size: number,
  tally: SeedTally,
): (CaseDocument & { _id: string })[] {
  const pickMonth = weightedPicker(MONTHS.map((_, i) => 1 + i / MONTHS.length));
  const pickCountry = weightedPicker(COUNTRIES.map((_, i) => 1 / (i + 1) ** ZIPF_EXPONENT));
  const pickCategory = weightedPicker(CATEGORY_WEIGHTS);
  const pickOutcome = weightedPicker(OUTCOME_WEIGHTS);
  const pickPriority = weightedPicker(PRIORITY_WEIGHTS);
  const ids = randomBytes(16 * size).toString('hex');
  const documents: (CaseDocument & { _id: string })[] = [];
  for (let i = 0; i < size; i++) {
    const monthIndex = pickMonth(random);
    const month = MONTHS[monthIndex]!;
    const country = pickCountry(random);
    const isCoded = random() >= UNCODED_SHARE;
    const closedShare =
      CLOSED_SHARE_OLDEST +
      ((CLOSED_SHARE_NEWEST - CLOSED_SHARE_OLDEST) * monthIndex) / (MONTHS.length - 1);
    const isClosed = random() < closedShare;
    const priorityRank = pickPriority(random);
    const day = twoDigits(1 + Math.floor(random() * 28));
    const closedMonth = monthsFrom(month, 2 + Math.floor(random() * 4)).at(-1)!;
    documents.push({
      _id: ids.slice(32 * i, 32 * (i + 1)),
      receivedOn: `${month}-${day}`,
      status: isClosed ? 'closed' : 'in_progress',
      outcome: isClosed ? CASE_OUTCOMES[pickOutcome(random)]! : null,
      priority: CASE_PRIORITIES[priorityRank]!,
      priorityRank,
      deadline: null,
      assigneeId: null,
      labels: [],
      incidentCategory: isCoded ? INCIDENT_CATEGORIES[pickCategory(random)]! : null,
      hostCountry: COUNTRIES[country]!,
      incidentMonth: month,
      legalHold: false,
      closedOn: isClosed ? `${closedMonth}-${day}` : null,
    });
    if (isCoded) {
      tally.coded += 1;
      tally.perCountry[country]! += 1;
    } else tally.uncoded += 1;
    if (isClosed) tally.closed += 1;
  }
  return documents;
}

interface SeedResults {
  readonly cases: number;
  readonly coded: number;
  readonly uncoded: number;
  readonly closed: number;
  readonly largestCountry: { code: string; cases: number };
  readonly midCountry: { code: string; cases: number };
  readonly smallestCountry: { code: string; cases: number };
  readonly batch: number;
  readonly indexSeconds: number;
  readonly insertSeconds: number;
  readonly collectionMiB: number | null;
}

/**
 * Writes the batches one after another; the next batch is generated while the previous one is
 * being written, so the time is the database's, not the generator's.
 */
async function seedCases(connection: Connection, options: BenchOptions): Promise<SeedResults> {
  const indexStarted = performance.now();
  // As the app's start-up does (app.ts prepare): inserts maintain the inbox's index.
  await new CasesRepository(connection).ensureIndexes();
  const indexSeconds = (performance.now() - indexStarted) / 1000;
  const collection = connection.db!.collection('cases');
  const random = seededRandom(SEED);
  const tally: SeedTally = {
    coded: 0,
    uncoded: 0,
    closed: 0,
    perCountry: COUNTRIES.map(() => 0),
  };
  const started = performance.now();
  let lastReport = started;
  let pending: Promise<unknown> = Promise.resolve();
  for (let written = 0; written < options.cases; written += options.batch) {
    const documents = planBatch(random, Math.min(options.batch, options.cases - written), tally);
    await pending;
    pending = collection.insertMany(documents as never[], { ordered: false });
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const seconds = (lastReport - started) / 1000;
      progress(
        `inserted ${written} of ${options.cases} in ${seconds.toFixed(0)} s ` +
          `(${Math.round(written / seconds)} cases/s)`,
      );
    }
  }
  await pending;
  const insertSeconds = (performance.now() - started) / 1000;
  // Every document is counted again by the baseline, which fails the bench if one is missing.
  progress(`inserted in ${insertSeconds.toFixed(1)} s; reading the collection's size`);
  const countryOf = (index: number) => ({
    code: COUNTRIES[index]!,
    cases: tally.perCountry[index]!,
  });
  return {
    cases: options.cases,
    coded: tally.coded,
    uncoded: tally.uncoded,
    closed: tally.closed,
    largestCountry: countryOf(0),
    midCountry: countryOf(COUNTRIES.indexOf(MID_COUNTRY)),
    smallestCountry: countryOf(COUNTRIES.length - 1),
    batch: options.batch,
    indexSeconds,
    insertSeconds,
    collectionMiB: await collectionMiB(connection),
  };
}

/** Data size as the server reports it (information only; FerretDB's figure is approximate). */
async function collectionMiB(connection: Connection): Promise<number | null> {
  try {
    const stats = await connection.db!.command({ collStats: 'cases' });
    const size = (stats as { size?: unknown }).size;
    return typeof size === 'number' ? Math.round((size / 1024 ** 2) * 10) / 10 : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Memory: this process, and the database server where this process started it.

/** Resident set sizes of this process's children (Linux /proc; empty elsewhere). */
function childRssBytes(): number {
  try {
    const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    let total = 0;
    for (const pid of children) {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      if (kib) total += Number(kib) * 1024;
    }
    return total;
  } catch {
    return 0;
  }
}

class RssSampler {
  peakBytes = 0;
  peakDatabaseBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly includeDatabase: boolean) {}

  sample(): void {
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
    if (this.includeDatabase) {
      this.peakDatabaseBytes = Math.max(this.peakDatabaseBytes, childRssBytes());
    }
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }
}

// ---------------------------------------------------------------------------------------------
// Measurement

type MeasureKey =
  | 'baseline'
  | 'countCodedCases'
  | 'previewCategory'
  | 'previewCountry'
  | 'previewOutcome'
  | 'tabulate'
  | 'protect'
  | 'release'
  | 'previewLinked';

const LABELS: Record<MeasureKey, string> = {
  baseline: '(a) baseline: $group of all cases to a count',
  countCodedCases: '(b) countCodedCases, 36 months',
  previewCategory: '(c) preview month x category, 36 months',
  previewCountry: '(d) preview quarter x country, 36 months',
  previewOutcome: `(e) preview month x outcome, ${MID_COUNTRY} only`,
  tabulate: '(f1) in memory: shapeFor + tabulate of (c)',
  protect: '(f2) in memory: protectTable of (c)',
  release: '(g) release quarter x category, 2023-24',
  previewLinked: '(h) preview month x category 2024-25, linked',
};

const TABLE_CATEGORY: StatsRequest = {
  columns: 'category',
  periodUnit: 'month',
  from: FROM,
  to: TO,
  audience: 'public',
};
const TABLE_COUNTRY: StatsRequest = {
  columns: 'country',
  periodUnit: 'quarter',
  from: FROM,
  to: TO,
  audience: 'public',
};
const TABLE_OUTCOME: StatsRequest = {
  columns: 'outcome',
  periodUnit: 'month',
  from: FROM,
  to: TO,
  filter: { country: MID_COUNTRY },
  audience: 'public',
};
const TABLE_RELEASED: StatsRequest = {
  columns: 'category',
  periodUnit: 'quarter',
  from: '2023-01',
  to: '2024-12',
  audience: 'public',
};
const TABLE_LINKED: StatsRequest = {
  columns: 'category',
  periodUnit: 'month',
  from: '2024-01',
  to: TO,
  audience: 'public',
};

interface Measurement {
  readonly label: string;
  readonly samplesMs: number[];
  medianMs: number;
  /** What came back, to show the work was real (groups, cells published / suppressed ...). */
  detail: string;
}

interface PreviewResult {
  risk: { cellsPublished: number; cellsSuppressed: number; earlierReleasesConsidered: number };
}

function describePreview({ risk }: PreviewResult): string {
  return (
    `${risk.cellsPublished} cells published, ${risk.cellsSuppressed} suppressed` +
    (risk.earlierReleasesConsidered > 0
      ? `, linked with ${risk.earlierReleasesConsidered} release(s)`
      : '')
  );
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** As StatsService does before tabulating (its toCodeCounts is private). */
function toCodeCounts(rows: readonly CodedCaseCount[]): CodeCount[] {
  return rows.map((row) => ({ ...row, outcome: row.outcome ?? OPEN_OUTCOME }));
}

type Results = Record<MeasureKey, Measurement>;

interface MeasureOutcome {
  readonly results: Results;
  readonly rounds: number;
  readonly linkedRounds: number;
  /** True when --max-seconds ran out before --runs rounds. */
  readonly cutAtBudget: boolean;
}

/** (f): table (c) built and protected from counts already in memory. */
function timeInMemory(
  counts: readonly CodeCount[],
  record: (key: MeasureKey, ms: number, detail: string) => void,
): void {
  let started = performance.now();
  const table = tabulate(shapeFor(TABLE_CATEGORY, counts, SETTINGS.publicK), counts);
  record(
    'tabulate',
    performance.now() - started,
    `${counts.length} groups into ${table.grid.length} rows`,
  );
  started = performance.now();
  const protection = protectTable(table, SETTINGS.publicK, [], counts);
  const hidden = protection?.suppressed.flat().filter(Boolean).length ?? 'all';
  record('protect', performance.now() - started, `${hidden} values suppressed`);
}

async function measure(connection: Connection, options: BenchOptions): Promise<MeasureOutcome> {
  const cases = new CasesRepository(connection);
  // As server/app.ts builds it, except that the triage side is the repository itself:
  // TriageService.countCodedCases only passes the call on to it.
  const audit = new AuditLogService(new AuditLogRepository(connection));
  const stats = new StatsService({
    triage: cases,
    releases: new StatsReleasesRepository(connection),
    partners: new StatsPartnersService({
      repository: new StatsPartnersRepository(connection),
      audit,
      clock: () => NOW,
    }),
    audit,
    settings: SETTINGS,
    clock: () => NOW,
  });
  const collection = connection.db!.collection('cases');
  const results = {} as Results;
  const record = (key: MeasureKey, ms: number, detail: string) => {
    const entry = (results[key] ??= { label: LABELS[key], samplesMs: [], medianMs: 0, detail });
    entry.samplesMs.push(ms);
    entry.medianMs = median(entry.samplesMs);
    entry.detail = detail;
  };
  const started = performance.now();
  const isOverBudget = () => performance.now() - started > options.maxSeconds * 1000;
  const step = (what: string) =>
    progress(`${what} (${((performance.now() - started) / 1000).toFixed(0)} s into measuring)`);

  let rounds = 0;
  while (rounds < options.runs && (rounds === 0 || !isOverBudget())) {
    rounds += 1;
    step(`round ${rounds} of ${options.runs}: baseline`);
    const baseline = await timed(() =>
      collection.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }]).toArray(),
    );
    const total = (baseline.value[0] as { n?: number } | undefined)?.n;
    if (total !== options.cases) throw new Error(`baseline counted ${total}, not ${options.cases}`);
    record('baseline', baseline.ms, `${total} documents`);

    step('countCodedCases');
    const grouped = await timed(() => cases.countCodedCases(FROM, TO));
    const coded = grouped.value.reduce((sum, row) => sum + row.count, 0);
    record('countCodedCases', grouped.ms, `${grouped.value.length} groups, ${coded} cases`);

    for (const [key, request] of [
      ['previewCategory', TABLE_CATEGORY],
      ['previewCountry', TABLE_COUNTRY],
      ['previewOutcome', TABLE_OUTCOME],
    ] as const) {
      step(`preview ${key}`);
      const preview = await timed(() => stats.preview(ACTOR, request));
      record(key, preview.ms, describePreview(preview.value));
    }

    // The in-memory part, on the counts this round's countCodedCases returned.
    timeInMemory(toCodeCounts(grouped.value), record);
  }
  const cutAtBudget = rounds < options.runs;

  step('release');
  const released = await timed(() => stats.release(ACTOR, TABLE_RELEASED));
  record(
    'release',
    released.ms,
    `${released.value.risk.cellsPublished} cells published, ${released.value.risk.cellsSuppressed} suppressed; files built`,
  );
  let linkedRounds = 0;
  while (linkedRounds < rounds && (linkedRounds === 0 || !isOverBudget())) {
    linkedRounds += 1;
    step(`linked preview ${linkedRounds}`);
    const preview = await timed(() => stats.preview(ACTOR, TABLE_LINKED));
    if (preview.value.risk.earlierReleasesConsidered < 1) {
      throw new Error('the linked preview did not consider the earlier release');
    }
    record('previewLinked', preview.ms, describePreview(preview.value));
  }
  return { results, rounds, linkedRounds, cutAtBudget: cutAtBudget || linkedRounds < rounds };
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

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

const PREVIEWS: readonly MeasureKey[] = [
  'previewCategory',
  'previewCountry',
  'previewOutcome',
  'previewLinked',
];

const APP_CALLS: readonly MeasureKey[] = ['countCodedCases', ...PREVIEWS, 'release'];

function slowestPreviewMs(results: Results): number {
  return Math.max(...PREVIEWS.flatMap((key) => results[key].samplesMs));
}

function isFastEnough(results: Results): boolean {
  return slowestPreviewMs(results) < VERDICT_LIMIT_MS;
}

function printResults(report: {
  machine: MachineInfo;
  seed: SeedResults;
  measured: MeasureOutcome;
  rss: RssSampler;
  requestedRuns: number;
  elapsedSeconds: number;
}): void {
  const { machine, seed, measured, rss } = report;
  const { results } = measured;
  write();
  write('=== Amanat statistics benchmark (issue 6: aggregating 1,000,000 cases takes seconds) ===');
  write(
    `machine: ${machine.cpus} cpus (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, ` +
      `node ${machine.node}, db ${machine.database}, load average at start ${machine.loadAverage1m}`,
  );
  write(
    `seeded: ${seed.cases} cases (${seed.coded} coded, ${seed.uncoded} not coded; ${seed.closed} closed), ` +
      `months ${FROM}..${TO}, ${COUNTRIES.length} countries (largest ${seed.largestCountry.code} ` +
      `${seed.largestCountry.cases}, filter ${seed.midCountry.code} ${seed.midCountry.cases}, ` +
      `smallest ${seed.smallestCountry.code} ${seed.smallestCountry.cases} coded cases)` +
      (seed.collectionMiB === null ? '' : `, ${seed.collectionMiB} MiB of documents`),
  );
  write(
    `set-up (not measured): inserting took ${seed.insertSeconds.toFixed(1)} s ` +
      `(${Math.round(seed.cases / seed.insertSeconds)} cases/s, unordered insertMany of ${seed.batch}); ` +
      `indexes ${seed.indexSeconds.toFixed(1)} s`,
  );
  write();
  const baseline = results.baseline.medianMs;
  write(
    `Median of ${measured.rounds} run(s), interleaved round by round; ratio = median / baseline median ` +
      `(${baseline.toFixed(0)} ms)`,
  );
  if (measured.cutAtBudget) {
    write(
      `  CUT SHORT: --max-seconds ran out after ${measured.rounds} of ${report.requestedRuns} rounds ` +
        `(${measured.linkedRounds} linked previews)`,
    );
  }
  const widths = [46, 11, 7, 30];
  write(row(['measurement', 'median ms', 'ratio', 'runs ms'], widths) + '  what came back');
  for (const key of Object.keys(LABELS) as MeasureKey[]) {
    const entry = results[key];
    const digits = entry.medianMs < 10 ? 2 : 0;
    write(
      row(
        [
          entry.label,
          entry.medianMs.toFixed(digits),
          (entry.medianMs / baseline).toFixed(key === 'tabulate' || key === 'protect' ? 4 : 2),
          entry.samplesMs.map((ms) => ms.toFixed(digits)).join(' / '),
        ],
        widths,
      ) + `  ${entry.detail}`,
    );
  }
  const { countCodedCases, previewCategory, tabulate: tabulated, protect } = results;
  write(
    `  (c)-(e), (g), (h): StatsService end to end: ledger read, aggregation, table, suppression ` +
      `audit, rounding, audit-log entry; (g) once only, it also builds and hashes the files`,
  );
  write(
    `  DB share of preview (c): ~${Math.round((countCodedCases.medianMs / previewCategory.medianMs) * 100)}% ` +
      `(countCodedCases / preview); in-memory (f1+f2) ${(tabulated.medianMs + protect.medianMs).toFixed(1)} ms`,
  );
  write(
    `peak RSS while measuring: bench process ${mib(rss.peakBytes)}` +
      (rss.peakDatabaseBytes > 0 ? `, local database server ${mib(rss.peakDatabaseBytes)}` : ''),
  );
  // The app's calls, each waiting on one aggregation answered in one round trip.
  const overTimeout = APP_CALLS.filter(
    (key) => Math.max(...results[key].samplesMs) > APP_SOCKET_TIMEOUT_MS,
  );
  if (overTimeout.length > 0) {
    write(
      `over the app's ${APP_SOCKET_TIMEOUT_MS / 1000} s socket timeout (server/platform/db.ts; the ` +
        `bench waits, the app would answer with an error): ` +
        overTimeout.map((key) => LABELS[key].split(' ')[0]).join(' '),
    );
  }
  write(
    `seconds, not minutes: ${isFastEnough(results) ? 'yes' : 'no'} (slowest preview run ` +
      `${(slowestPreviewMs(results) / 1000).toFixed(1)} s; limit ${VERDICT_LIMIT_MS / 1000} s, at ${seed.cases} cases)`,
  );
  write();
  write(
    `bench took ${report.elapsedSeconds.toFixed(1)} s; results in ${relative(REPO_ROOT, RESULT_FILE)}`,
  );
}

// ---------------------------------------------------------------------------------------------

async function runBench(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0] ?? 0;
  mkdirSync(BENCH_DIR, { recursive: true });

  const database = await startBenchDatabase(cleanup);
  const connection = await connectBenchDatabase(benchUri(database.uri), cleanup);

  progress(`seeding ${options.cases} coded cases in batches of ${options.batch}`);
  const seed = await seedCases(connection, options);
  progress(`set-up done`);

  const rss = new RssSampler(database.kind !== 'external');
  rss.start();
  let measured: MeasureOutcome;
  try {
    measured = await measure(connection, options);
  } finally {
    rss.stop();
  }
  const { results } = measured;

  const machine = describeMachine(database, loadAtStart);
  const elapsedSeconds = (performance.now() - started) / 1000;
  printResults({ machine, seed, measured, rss, requestedRuns: options.runs, elapsedSeconds });
  const baseline = results.baseline.medianMs;
  writeFileSync(
    RESULT_FILE,
    `${JSON.stringify(
      {
        when: new Date().toISOString(),
        machine,
        options,
        seed,
        rounds: measured.rounds,
        linkedRounds: measured.linkedRounds,
        cutAtBudget: measured.cutAtBudget,
        results,
        ratiosToBaseline: Object.fromEntries(
          Object.entries(results).map(([key, entry]) => [key, entry.medianMs / baseline]),
        ),
        peakRssBytes: { bench: rss.peakBytes, database: rss.peakDatabaseBytes || null },
        secondsNotMinutes: isFastEnough(results),
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
      `bench:stats failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
