/**
 * `npm run bench:stats`: "aggregating 1,000,000 cases takes seconds, not minutes", as ratios to
 * a baseline taken in the same run. After seeding --cases coded triage records (stats-cases.ts),
 * up to --runs rounds (none after --max-seconds) each time (a) the baseline, one `$group` of the
 * whole collection to a count (the least that reads every document); (b) countCodedCases over
 * the 36 months, and (b1) over one; (c-e) StatsService.preview end to end for three tables; (f)
 * the in-memory part alone on (b)'s counts. Then one release (a second would change what the
 * next links to) and as many previews that overlap it. Medians, with their ratio to the
 * baseline's; peak RSS sampled every 50 ms. The bench's connection has no socket timeout, so a
 * slow call (minutes on FerretDB v1 at 1,000,000 cases) is timed, and the output names those the
 * app's 30 s timeout would have failed. Reports only: exits 0 however slow.
 */
import { readFileSync } from 'node:fs';
import type { Connection } from 'mongoose';
import type { StatsRequest } from '../../server/features/stats';
import { protectTable } from '../../server/features/stats/disclosure-control';
import { OPEN_OUTCOME, shapeFor, tabulate } from '../../server/features/stats/stats-table';
import { buildCoreServices } from '../../server/services';
import { count } from './kit/options';
import { defineBench, type Kit } from './kit/run';
import { median, secondsSince, timed } from './kit/stats';
import { fixed, ms, row, table, thousands, yesNo } from './kit/summary';
import { COUNTRIES, FROM, MID_COUNTRY, NOW, SETTINGS, TO, seedCodedCases } from './stats-cases';

const ACTOR = 'bench.analyst';
/**
 * A month in the middle of the 36: FerretDB v1 groups month by month (server/platform/engine.ts
 * groupsInOnePass), so a table over 36 months costs about 36 of these there.
 */
const ONE_MONTH = '2024-06';
/** "Seconds, not minutes": every preview (its slowest run) must finish within this. */
const VERDICT_LIMIT_MS = 60_000;
const RSS_SAMPLE_MS = 50;
/** server/platform/db.ts SOCKET_TIMEOUT_MS: in the app, a database call that outlasts it fails. */
const APP_SOCKET_TIMEOUT_MS = 30_000;

type Table = Pick<StatsRequest, 'columns' | 'periodUnit' | 'from'> & Partial<StatsRequest>;
const request = (table: Table): StatsRequest => ({ to: TO, audience: 'public', ...table });
const TABLES = {
  previewCategory: request({ columns: 'category', periodUnit: 'month', from: FROM }),
  previewCountry: request({ columns: 'country', periodUnit: 'quarter', from: FROM }),
  previewOutcome: request({
    columns: 'outcome',
    periodUnit: 'month',
    from: FROM,
    filter: { country: MID_COUNTRY },
  }),
  release: request({ columns: 'category', periodUnit: 'quarter', from: '2023-01', to: '2024-12' }),
  previewLinked: request({ columns: 'category', periodUnit: 'month', from: '2024-01' }),
};

const LABELS = {
  baseline: '(a) baseline: $group of all cases to a count',
  countCodedCases: '(b) countCodedCases, 36 months',
  oneMonth: `(b1) countCodedCases, one month (${ONE_MONTH})`,
  previewCategory: '(c) preview month x category, 36 months',
  previewCountry: '(d) preview quarter x country, 36 months',
  previewOutcome: `(e) preview month x outcome, ${MID_COUNTRY} only`,
  tabulate: '(f1) in memory: shapeFor + tabulate of (c)',
  protect: '(f2) in memory: protectTable of (c)',
  release: '(g) release quarter x category, 2023-24',
  previewLinked: '(h) preview month x category 2024-25, linked',
};
type Key = keyof typeof LABELS;
const PREVIEWS = ['previewCategory', 'previewCountry', 'previewOutcome', 'previewLinked'] as const;
const APP_CALLS: readonly Key[] = ['countCodedCases', ...PREVIEWS, 'release'];

