/**
 * `npm run bench`: every benchmark once, one after another, with sizes that suit a 2-core
 * machine, then one summary table: measure, value, the baseline measured in the same run, their
 * ratio, the DESIGN.md budget and whether it is met (issue 7).
 *
 *   npx tsx scripts/bench/all.ts [--only intake,reporter,inbox,stats,load]
 *
 * Each bench runs as its own child process (`node --import tsx`), printing its full output here;
 * its figures are then read from the results file it writes under .data/bench/ (each bench
 * already writes one; a file older than the child's start counts as no result). Benches run one
 * at a time so none measures beside another. MONGODB_URI, if set, is passed on (each bench then
 * uses its own database on that server); otherwise each starts and stops its own local one.
 *
 * Exit code 1 if a bench could not run or a correctness check failed (intake's zero lost or
 * duplicated reports, the mixed load's audit). A budget that is not met is reported, not failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { FERRETDB_VERSION } from '../local-db/local-db';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BENCH_DIR = join(REPO_ROOT, '.data', 'bench');
const SUMMARY_FILE = join(BENCH_DIR, 'summary.json');
const KB = 1000;

/** One line of the summary table. */
interface SummaryRow {
  readonly measure: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly budget: string;
  /** 'yes' / 'no'; '—' where DESIGN.md sets no number; 'FAIL' for a failed correctness check. */
  readonly met: string;
}

interface BenchStep {
  readonly key: string;
  readonly title: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly resultFile: string;
  /** How this run differs from the bench's defaults, and why. */
  readonly note: string;
  /** Rows from the results file; `correct` false when a correctness check failed. */
  summarise(result: JsonObject): { rows: SummaryRow[]; correct: boolean };
}

type JsonObject = Record<string, unknown>;

/** Reads a number at a dotted path, or throws naming the path (a results file changed shape). */
function num(source: JsonObject, path: string): number {
  const value = at(source, path);
  if (typeof value !== 'number') throw new Error(`no number at ${path}`);
  return value;
}

function at(source: JsonObject, path: string): unknown {
  let value: unknown = source;
  for (const key of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as JsonObject)[key] : undefined;
  }
  return value;
}

function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function ms(value: number): string {
  return `${fixed(value, value < 10 ? 2 : 1)} ms`;
}

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

function yesNo(ok: boolean): string {
  return ok ? 'yes' : 'no';
}

const INBOX_CASES = 4_000;
const STATS_CASES = 5_000;
const LOAD_SECONDS = 20;

