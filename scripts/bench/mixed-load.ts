/**
 * `npm run bench:load`: mixed traffic (mixed-load-traffic.ts) against two instances of the real
 * server on one database, for a bounded time, then an audit of what was stored. The per-address
 * rate limits are raised, because every request comes from 127.0.0.1; the caseworker's sign-in
 * steps alternate over the instances, so its session is read from the database. A warm-up sizes
 * the supply of reports. At the deadline answers in flight are awaited, whatever had no 201 is
 * re-sent (up to three passes, as a browser would retry), and the audit compares the client's
 * ledgers with the database (exactly-once.ts): every 201 has exactly one stored report under the
 * caseId it named, none is stored without a 201, every part answered 201 is stored once, as sent,
 * no report is half-stored, and every answer had the status its kind must get. Exit code 1 if the
 * audit fails.
 */
import { RAISED_LIMITS, type Target } from './kit/app';
import { loadAverage } from './kit/machine';
import { count } from './kit/options';
import { seededRandom } from './kit/random';
import { defineBench, type Kit } from './kit/run';
import { staffedApp } from './kit/staff';
import { percentile, secondsSince, supplyFor } from './kit/stats';
import { fixed, ms, passFail, row, table } from './kit/summary';
import { runMixedPhase, sendEach, type Answered } from './mixed-load-driver';
import {
  ATTACHMENTS,
  buildPartPool,
  INBOX_PATH,
  KINDS,
  MIX,
  MixedTraffic,
  REQUEST_KINDS,
  type OutgoingRequest,
} from './mixed-load-traffic';
import { bodyOptions, createBodyFactory } from './report-bodies';

/** Fixed, so every run draws the same mix (which request when; ciphertexts differ). */
const SEEDS = { mix: 20_260_708, parts: 20_260_707 };
/** Reports pre-built for the warm-up; it ends early when they are all sent. */
const WARMUP_REPORTS = 150;
const PART_POOL = { poolSize: 48, minBytes: 32 * 1024, maxBytes: 256 * 1024 };
/** What gets no 201 is sent again, this many at once, up to `passes` times. */
const RECOVERY = { passes: 3, concurrency: 8 };

