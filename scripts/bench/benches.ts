/**
 * Every bench, with the sizes `npm run bench` runs it at: small enough that the whole run suits a
 * shared 2-core machine (and far smaller with --quick, a smoke test). A new bench is a file that
 * exports a defineBench, a line here, and a `bench:<name>` script in package.json.
 */
import { flat } from './flat-costs';
import { inbox } from './inbox';
import { intake } from './intake';
import { benchEntry } from './kit/run';
import { load } from './mixed-load';
import { reporter } from './reporter';
import { stats } from './stats';

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
    full: { cases: 5000, runs: 1 },
    quick: { cases: 1000, runs: 1 },
    // On FerretDB v1 countCodedCases grows with cases × groups: minutes at 20,000.
    note: '5,000 cases (default 1,000,000), 1 run (3)',
  }),
  benchEntry(flat, {
    full: {},
    quick: { small: 200, large: 1000, requests: 3, warmup: 1 },
    note: 'defaults (1,000 → 100,000 cases, 10 requests of each kind per size)',
  }),
  benchEntry(load, {
    full: { seconds: 20 },
    quick: { seconds: 3 },
    note: '20 s, 16 connections (defaults)',
  }),
];
