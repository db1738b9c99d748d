/**
 * `npm run bench:intake`: intake requests/s and p99 latency for ~4 KiB encrypted reports, beside a
 * bare Express 5 endpoint measured in the same run, as a ratio; and a check that no report was
 * lost or stored twice, retries included.
 *
 * Each target runs in its own child process; this process only generates load (autocannon, one
 * pre-built body per request). Intake cannot take a body twice as a new report, so it gets a
 * schedule of N unique bodies plus a few deliberate retries, each sent exactly once, with N sized
 * from a warm-up so the phase lasts about --duration seconds. The bare endpoint then gets the same
 * bodies, in the same order, cycled, for as long as the intake phase took, after intake stopped
 * (nothing of intake's runs beside it). Exit code 1 if the exactly-once check fails.
 */
import { describePhase, runPhase, schedule, type PhaseResult, type Slot } from './autocannon-phase';
import { ReportLedger, type Reply } from './exactly-once';
import { amanatTarget, appEnv, bareExpressTarget } from './kit/app';
import { amount, count } from './kit/options';
import { setUpOrganisation } from './kit/organisation';
import { defineBench, type Kit } from './kit/run';
import { secondsSince } from './kit/stats';
import { fixed, ms, passFail, row, table, yesNo } from './kit/summary';
import { createBodyFactory, type PrebuiltBody } from './report-bodies';

/** The warm-up stops after this long even if it has not sent all its reports. */
const WARMUP_MAX_SECONDS = 5;
/**
 * Bodies are pre-built for this many times the warm-up's rate × --duration: intake may speed up
 * after the warm-up and must not run out before the deadline (on FerretDB it usually slows down).
 */
const SUPPLY_HEADROOM = 1.5;
const RATIO_BUDGET = 0.5;