const STEPS: readonly BenchStep[] = [
  {
    key: 'intake',
    title: 'intake vs bare Express (bench:intake)',
    script: 'scripts/bench/intake.ts',
    args: ['--duration', '10'],
    resultFile: 'intake.json',
    note: '10 s per phase (default 20 s)',
    summarise: (result) => {
      const ratio = num(result, 'ratios.intakeOverBareRequestsPerSecond');
      const correct = at(result, 'exactlyOnce.pass') === true;
      return {
        correct,
        rows: [
          {
            measure: 'intake throughput, ~4 KiB reports',
            value: `${fixed(num(result, 'targets.intake.requestsPerSecond'), 0)} req/s`,
            baseline: `${fixed(num(result, 'targets.bare.requestsPerSecond'), 0)} req/s bare Express`,
            ratio: fixed(ratio, 3),
            budget: '≥ 0.5',
            met: yesNo(ratio >= 0.5),
          },
          {
            measure: 'intake p99 latency',
            value: ms(num(result, 'targets.intake.p99Ms')),
            baseline: `${ms(num(result, 'targets.bare.p99Ms'))} bare Express`,
            ratio: fixed(num(result, 'ratios.intakeOverBareP99'), 1),
            budget: '—',
            met: '—',
          },
          {
            measure: 'intake: zero lost or duplicated reports',
            value: `${correct ? 'PASS' : 'FAIL'} (${num(result, 'exactlyOnce.reportsInDatabase')} stored)`,
            baseline: '—',
            ratio: '—',
            budget: 'zero',
            met: correct ? 'yes' : 'FAIL',
          },
        ],
      };
    },
  },
  {
    key: 'reporter',
    title: 'reporter page weight and browser encryption (bench:reporter)',
    script: 'scripts/bench/reporter.ts',
    args: [],
    resultFile: 'reporter.json',
    note: 'defaults (20 MiB, median of 5 runs)',
    summarise: (result) => {
      const firstLoad = num(result, 'sizes.firstLoad.gzipBytes');
      const lazy = num(result, 'sizes.lazy.gzipBytes');
      const ratio = num(result, 'encryption.ratioOpenpgpToAesCbc');
      return {
        correct: true,
        rows: [
          {
            measure: 'reporter page first load (gzip)',
            value: kb(firstLoad),
            baseline: '60 KB budget',
            ratio: fixed(firstLoad / (60 * KB)),
            budget: '≤ 60 KB',
            met: yesNo(firstLoad <= 60 * KB),
          },
          {
            measure: 'OpenPGP.js, loaded when needed (gzip)',
            value: kb(lazy),
            baseline: 'about 70 KB',
            ratio: fixed(lazy / (70 * KB)),
            budget: 'about 70 KB',
            met: '—',
          },
          {
            measure: 'browser encryption of 20 MiB (Chromium)',
            value: `${fixed(num(result, 'encryption.openpgp.mibPerSecond'), 0)} MiB/s`,
            baseline: `${fixed(num(result, 'encryption.aesCbc.mibPerSecond'), 0)} MiB/s WebCrypto AES-CBC`,
            ratio: fixed(ratio),
            budget: '≥ 0.5',
            met: yesNo(ratio >= 0.5),
          },
        ],
      };
    },
  },
  {
    key: 'inbox',
    title: `inbox page time, ${INBOX_CASES.toLocaleString('en')} cases (bench:inbox)`,
    script: 'scripts/bench/inbox.ts',
    args: [
      '--cases',
      String(INBOX_CASES),
      '--requests',
      '15',
      '--warmup',
      '3',
      '--browser-runs',
      '3',
    ],
    resultFile: 'inbox.json',
    note: `${INBOX_CASES.toLocaleString('en')} cases (default 10,000; enough for a full filtered page), 15 requests, 3 browser runs: seeding and each measured round of 10,000 on FerretDB take minutes`,
    summarise: (result) => {
      const page = num(result, 'server.filtered.stats.p50Ms');
      const caseView = num(result, 'server.caseView.stats.p50Ms');
      const session = num(result, 'server.session.stats.p50Ms');
      const reports = num(result, 'browser.reports');
      return {
        correct: true,
        rows: [
          {
            measure: `inbox filtered first page, ${INBOX_CASES.toLocaleString('en')} cases (p50)`,
            value: ms(page),
            baseline: `${ms(session)} GET /api/auth/session`,
            ratio: fixed(page / session, 1),
            budget: 'responsive (no number)',
            met: '—',
          },
          {
            measure: `inbox: one case (p50)`,
            value: ms(caseView),
            baseline: `${ms(session)} GET /api/auth/session`,
            ratio: fixed(caseView / session, 1),
            budget: 'responsive (no number)',
            met: '—',
          },
          {
            measure: `inbox: decrypt the page’s ${reports} reports (Chromium)`,
            value: ms(num(result, 'browser.openpgpMedianMs')),
            baseline: `${ms(num(result, 'browser.aesGcmMedianMs'))} WebCrypto AES-GCM`,
            ratio: fixed(num(result, 'browser.ratioOpenpgpToAesGcm'), 1),
            budget: '—',
            met: '—',
          },
        ],
      };
    },
  },
  {
    key: 'stats',
    title: `statistics aggregation, ${STATS_CASES.toLocaleString('en')} cases (bench:stats)`,
    script: 'scripts/bench/stats.ts',
    args: ['--cases', String(STATS_CASES), '--runs', '1'],
    resultFile: 'stats.json',
    note: `${STATS_CASES.toLocaleString('en')} cases, 1 run (default 1,000,000 and 3): on FerretDB v1 countCodedCases grows with cases × groups (stats.ts: minutes at 20,000)`,
    summarise: (result) => {
      const preview = num(result, 'results.previewCategory.medianMs');
      const baseline = num(result, 'results.baseline.medianMs');
      const fast = at(result, 'secondsNotMinutes') === true;
      return {
        correct: true,
        rows: [
          {
            measure: `stats preview month × category, ${STATS_CASES.toLocaleString('en')} cases`,
            value: ms(preview),
            baseline: `${ms(baseline)} $group count`,
            ratio: fixed(preview / baseline, 1),
            budget: 'seconds, not minutes',
            met: `${yesNo(fast)} (at ${STATS_CASES.toLocaleString('en')})`,
          },
        ],
      };
    },
  },
  {
    key: 'load',
    title: 'mixed load, two instances (bench:load)',
    script: 'scripts/bench/mixed-load.ts',
    args: ['--seconds', String(LOAD_SECONDS)],
    resultFile: 'mixed-load.json',
    note: `${LOAD_SECONDS} s, 16 connections (defaults)`,
    summarise: (result) => {
      const correct = at(result, 'audit.pass') === true;
      const p99 = (kind: string): string => ms(num(result, `kinds.${kind}.p99Ms`));
      return {
        correct,
        rows: [
          {
            measure: 'mixed load, 2 instances: all requests',
            value: `${fixed(num(result, 'kinds.all.requestsPerSecond'), 1)} req/s`,
            baseline: '—',
            ratio: '—',
            budget: '—',
            met: '—',
          },
          {
            measure: 'mixed load: new reports',
            value: `${fixed(num(result, 'kinds.report.requestsPerSecond'), 1)} req/s, p99 ${p99('report')}`,
            baseline: '—',
            ratio: '—',
            budget: '—',
            met: '—',
          },
          {
            measure: 'mixed load: parts / look-ups / inbox p99',
            value: `${p99('part')} / ${p99('receipt')} / ${p99('inbox')}`,
            baseline: '—',
            ratio: '—',
            budget: '—',
            met: '—',
          },
          {
            measure: 'mixed load audit (exactly once, none half-stored)',
            value: `${correct ? 'PASS' : 'FAIL'} (${num(result, 'audit.reports.reportsInDatabase')} reports, ${num(result, 'audit.parts.partsInDatabase')} parts)`,
            baseline: '—',
            ratio: '—',
            budget: 'zero lost or duplicated',
            met: correct ? 'yes' : 'FAIL',
          },
        ],
      };
    },
  },
];

