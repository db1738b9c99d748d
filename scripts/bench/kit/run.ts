/**
 * A bench is a definition (defineBench): typed options, a run that returns a typed result, how
 * that result is printed, and its rows of the summary table. runBench is every bench's command
 * line: it parses the options, hands the run a Kit (database, app, Chromium, each stopped again
 * at the end, even after a failure), prints the result and the machine, writes
 * .data/bench/<name>.json and sends the result to `npm run bench` where that started it. Progress
 * goes to stderr, results to stdout. Exit code 1 if the bench or a correctness check failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../lib/chromium';
import { startTarget, type Target, type TargetSpec } from './app';
import { startDatabase, type BenchDatabase, type DatabaseOptions } from './database';
import { describeMachine, finishMachine, machineNow, type Machine } from './machine';
import { optionArgs, parseOptions, type OptionSpecs, type OptionValues } from './options';
import { secondsSince } from './stats';
import type { SummaryRow } from './summary';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const BENCH_DIR = join(REPO_ROOT, '.data', 'bench');

/** The definition of a bench; R, its result's type, is what `run` returns. */
export interface Bench<S extends OptionSpecs, R> {
  /** `npm run bench:<name>`; also names its results file and its database. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly options: S;
  run(kit: Kit, options: OptionValues<S>): Promise<R>;
  /** Prints the full result (a line, or the lines of a table). */
  print(
    result: R,
    out: (line?: string | readonly string[]) => void,
    options: OptionValues<S>,
  ): void;
  /** Its lines of the summary table. */
  summary(result: R): SummaryRow[];
  /** False when a correctness check failed (lost or duplicated data). Absent: reports only. */
  passed?(result: R): boolean;
}

export const defineBench = <S extends OptionSpecs, R>(bench: Bench<S, R>): Bench<S, R> => bench;

export interface Kit {
  readonly machine: Machine;
  /** Progress, on stderr. */
  readonly log: (line: string) => void;
  /** Runs at the end, in reverse order of registration, each even if an earlier one failed. */
  cleanup(name: string, run: () => Promise<void>): void;
  /** A private local database server (or MONGODB_URI's) with a fresh database of this bench's. */
  database(options?: DatabaseOptions): Promise<BenchDatabase>;
  /** A target in a child process of its own. */
  start(spec: TargetSpec): Promise<Target>;
  /** One Chromium for the whole run. */
  chromium(): Promise<Browser>;
  /** A folder of this bench's under .data/bench. */
  dir(name: string): string;
}

/** What a bench's process sends its parent (`npm run bench`). */
export interface BenchMessage<R> {
  readonly result: R;
  readonly passed: boolean;
  readonly machine: Machine;
}

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);
const out = (lines: string | readonly string[] = ''): void =>
  void process.stdout.write(`${[lines].flat().join('\n')}\n`);
type Step = { name: string; run: () => Promise<void> };

function createKit(name: string, steps: Step[]): Kit {
  const machine = machineNow();
  const cleanup = (step: string, run: () => Promise<void>): number =>
    steps.push({ name: step, run });
  let browser: Promise<Browser> | undefined;
  let databases = 0;
  return {
    machine,
    log,
    cleanup,
    dir: (folder) => join(BENCH_DIR, folder),
    database: async (options = {}) => {
      // Each call its own server and folder, so a bench may hold several (e.g. two sizes).
      const label = databases++ === 0 ? name : `${name}-${databases}`;
      const dataDir = join(BENCH_DIR, `${label}-db`);
      const database = await startDatabase(dataDir, label, options, log, cleanup);
      machine.database = database.server.engine;
      return database;
    },
    start: async (spec) => {
      const target = await startTarget(spec, REPO_ROOT);
      cleanup(`stop ${spec.label}`, () => target.stop());
      log(`${spec.label} listening at ${target.url}`);
      return target;
    },
    chromium: () =>
      (browser ??= launchChromium().then((launched) => {
        machine.chromium = launched.version();
        cleanup('close Chromium', () => launched.close());
        return launched;
      })),
  };
}

export async function runBench<S extends OptionSpecs, R>(
  bench: Bench<S, R>,
  argv: readonly string[],
): Promise<void> {
  const options = parseOptions(bench.name, bench.description, bench.options, argv);
  const steps: Step[] = [];
  const kit = createKit(bench.name, steps);
  const started = performance.now();
  let exitCode = 1;
  try {
    const result = await bench.run(kit, options);
    const passed = bench.passed?.(result) ?? true;
    const machine = finishMachine(kit.machine);
    const file = join(BENCH_DIR, `${bench.name}.json`);
    out(['', `=== Amanat bench: ${bench.title} ===`]);
    bench.print(result, out, options);
    out(['', `machine: ${describeMachine(machine)}`]);
    out(
      `bench took ${secondsSince(started).toFixed(1)} s; results in ${relative(REPO_ROOT, file)}`,
    );
    mkdirSync(BENCH_DIR, { recursive: true });
    const record = { when: new Date().toISOString(), machine, options, passed, result };
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    const message: BenchMessage<R> = { result, passed, machine };
    await new Promise((sent) =>
      process.send ? process.send(message, undefined, {}, sent) : sent(0),
    );
    exitCode = passed ? 0 : 1;
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`bench:${bench.name} failed: ${text}\n`);
  } finally {
    for (const step of steps.reverse()) {
      await step.run().catch((error: unknown) => log(`cleanup: ${step.name}: ${String(error)}`));
    }
  }
  // Chromium's pipes and the database driver's timers would otherwise hold the process open.
  process.exit(exitCode);
}

type Sizes<S extends OptionSpecs> = Partial<OptionValues<S>>;
/** A bench as `npm run bench` runs it: its types closed over, with the sizes it runs at. */
export type BenchEntry = ReturnType<typeof benchEntry>;

/** `note`: how `npm run bench` sizes it (`full`), and why; `quick`: the sizes of --quick. */
export function benchEntry<S extends OptionSpecs, R>(
  bench: Bench<S, R>,
  sizes: { full: Sizes<S>; quick: Sizes<S>; note: string },
) {
  return {
    ...{ name: bench.name, title: bench.title, note: sizes.note },
    args: (quick: boolean) => optionArgs(bench.options, quick ? sizes.quick : sizes.full),
    cli: (argv: readonly string[]) => runBench(bench, argv),
    /** The summary rows of the result this bench's own process sent (BenchMessage). */
    summary: (result: unknown) => bench.summary(result as R),
  };
}