export const intake = defineBench({
  name: 'intake',
  title: 'intake vs bare Express',
  description: 'Intake throughput and p99 latency beside bare Express; exactly-once check',
  options: {
    duration: amount('target length of each measured phase (s)', 20, 1, 600),
    connections: count('concurrent keep-alive connections', 16, 1, 1024),
    retryPercent: amount('share of reports re-sent as retries', 5, 0, 100),
    warmupReports: count('reports sent before measuring (also sizes the run)', 200, 20, 100_000),
    maxReports: count('cap on reports pre-built for measuring (~3 ms each)', 10_000, 20, 1e6),
    messageBytes: count('length of the armored encrypted message', 4096, 512, 256 * 1024),
  },
  run: async (kit, o) => {
    const { connection, uri } = await kit.database();
    kit.log('generating BENCH ONLY keys and publishing a signed recipient directory');
    const { organisation, directory } = await setUpOrganisation(connection, 2);
    const factory = await createBodyFactory(directory, o.messageBytes);
    // The rate limiter stays on (one counter upsert per report), at the highest limit allowed.
    const env = appEnv(uri, organisation.fingerprint, { INTAKE_RATE_LIMIT: '1000000' });
    const app = await kit.start(amanatTarget(env, 'intake'));
    const countReports = () => connection.db!.collection('reports').countDocuments({});

    // Warm-up: JIT, connection pools, database caches; its throughput sizes the measured phase.
    const bodies: PrebuiltBody[] = await factory.build(o.warmupReports);
    const ledger = new ReportLedger(bodies);
    const { connections } = o;
    const phase = async (name: string, slots: Slot[], deadlineSeconds: number) => {
      const stop = { kind: 'each-once', deadlineSeconds } as const;
      const onReply = (slot: Slot, reply: Reply) => ledger.record(slot, reply);
      const result = await runPhase({ url: app.url, connections, schedule: slots, stop, onReply });
      ledger.markSent(slots.slice(0, result.slotsIssued));
      kit.log(`intake ${name}: ${describePhase(result)}`);
      return { result, slots, sent: slots.slice(0, result.slotsIssued) };
    };
    const warmupSlots = schedule(bodies, 0, bodies.length, 0, connections);
    const warmup = await phase('warm-up', warmupSlots, WARMUP_MAX_SECONDS);

    // Enough reports for --duration at the warm-up's steady rate, within the pre-build cap.
    const first = bodies.length;
    const wanted =
      (warmup.result.steadyRequestsPerSecond * o.duration * SUPPLY_HEADROOM) /
      (1 + o.retryPercent / 100);
    const prebuilt = Math.min(o.maxReports, Math.max(connections * 4, 50, Math.ceil(wanted)));
    if (prebuilt < wanted) kit.log(`capped at --max-reports ${o.maxReports}: may end early`);
    const buildStarted = performance.now();
    bodies.push(...(await factory.build(prebuilt)));
    kit.log(`pre-built ${prebuilt} bodies in ${secondsSince(buildStarted).toFixed(1)} s`);
    const storedBefore = await countReports();
    const slots = schedule(bodies, first, prebuilt, o.retryPercent, connections);
    const measured = await phase('measured', slots, o.duration);
    const recoveries = await resendUnaccepted(kit, app.url, ledger);
    await app.stop();

    const bareApp = await kit.start(bareExpressTarget);
    const cycle = async (name: string, seconds: number) => {
      const stop = { kind: 'duration', seconds } as const;
      const result = await runPhase({ url: bareApp.url, connections, schedule: slots, stop });
      kit.log(`bare ${name}: ${describePhase(result)}`);
      return result;
    };
    await cycle('warm-up', Math.max(1, warmup.result.elapsedSeconds));
    const bare = await cycle('measured', measured.result.elapsedSeconds);
    await bareApp.stop();

    const audit = await ledger.verify(connection, recoveries);
    const problems = [...audit.problems];
    const status5xx = warmup.result.status5xx + measured.result.status5xx;
    if (status5xx > 0) problems.push(`${status5xx} responses with status 5xx from intake`);
    if ([warmup, measured].some(({ result, slots }) => result.slotsIssued > slots.length)) {
      problems.push('the load generator did not send each scheduled body exactly once');
    }
    return {
      intake: measured.result,
      bare,
      ratioRequestsPerSecond: measured.result.requestsPerSecond / bare.requestsPerSecond,
      ratioP99: measured.result.p99Ms / bare.p99Ms,
      workload: {
        warmupReports: warmup.result.slotsIssued,
        prebuiltReports: prebuilt,
        measuredReports: measured.sent.filter((slot) => !slot.retry).length,
        retries: measured.sent.filter((slot) => slot.retry).length,
        storedBefore,
        storedAfter: await countReports(),
        messageBytes: factory.messageBytes,
        requestBodyBytes: bodies[0]?.json.length ?? 0,
      },
      exactlyOnce: { ...audit, pass: problems.length === 0, problems },
    };
  },
  print: (r, out, o) => {
    const { workload: w, exactlyOnce: e } = r;
    out(
      `workload: ${w.measuredReports} reports (of ${w.prebuiltReports} pre-built) + ${w.retries} retries, ` +
        `armored message ${w.messageBytes} B (request body ${w.requestBodyBytes} B), ` +
        `${o.connections} connections, intake warm-up ${w.warmupReports} reports`,
    );
    out(
      `reports stored before/after the measured phase: ${w.storedBefore} / ${w.storedAfter}` +
        (r.intake.cutAtDeadline ? `; intake phase ended at the ${o.duration} s deadline` : ''),
    );
    out();
    const cells = (name: string, p: PhaseResult): string[] => [
      name,
      ...[p.requests, p.elapsedSeconds.toFixed(1), p.requestsPerSecond.toFixed(1)].map(String),
      ...[p.p50Ms.toFixed(2), p.p99Ms.toFixed(2), p.non2xx, p.errors].map(String),
    ];
    const header = 'target|requests|seconds|req/s|p50 ms|p99 ms|non-2xx|errors';
    out(table(header, [cells('intake', r.intake), cells('bare express', r.bare)]));
    out();
    const ratio = r.ratioRequestsPerSecond;
    out(`ratio intake/bare req/s = ${ratio.toFixed(ratio < 0.1 ? 3 : 2)}`);
    out(`ratio p99 intake/bare = ${r.ratioP99.toFixed(1)}`);
    out();
    out(
      `zero lost or duplicated reports: ${passFail(e.pass)} (${e.bodiesSent} reports sent incl. ` +
        `warm-up, ${e.bodiesAccepted} answered 201, ${e.reportsInDatabase} in database; ` +
        `${e.retriesSent} retries sent, ${e.retriesAnswered} answered, ${e.retriesReplayed} of them ` +
        `201 Idempotent-Replayed; ${e.recoveries} re-sent after the run for want of a 201)`,
    );
    for (const problem of e.problems) out(`  FAIL: ${problem}`);
  },
  passed: (r) => r.exactlyOnce.pass,
  summary: ({ intake: i, bare, ratioRequestsPerSecond: ratio, ratioP99, exactlyOnce: e }) => [
    row('intake throughput, ~4 KiB reports', `${fixed(i.requestsPerSecond, 0)} req/s`, {
      baseline: `${fixed(bare.requestsPerSecond, 0)} req/s bare Express`,
      ratio: fixed(ratio, 3),
      budget: `≥ ${RATIO_BUDGET}`,
      met: yesNo(ratio >= RATIO_BUDGET),
      about:
        'reports accepted per second, beside an Express endpoint answering the same bodies 201',
    }),
    row('intake p99 latency', ms(i.p99Ms), {
      baseline: `${ms(bare.p99Ms)} bare Express`,
      ratio: fixed(ratioP99, 1),
      about: '99th percentile of the same phase, beside the bare endpoint’s',
    }),
    row(
      'intake: zero lost or duplicated reports',
      `${passFail(e.pass)} (${e.reportsInDatabase} stored)`,
      {
        budget: 'zero',
        met: e.pass ? 'yes' : 'FAIL',
        about:
          'each 201 stored exactly once under the case id it named, retries replayed, nothing else',
      },
    ),
  ],
});

/**
 * Re-sends, once, each body whose fate is unknown (no answer before the deadline cut, a timeout,
 * or a non-201), as a browser would. The server may still be working on the first attempt, so
 * this also exercises the concurrent-retry path.
 */
async function resendUnaccepted(kit: Kit, url: string, ledger: ReportLedger): Promise<number> {
  const pending = ledger.unaccepted();
  if (pending.length > 0) kit.log(`re-sending ${pending.length} bodies that got no 201`);
  await Promise.all(
    pending.map(async (bodyIndex) => {
      const body = ledger.body(bodyIndex).json.toString('utf8');
      const headers = { 'content-type': 'application/json' };
      const response = await fetch(`${url}/api/reports`, { method: 'POST', headers, body });
      const replayed = response.headers.get('idempotent-replayed') === 'true';
      ledger.record(
        { bodyIndex, retry: false },
        { status: response.status, replayed, body: await response.text() },
      );
    }),
  );
  return pending.length;
}