function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function write(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Runs one bench script to its end; its output goes straight to ours. */
function runChild(step: BenchStep): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', step.script, ...step.args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}

interface StepOutcome {
  readonly step: BenchStep;
  readonly exitCode: number;
  readonly seconds: number;
  readonly rows: SummaryRow[];
  readonly correct: boolean;
  readonly error?: string;
  readonly result?: JsonObject;
}

/** The results file, if the child wrote it after `startedAtMs` (else it is an old run's). */
function readFreshResult(step: BenchStep, startedAtMs: number): JsonObject | undefined {
  const file = join(BENCH_DIR, step.resultFile);
  if (!existsSync(file) || statSync(file).mtimeMs < startedAtMs) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

async function runStep(step: BenchStep): Promise<StepOutcome> {
  write();
  write(`##### ${step.title}: ${step.note}`);
  write(`##### ${['npx tsx', step.script, ...step.args].join(' ')}`);
  const startedAtMs = Date.now();
  const started = performance.now();
  const exitCode = await runChild(step).catch((error: unknown) => {
    progress(`could not start ${step.script}: ${String(error)}`);
    return 1;
  });
  const seconds = (performance.now() - started) / 1000;
  const result = readFreshResult(step, startedAtMs);
  if (!result) {
    return {
      step,
      exitCode,
      seconds,
      rows: [],
      correct: false,
      error: `exit code ${exitCode}, no results file`,
    };
  }
  try {
    const { rows, correct } = step.summarise(result);
    return { step, exitCode, seconds, rows, correct, result };
  } catch (error) {
    return {
      step,
      exitCode,
      seconds,
      rows: [],
      correct: false,
      error: `results file unreadable: ${error instanceof Error ? error.message : String(error)}`,
      result,
    };
  }
}

function databaseOf(outcomes: readonly StepOutcome[]): string {
  const kinds = new Set<string>();
  for (const outcome of outcomes) {
    const kind = at(outcome.result ?? {}, 'machine.database');
    if (typeof kind === 'string') kinds.add(kind.split(' ')[0]!);
  }
  return [...kinds]
    .map((kind) => (kind === 'ferretdb' ? `FerretDB ${FERRETDB_VERSION} (SQLite backend)` : kind))
    .join(', ');
}

function chromiumOf(outcomes: readonly StepOutcome[]): string {
  for (const outcome of outcomes) {
    const version = at(outcome.result ?? {}, 'machine.chromium');
    if (typeof version === 'string') return version;
  }
  return '?';
}

function printSummary(
  outcomes: readonly StepOutcome[],
  loadAtStart: number,
  seconds: number,
): void {
  const cpuList = cpus();
  write();
  write('=================================== SUMMARY ===================================');
  write(
    `machine: ${cpuList.length} cpus (${cpuList[0]?.model.trim() ?? 'unknown'}), ` +
      `${(totalmem() / 1024 ** 3).toFixed(1)} GiB, ${platform()} ${arch()}, node ${process.version}, ` +
      `db ${databaseOf(outcomes) || '?'}, chromium ${chromiumOf(outcomes)}; ` +
      `load average at start ${loadAtStart.toFixed(2)}, at end ${(loadavg()[0] ?? 0).toFixed(2)}`,
  );
  const header = ['measure', 'value', 'baseline (same run)', 'ratio', 'DESIGN.md budget', 'met?'];
  const rows: string[][] = [];
  for (const outcome of outcomes) {
    if (outcome.error) {
      rows.push([outcome.step.title, `NOT MEASURED: ${outcome.error}`, '', '', '', 'FAIL']);
      continue;
    }
    for (const row of outcome.rows) {
      rows.push([row.measure, row.value, row.baseline, row.ratio, row.budget, row.met]);
    }
  }
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join(' | ')
      .trimEnd();
  write(line(header));
  write(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const row of rows) write(line(row));
  write();
  for (const outcome of outcomes) {
    write(
      `  ${outcome.step.key}: ${outcome.step.note}; took ${outcome.seconds.toFixed(0)} s, exit code ${outcome.exitCode}`,
    );
  }
  write(
    `all benches took ${(seconds / 60).toFixed(1)} min; summary in ${relative(REPO_ROOT, SUMMARY_FILE)}`,
  );
}

async function main(): Promise<void> {
  const program = new Command('bench')
    .description('Every benchmark once, then one summary table of ratios and budgets')
    .option('--only <keys>', `comma-separated subset of: ${STEPS.map((s) => s.key).join(',')}`)
    .parse(process.argv);
  const only = program.opts<{ only?: string }>().only?.split(',');
  const steps = only ? STEPS.filter((step) => only.includes(step.key)) : STEPS;
  if (steps.length === 0)
    throw new Error(`--only names none of ${STEPS.map((s) => s.key).join(',')}`);

  mkdirSync(BENCH_DIR, { recursive: true });
  const loadAtStart = loadavg()[0] ?? 0;
  const started = performance.now();
  const outcomes: StepOutcome[] = [];
  for (const step of steps) outcomes.push(await runStep(step));
  const seconds = (performance.now() - started) / 1000;
  printSummary(outcomes, loadAtStart, seconds);
  writeFileSync(
    SUMMARY_FILE,
    `${JSON.stringify(
      {
        when: new Date().toISOString(),
        loadAverageAtStart: loadAtStart,
        seconds,
        benches: outcomes.map((outcome) => ({
          key: outcome.step.key,
          command: ['npx tsx', outcome.step.script, ...outcome.step.args].join(' '),
          note: outcome.step.note,
          exitCode: outcome.exitCode,
          seconds: outcome.seconds,
          correct: outcome.correct,
          error: outcome.error ?? null,
          rows: outcome.rows,
        })),
      },
      null,
      2,
    )}\n`,
  );
  const failed = outcomes.filter((outcome) => outcome.error || !outcome.correct);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