export const load = defineBench({
  name: 'load',
  title: 'mixed load, two instances',
  description: 'Mixed traffic against two instances on one database, then an audit',
  options: {
    seconds: count('length of the measured phase (s)', 20, 1, 600),
    warmupSeconds: count('longest warm-up (not measured; sizes the run)', 3, 1, 60),
    connections: count('keep-alive connections, alternately to each instance', 16, 2, 256),
    ...bodyOptions(20_000, 50),
  },
  run: async (kit, o) => {
    const staffed = await staffedApp(kit, { instances: ['A', 'B'], raiseLimits: true });
    const { connection, directory, targets } = staffed;
    kit.log('pre-building reports and a pool of attachment parts');
    const factory = await createBodyFactory(directory, o.messageBytes);
    const parts = await buildPartPool(directory, PART_POOL, seededRandom(SEEDS.parts));
    const cookie = staffed.caseworker.client.cookieHeader();
    const traffic = new MixedTraffic(factory, cookie, parts, seededRandom(SEEDS.mix));
    await traffic.addReports(WARMUP_REPORTS);
    const phase = (seconds: number, stopEarly?: () => boolean) => {
      const settings = { targets, connections: o.connections, seconds };
      return runMixedPhase(() => traffic.next(), settings, stopEarly);
    };
    const warmup = await phase(o.warmupSeconds, () => traffic.reportsLeft === 0);
    const warmupReports = warmup.answers.filter((answer) => answer.kind === 'report').length;
    const warmupRate = warmupReports / Math.max(0.1, warmup.elapsedSeconds);
    kit.log(`warm-up: ${describe(warmup)}, ${warmupRate.toFixed(0)} new reports/s`);

    const reportCount = supplyFor(warmupRate, o.seconds, 50, o.maxReports);
    const buildStarted = performance.now();
    await traffic.addReports(reportCount);
    kit.log(
      `pre-built ${reportCount} reports in ${secondsSince(buildStarted).toFixed(1)} s; measuring ${o.seconds} s`,
    );
    const loadAfterWarmup = loadAverage();
    const measured = await phase(o.seconds);
    const ranOutOfReports = traffic.reportsLeft === 0;
    kit.log(`measured: ${describe(measured)}`);

    traffic.close();
    const recoveries = {
      reports: await recover(kit, 'reports', () => traffic.reportRecoveries(), targets),
      parts: await recover(kit, 'attachment parts', () => traffic.partRecoveries(), targets),
    };
    for (const target of targets) await target.stop();

    const seconds = measured.elapsedSeconds || Number.NaN;
    const kinds = {} as Record<(typeof REQUEST_KINDS)[number], ReturnType<typeof summarise>>;
    for (const kind of REQUEST_KINDS) {
      const answers = measured.answers.filter((answer) => answer.kind === kind);
      kinds[kind] = summarise(answers, KINDS[kind][0], seconds);
    }
    const all = summarise(measured.answers, 'all', seconds);
    const unexpectedAnswers = all.unexpected + summarise(warmup.answers, '', 1).unexpected;
    const audits = await traffic.audit(connection, recoveries);
    const problems = Object.values(audits).flatMap((audit) => audit.problems);
    const unexpected = `${unexpectedAnswers} answers other than the status their kind must get`;
    if (unexpectedAnswers > 0) problems.push(`${unexpected} (see the table)`);
    const perInstance: Record<string, number> = {};
    for (const { target } of measured.answers) perInstance[target] = (perInstance[target] ?? 0) + 1;
    const sizes = parts.map((part) => part.bytes.length);
    return {
      loadAfterWarmup,
      warmupRequests: warmup.answers.length,
      reportsPrebuilt: traffic.bodies.length,
      messageBytes: factory.messageBytes,
      partBytes: { min: Math.min(...sizes), max: Math.max(...sizes), pool: sizes.length },
      ranOutOfReports,
      measuredSeconds: measured.elapsedSeconds,
      kinds: { ...kinds, all },
      perInstance,
      audit: { pass: problems.length === 0, problems, ...audits, unexpectedAnswers },
    };
  },
  print: (r, out, o) => {
    const { kinds, audit } = r;
    const kib = (bytes: number): number => Math.round(bytes / 1024);
    const percent = (share: number): string => `${Math.round(share * 100)}%`;
    const limits = Object.entries(RAISED_LIMITS).map(([name, value]) => `${name}=${value}`);
    const ranOut = ' — RAN OUT of pre-built reports before the end (raise --max-reports)';
    out([
      `load average after warm-up ${r.loadAfterWarmup}`,
      `instances: A and B, each the real server in its own process, same database and secrets; ` +
        `${o.connections} keep-alive connections, alternately to A and B`,
      `rate limits raised for the bench (all traffic comes from 127.0.0.1): ${limits.join(', ')}`,
      `workload: ${r.reportsPrebuilt} reports pre-built (${r.messageBytes} B armored), ` +
        `${percent(ATTACHMENTS.reportsWithAttachment)} with one attachment of 1-${ATTACHMENTS.maxParts} parts ` +
        `(${kib(r.partBytes.min)}-${kib(r.partBytes.max)} KiB of ciphertext, pool of ${r.partBytes.pool}); ` +
        `retries: ${percent(MIX.retryAfterAccept)} of reports after their 201, ${percent(MIX.retryAtOnce)} ` +
        `at once, ${percent(MIX.partRetry)} of parts; inbox: GET ${INBOX_PATH}`,
      `warm-up ${r.warmupRequests} requests (not measured); measured ` +
        `${r.measuredSeconds.toFixed(1)} s${r.ranOutOfReports ? ranOut : ''}`,
      '',
    ]);
    const latency = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '—');
    const rows = Object.values(kinds).map((s) => {
      const statuses = Object.entries(s.statusCounts)
        .sort(([x], [y]) => Number(x) - Number(y))
        .map(([status, n]) => `${status === '0' ? 'no answer' : status}×${n}`);
      const notes = [
        s.replayed > 0 && `${s.replayed} replayed`,
        s.requestMiB >= 1 && `${s.requestMiB.toFixed(1)} MiB up`,
      ].filter(Boolean);
      const trend = [s.p50FirstQuarterMs, s.p50LastQuarterMs].map(latency).join(' → ');
      return [
        ...[s.label, String(s.count), s.requestsPerSecond.toFixed(1)],
        ...[latency(s.p50Ms), latency(s.p99Ms)],
        s.label !== 'all' && Number.isFinite(s.p50FirstQuarterMs) ? trend : '—',
        statuses.join(' ') + (notes.length > 0 ? ` (${notes.join(', ')})` : ''),
      ];
    });
    const header = 'request|count|req/s|p50 ms|p99 ms|p50 1st→4th qtr|statuses';
    const instances = Object.entries(r.perInstance).sort(([x], [y]) => x.localeCompare(y));
    const share = ([name, n]: [string, number]) =>
      `${name} ${n} (${((n / kinds.all.count) * 100).toFixed(1)}%)`;
    const { reports: re, parts: pa, completeness: co } = audit;
    out([
      ...table(header, rows, [0, 6]),
      `  p50 1st→4th qtr: p50 of the first and the last quarter of a kind's answers, in the order ` +
        `they came (on FerretDB v1 every query scans its collection, so requests slow as the run stores more)`,
      `per instance: ${instances.map(share).join(', ')}`,
      '',
      `audit: ${passFail(audit.pass)}`,
      `  reports: ${re.bodiesSent} sent (incl. warm-up), ${re.bodiesAccepted} answered 201, ` +
        `${re.reportsInDatabase} in the database; ${re.retriesSent} deliberate retries, ` +
        `${re.retriesReplayed} answered 201 Idempotent-Replayed; ${re.recoveries} re-sent after the run`,
      `  attachment parts: ${pa.partsSent} sent, ${pa.partsAccepted} answered 201, ${pa.partsInDatabase} ` +
        `in the database; ${pa.retriesSent} deliberate retries, ${pa.retriesReplayed} replayed; ` +
        `${pa.recoveries} re-sent after the run`,
      `  stored reports complete (the one sent, with its triage record): ${co.completeReports} of ` +
        `${co.reportsInDatabase}; triage records ${co.triageRecordsInDatabase}`,
      `  answers other than expected (warm-up included): ${audit.unexpectedAnswers}`,
      ...audit.problems.map((problem) => `  FAIL: ${problem}`),
    ]);
  },
  passed: (r) => r.audit.pass,
  summary: ({ kinds, audit }) => [
    row('mixed load, 2 instances: all requests', `${fixed(kinds.all.requestsPerSecond, 1)} req/s`, {
      about: 'answers per second from two instances on one database under the mixed traffic',
    }),
    row(
      'mixed load: new reports',
      `${fixed(kinds.report.requestsPerSecond, 1)} req/s, p99 ${ms(kinds.report.p99Ms)}`,
      {
        about: 'report submissions answered per second in that traffic, and their p99',
      },
    ),
    row(
      'mixed load: parts / look-ups / inbox p99',
      [kinds.part, kinds.receipt, kinds.inbox].map((k) => ms(k.p99Ms)).join(' / '),
      {
        about:
          'p99 of attachment part uploads (32-256 KiB), receipt look-ups and inbox pages in it',
      },
    ),
    row(
      'mixed load audit (exactly once, none half-stored)',
      `${passFail(audit.pass)} (${audit.reports.reportsInDatabase} reports, ${audit.parts.partsInDatabase} parts)`,
      {
        budget: 'zero lost or duplicated',
        met: audit.pass ? 'yes' : 'FAIL',
        about: 'each 201 stored once under its case id, each part as sent, no report half-stored',
      },
    ),
  ],
});

