/**
 * Every bench, with the sizes `npm run bench` runs it at: small enough that the whole run suits a
 * shared 2-core machine (and far smaller with --quick, a smoke test). A new bench is a file that
 * exports a defineBench, a line here, and a `bench:<name>` script in package.json.
 *
 * The statistics and flat-cost benches run at their full sizes (1,000,000 and 100,000 cases) on
 * the server MONGODB_URI names, taken to be MongoDB; on the local FerretDB v1, which reads whole
 * collections where MongoDB reads an index, at the largest sizes that finish in minutes.
 */
import { flat } from './flat-costs';
import { inbox } from './inbox';
import { intake } from './intake';
import { benchEntry } from './kit/run';
import { linking } from './linking';
import { load } from './mixed-load';
import { reporter } from './reporter';
import { stats } from './stats';

const ON_MONGODB = Boolean(process.env['MONGODB_URI']);

export const BENCHES = [
  benchEntry(intake, {
    full: { duration: 10 },
    quick: { duration: 3, warmupReports: 50 },
    note: '10 s per phase (default 20 s)',
  }),
  benchEntry(reporter, {
    full: {},
    quick: { runs: 2 },
    note: 'defaults (20 MiB, median of 5 runs)',
  }),
  benchEntry(inbox, {
    full: { cases: 4000, requests: 15, warmup: 3, browserRuns: 3 },
    quick: { cases: 300, requests: 5, warmup: 1, browserRuns: 2 },
    // Seeding 10,000 cases and each round of requests over them take minutes on FerretDB.
    note: '4,000 cases (default 10,000), 15 requests (30), 3 warm-ups (5), 3 browser runs (5)',
  }),
  benchEntry(stats, {
    full: ON_MONGODB ? { cases: 1_000_000, runs: 1 } : { cases: 250_000, runs: 1 },
    quick: { cases: 1000, runs: 1 },
    // Measured on FerretDB v1 (PostgreSQL, 2 shared cores): 1,000,000 cases take 6 min to seed
    // and 19-29 s per incident month to group (engine.ts: month by month), so each 36-month
    // preview about 14 min and the bench over an hour; 250,000 take about 12 min in all.
    note: ON_MONGODB
      ? '1,000,000 cases (the default), 1 run (3)'
      : '250,000 cases (default 1,000,000: on FerretDB v1 one month’s grouping of 1,000,000 cases takes 19-29 s, a 36-month preview about 14 min, the bench over an hour), 1 run (3)',
  }),
  benchEntry(flat, {
    full: ON_MONGODB ? {} : { large: 10_000, requests: 5 },
    quick: { small: 200, large: 1000, requests: 3, warmup: 1 },
    note: ON_MONGODB
      ? '1,000 → 100,000 cases, 10 requests of each kind per size (the defaults)'
      : '1,000 → 10,000 cases (default 100,000: on FerretDB v1 a round of requests takes about 1.5 min at 10,000 cases, and at 100,000 single database calls outlast the app’s 30 s timeout), 5 requests of each kind per size (10)',
  }),
  benchEntry(linking, {
    full: {},
    quick: { runs: 3, warmups: 1 },
    note: 'defaults (median of 15 openings each way after 3 warm-ups)',
  }),
  benchEntry(load, {
    full: { seconds: 20 },
    quick: { seconds: 3 },
    note: '20 s, 16 connections (defaults)',
  }),
];