interface Measurement {
  readonly samplesMs: number[];
  medianMs: number;
  /** What came back, to show the work was real (groups, cells published / suppressed ...). */
  detail: string;
}

export const stats = defineBench({
  name: 'stats',
  title: 'statistics aggregation',
  description: 'Statistics over many coded cases: aggregation and preview time, as ratios',
  options: {
    cases: count('coded cases to seed', 1_000_000, 1000, 10_000_000),
    runs: count('timed runs of each measurement', 3, 1, 50),
    batch: count('documents per insertMany', 10_000, 100, 100_000),
    maxSeconds: count('no new measured round after this long (s)', 900, 1, 86_400),
  },
  run: async (kit, o) => {
    const database = await kit.database({ untimed: true });
    kit.log(`seeding ${o.cases} coded cases in batches of ${o.batch}`);
    const seed = await seedCodedCases(database.connection, o.cases, o.batch, kit.log);
    const rss = rssSampler(database.server.kind !== 'external');
    const measured = await measure(kit, database.connection, o).finally(() => rss.stop());
    const slowestPreviewMs = Math.max(
      ...PREVIEWS.flatMap((key) => measured.results[key].samplesMs),
    );
    const secondsNotMinutes = slowestPreviewMs < VERDICT_LIMIT_MS;
    return { seed, ...measured, peakRss: rss.peak, slowestPreviewMs, secondsNotMinutes };
  },
  print: (r, out, o) => {
    const { seed, results } = r;
    const [largest, mid, smallest] = seed.countries.map(({ code, cases }) => `${code} ${cases}`);
    const mib = (bytes: number): string => `${Math.round(bytes / 1024 ** 2)} MiB`;
    const baseline = results.baseline.medianMs;
    const rows = (Object.keys(LABELS) as Key[]).map((key) => {
      const { medianMs, samplesMs, detail } = results[key];
      const digits = medianMs < 10 ? 2 : 0;
      const ratio = (medianMs / baseline).toFixed(key === 'tabulate' || key === 'protect' ? 4 : 2);
      const runs = samplesMs.map((v) => v.toFixed(digits)).join(' / ');
      return [LABELS[key], medianMs.toFixed(digits), ratio, runs, detail];
    });
    const { countCodedCases, previewCategory, tabulate: tabulated, protect, oneMonth } = results;
    // The app's calls, each waiting on one aggregation answered in one round trip.
    const overTimeout = APP_CALLS.filter(
      (key) => Math.max(...results[key].samplesMs) > APP_SOCKET_TIMEOUT_MS,
    ).map((key) => LABELS[key].split(' ')[0]);
    out([
      `seeded: ${seed.cases} cases (${seed.coded} coded, ${seed.uncoded} not coded; ${seed.closed} closed), ` +
        `months ${FROM}..${TO}, ${COUNTRIES.length} countries (largest ${largest}, filter ${mid}, ` +
        `smallest ${smallest} coded cases)` +
        (seed.collectionMiB === null ? '' : `, ${seed.collectionMiB} MiB of documents`),
      `set-up (not measured): inserting took ${seed.insertSeconds.toFixed(1)} s ` +
        `(${Math.round(seed.cases / seed.insertSeconds)} cases/s, unordered insertMany of ${seed.batch}); ` +
        `indexes ${seed.indexSeconds.toFixed(1)} s`,
      '',
      `Median of ${r.rounds} run(s), interleaved round by round; ratio = median / baseline median (${baseline.toFixed(0)} ms)`,
      ...(r.cutAtBudget
        ? [
            `  CUT SHORT: --max-seconds ran out after ${r.rounds} of ${o.runs} rounds (${r.linkedRounds} linked previews)`,
          ]
        : []),
      ...table('measurement|median ms|ratio|runs ms|what came back', rows, [0, 4]),
      `  (c)-(e), (g), (h): StatsService end to end: ledger read, aggregation, table, suppression audit, ` +
        `rounding, audit-log entry; (g) once only, it also builds and hashes the files`,
      `  DB share of preview (c): ~${Math.round((countCodedCases.medianMs / previewCategory.medianMs) * 100)}% ` +
        `(countCodedCases / preview); in-memory (f1+f2) ${(tabulated.medianMs + protect.medianMs).toFixed(1)} ms`,
      `  per-month grouping: (b1) ${oneMonth.medianMs.toFixed(0)} ms for one month (${oneMonth.detail}); ` +
        `FerretDB v1 groups month by month (engine.ts), so 36 months cost about 36 × that ` +
        `= ${((36 * oneMonth.medianMs) / 1000).toFixed(0)} s there`,
      `peak RSS while measuring: bench process ${mib(r.peakRss.bench)}` +
        (r.peakRss.database > 0 ? `, local database server ${mib(r.peakRss.database)}` : ''),
      ...(overTimeout.length > 0
        ? [
            `over the app's ${APP_SOCKET_TIMEOUT_MS / 1000} s socket timeout (server/platform/db.ts; the bench ` +
              `waits, the app would answer with an error): ${overTimeout.join(' ')}`,
          ]
        : []),
      `seconds, not minutes: ${yesNo(r.secondsNotMinutes)} (slowest preview run ` +
        `${(r.slowestPreviewMs / 1000).toFixed(1)} s; limit ${VERDICT_LIMIT_MS / 1000} s, at ${seed.cases} cases)`,
    ]);
  },
  summary: ({ seed, results, secondsNotMinutes }) => {
    const [preview, baseline] = [results.previewCategory.medianMs, results.baseline.medianMs];
    const cases = thousands(seed.cases);
    return [
      row(`stats preview month × category, ${cases} cases`, ms(preview), {
        baseline: `${ms(baseline)} $group count`,
        ratio: fixed(preview / baseline, 1),
        budget: 'seconds, not minutes',
        met: `${yesNo(secondsNotMinutes)} (at ${cases})`,
        about:
          'StatsService.preview of month × category over 36 months, end to end, beside one $group count',
      }),
      row(`stats: one month’s grouping, ${cases} cases`, ms(results.oneMonth.medianMs), {
        baseline: `${ms(results.countCodedCases.medianMs)} all 36 months`,
        ratio: fixed(results.oneMonth.medianMs / results.countCodedCases.medianMs, 3),
        about:
          'countCodedCases for one incident month, beside the same over 36 months: where the engine ' +
          'cannot group in one pass (FerretDB v1, server/platform/engine.ts) it is asked month by month',
      }),
    ];
  },
});