const describe = ({ answers, elapsedSeconds }: { answers: unknown[]; elapsedSeconds: number }) =>
  `${answers.length} requests in ${elapsedSeconds.toFixed(1)} s`;

/** Re-sends what had no 201 (RECOVERY); returns how many were re-sent. */
async function recover(
  kit: Kit,
  what: string,
  pending: () => OutgoingRequest[],
  targets: Target[],
) {
  let resent = 0;
  for (let pass = 1; pass <= RECOVERY.passes; pass++) {
    const requests = pending();
    if (requests.length === 0) break;
    kit.log(`re-sending ${requests.length} ${what} that got no 201 (pass ${pass})`);
    resent += requests.length;
    await sendEach(requests, targets, RECOVERY.concurrency);
  }
  return resent;
}

/** Counts, rate and latencies of some answers; p50 by quarter shows a kind slowing as the database grows. */
function summarise(answers: readonly Answered[], label: string, seconds: number) {
  const latencies = answers.map((answer) => answer.ms);
  const quarter = Math.floor(latencies.length / 4);
  const statusCounts: Record<string, number> = {};
  for (const { status } of answers) statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  const sum = (test: (a: Answered) => number): number => answers.reduce((n, a) => n + test(a), 0);
  return {
    label,
    count: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    p50FirstQuarterMs: quarter >= 2 ? percentile(latencies.slice(0, quarter), 0.5) : Number.NaN,
    p50LastQuarterMs: quarter >= 2 ? percentile(latencies.slice(-quarter), 0.5) : Number.NaN,
    statusCounts,
    unexpected: sum((a) => Number(a.status !== KINDS[a.kind][1])),
    replayed: sum((a) => Number(a.status === 201 && a.replayed)),
    requestMiB: sum((a) => a.requestBytes) / 1024 ** 2,
  };
}