async function measure(
  kit: Kit,
  connection: Connection,
  o: { cases: number; runs: number; maxSeconds: number },
) {
  // The StatsService as the server builds it (server/services.ts), at a fixed NOW.
  const services = buildCoreServices({ connection, clock: () => NOW });
  const cases = services.repositories.cases;
  const service = services.statsWith(SETTINGS);
  const results = {} as Record<Key, Measurement>;
  const record = (key: Key, sample: number, detail: string): void => {
    const entry = (results[key] ??= { samplesMs: [], medianMs: 0, detail });
    entry.samplesMs.push(sample);
    entry.medianMs = median(entry.samplesMs);
    entry.detail = detail;
  };
  type Answer = Pick<Awaited<ReturnType<typeof service.preview>>, 'table' | 'risk'>;
  const cells = ({ risk }: Answer) =>
    `${risk.cellsPublished} cells published, ${risk.cellsSuppressed} suppressed`;
  const linked = ({ risk }: Answer) => risk.earlierReleasesConsidered;
  const describe = (answer: Answer): string =>
    cells(answer) + (linked(answer) > 0 ? `, linked with ${linked(answer)} release(s)` : '');
  const groups = (counts: { count: number }[]) =>
    `${counts.length} groups, ${counts.reduce((sum, group) => sum + group.count, 0)} cases`;
  const started = performance.now();
  const overBudget = (): boolean => secondsSince(started) > o.maxSeconds;
  /** Times `run` as measurement `key`; `read` checks what came back (after timing) and says it. */
  const time = async <T>(key: Key, run: () => Promise<T> | T, read: (value: T) => string) => {
    kit.log(`${LABELS[key]} (${secondsSince(started).toFixed(0)} s into measuring)`);
    const { ms, value } = await timed(run);
    record(key, ms, read(value));
    return value;
  };

  let rounds = 0;
  while (rounds < o.runs && (rounds === 0 || !overBudget())) {
    rounds += 1;
    kit.log(`round ${rounds} of ${o.runs}`);
    const group = [{ $group: { _id: null, n: { $sum: 1 } } }];
    const all = () => connection.db!.collection('cases').aggregate(group).toArray();
    await time('baseline', all, (value) => {
      const total = (value[0] as { n?: number } | undefined)?.n;
      if (total !== o.cases) throw new Error(`baseline counted ${total}, not ${o.cases}`);
      return `${total} documents`;
    });
    const grouped = await time('countCodedCases', () => cases.countCodedCases(FROM, TO), groups);
    await time('oneMonth', () => cases.countCodedCases(ONE_MONTH, ONE_MONTH), groups);
    for (const key of ['previewCategory', 'previewCountry', 'previewOutcome'] as const)
      await time(key, () => service.preview(ACTOR, TABLES[key]), describe);
    // (f): table (c) built and protected from the counts this round's countCodedCases returned
    // (with open cases' outcome as StatsService's private toCodeCounts sets it).
    const counts = grouped.map((group) => ({ ...group, outcome: group.outcome ?? OPEN_OUTCOME }));
    const shape = () => shapeFor(TABLES.previewCategory, counts, SETTINGS.publicK);
    const into = (table: { grid: unknown[] }) =>
      `${counts.length} groups into ${table.grid.length} rows`;
    const tabulated = await time('tabulate', () => tabulate(shape(), counts), into);
    const protect = () => protectTable(tabulated, SETTINGS.publicK, [], counts);
    await time('protect', protect, (protection) => {
      return `${protection?.suppressed.flat().filter(Boolean).length ?? 'all'} values suppressed`;
    });
  }

  const release = () => service.release(ACTOR, TABLES.release);
  await time('release', release, (released) => `${cells(released)}; files built`);
  const linkedPreview = () => service.preview(ACTOR, TABLES.previewLinked);
  const checkLinked = (preview: Answer): string => {
    if (linked(preview) < 1) throw new Error('the linked preview did not consider the release');
    return describe(preview);
  };
  let linkedRounds = 0;
  while (linkedRounds < rounds && (linkedRounds === 0 || !overBudget())) {
    linkedRounds += 1;
    await time('previewLinked', linkedPreview, checkLinked);
  }
  return { results, rounds, linkedRounds, cutAtBudget: rounds < o.runs || linkedRounds < rounds };
}

/** Peak resident set sizes: this process's, and its children's (the local database) on Linux. */
function rssSampler(includeDatabase: boolean) {
  const peak = { bench: 0, database: 0 };
  const rssOf = (pid: string): number =>
    Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) *
    1024;
  const childrenRss = (): number => {
    try {
      const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8');
      return children
        .split(/\s+/)
        .filter(Boolean)
        .map(rssOf)
        .reduce((a, b) => a + b, 0);
    } catch {
      return 0;
    }
  };
  const sample = (): void => {
    peak.bench = Math.max(peak.bench, process.memoryUsage().rss);
    if (includeDatabase) peak.database = Math.max(peak.database, childrenRss());
  };
  sample();
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  timer.unref();
  return { peak, stop: () => (clearInterval(timer), sample()) };
}
