/**
 * `npm run bench:intake`: intake requests/s and p99 latency for ~4 KiB encrypted reports, as
 * ratios to two baselines measured in the same run: the engine's floor for intake (the same
 * database writes without intake's checks, intake-floor.ts) and a bare Express 5 endpoint
 * answering 201 (kept for continuity); the CPU time each accepted report costs; and a check that
 * no report was lost or stored twice, retries included. Each target runs in its own process; this
 * one only generates load. Intake gets each of N unique bodies (N sized from a warm-up to last
 * about --duration) and a few deliberate retries exactly once; then the floor, then the bare
 * endpoint, get the same bodies cycled for as long as intake took. Exit code 1 if the
 * exactly-once check fails.
 */
import { describePhase, runPhase, schedule, type PhaseResult, type Slot } from './autocannon-phase';
import { ReportLedger, type Reply } from './exactly-once';
import { intakeFloorTarget } from './intake-floor';
import { amanatTarget, appEnv, bareExpressTarget, RAISED_LIMIT, type Target } from './kit/app';
import { amount, count } from './kit/options';
import { setUpOrganisation } from './kit/organisation';
import { defineBench } from './kit/run';
import { secondsSince, supplyFor } from './kit/stats';
import { fixed, ms, passFail, row, table, yesNo } from './kit/summary';
import { bodyOptions, createBodyFactory } from './report-bodies';

/** The warm-up stops after this long even if it has not sent all its reports. */
const WARMUP_MAX_SECONDS = 5;
/** Intake's throughput beside the engine's floor, and its p99 beside the floor's. */
const FLOOR_RATIO_BUDGET = 0.5;
const FLOOR_P99_BUDGET = 3;
/** Intake's limiter stays on (one slot insert per report), at the highest limit config allows. */
const RATE = { rateLimit: RAISED_LIMIT, rateLimitWindowSeconds: 900 };

/** Runs `phase` and reads the target's CPU time around it: ms per 2xx answer. */
async function withCpu(target: Target, phase: () => Promise<PhaseResult>) {
  const before = await target.cpuUsage();
  const result = await phase();
  const after = await target.cpuUsage();
  const cpuMs = (after.user - before.user + after.system - before.system) / 1000;
  const answered2xx = result.requests - result.non2xx;
  return { result, cpu: { cpuMs, answered2xx, msPer2xx: cpuMs / answered2xx } };
}

export const intake = defineBench({
  name: 'intake',
  title: 'intake vs bare Express',
  description: 'Intake throughput and p99 latency beside bare Express; exactly-once check',
  options: {
    duration: amount('target length of each measured phase (s)', 20, 1, 600),
    connections: count('concurrent keep-alive connections', 16, 1, 1024),
    retryPercent: amount('share of reports re-sent as retries', 5, 0, 100),
    warmupReports: count('reports sent before measuring (also sizes the run)', 200, 20, 100_000),
    ...bodyOptions(10_000, 20),
  },
  run: async (kit, o) => {
    const { connection, uri } = await kit.database();
    kit.log('generating BENCH ONLY keys and publishing a signed recipient directory');
    const { organisation, directory } = await setUpOrganisation(connection, 2);
    const factory = await createBodyFactory(directory, o.messageBytes);
    const env = appEnv(uri, organisation.fingerprint, {
      INTAKE_RATE_LIMIT: String(RATE.rateLimit),
      INTAKE_RATE_WINDOW_SECONDS: String(RATE.rateLimitWindowSeconds),
    });
    const app = await kit.start(amanatTarget(env, 'intake'));
    const countReports = () => connection.db!.collection('reports').countDocuments({});

    // Warm-up: JIT, connection pools, database caches; its throughput sizes the measured phase.
    const bodies = await factory.build(o.warmupReports);
    const ledger = new ReportLedger(bodies);
    const { connections } = o;
    const phase = async (name: string, slots: Slot[], deadlineSeconds: number) => {
      const stop = { kind: 'each-once', deadlineSeconds } as const;
      const onReply = (slot: Slot, reply: Reply) => ledger.record(slot, reply);
      const { result, cpu } = await withCpu(app, () =>
        runPhase({ url: app.url, connections, schedule: slots, stop, onReply }),
      );
      const sent = slots.slice(0, result.slotsIssued);
      ledger.markSent(sent);
      kit.log(`intake ${name}: ${describePhase(result)}`);
      return { result, cpu, slots, sent };
    };
    const warmup = await phase(
      'warm-up',
      schedule(bodies, 0, bodies.length, 0, connections),
      WARMUP_MAX_SECONDS,
    );

    // Enough reports for --duration at the warm-up's steady rate, within the pre-build cap.
    const first = bodies.length;
    const rate = warmup.result.steadyRequestsPerSecond / (1 + o.retryPercent / 100);
    const least = Math.max(connections * 4, 50);
    const prebuilt = supplyFor(rate, o.duration, least, o.maxReports);
    if (prebuilt === o.maxReports)
      kit.log(`capped at --max-reports ${o.maxReports}: may end early`);
    const buildStarted = performance.now();
    bodies.push(...(await factory.build(prebuilt)));
    kit.log(`pre-built ${prebuilt} bodies in ${secondsSince(buildStarted).toFixed(1)} s`);
    const storedBefore = await countReports();
    const slots = schedule(bodies, first, prebuilt, o.retryPercent, connections);
    const measured = await phase('measured', slots, o.duration);
    const pending = ledger.unaccepted().length;
    if (pending > 0) kit.log(`re-sending ${pending} bodies that got no 201`);
    const recoveries = await ledger.resendUnaccepted(app.url);
    await app.stop();
    // Before the floor adds reports of its own to the same collection.
    const audit = await ledger.verify(connection, recoveries);
    const storedAfter = await countReports();

    // The baselines: a warm-up as long as intake's, then as long as intake's measured phase.
    const cycle = async (spec: Parameters<typeof kit.start>[0]) => {
      const target = await kit.start(spec);
      const run = async (name: string, seconds: number) => {
        const stop = { kind: 'duration', seconds } as const;
        const timed = await withCpu(target, () =>
          runPhase({ url: target.url, connections, schedule: slots, stop }),
        );
        kit.log(`${target.label} ${name}: ${describePhase(timed.result)}`);
        return timed;
      };
      await run('warm-up', Math.max(1, warmup.result.elapsedSeconds));
      const timed = await run('measured', measured.result.elapsedSeconds);
      await target.stop();
      return timed;
    };
    const floor = await cycle(intakeFloorTarget({ mongodbUri: uri, ...RATE }));
    const bare = await cycle(bareExpressTarget);

    const problems = [...audit.problems];
    const status5xx = warmup.result.status5xx + measured.result.status5xx;
    if (status5xx > 0) problems.push(`${status5xx} responses with status 5xx from intake`);
    if (floor.result.non2xx + floor.result.errors > 0)
      throw new Error(`the intake floor answered ${describePhase(floor.result)}`);
    if ([warmup, measured].some(({ result, slots }) => result.slotsIssued > slots.length))
      problems.push('the load generator did not send each scheduled body exactly once');
    return {
      intake: measured.result,
      floor: floor.result,
      bare: bare.result,
      cpu: { intake: measured.cpu, floor: floor.cpu, bare: bare.cpu },
      workload: {
        warmupReports: warmup.result.slotsIssued,
        prebuiltReports: prebuilt,
        measuredReports: measured.sent.filter((slot) => !slot.retry).length,
        retries: measured.sent.filter((slot) => slot.retry).length,
        ...{ storedBefore, storedAfter, messageBytes: factory.messageBytes },
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
    const cells = (name: string, p: PhaseResult, cpu: typeof r.cpu.intake): string[] => [
      name,
      ...[p.requests, p.elapsedSeconds.toFixed(1), p.requestsPerSecond.toFixed(1)].map(String),
      ...[p.p50Ms.toFixed(2), p.p99Ms.toFixed(2), p.non2xx, p.errors].map(String),
      cpu.msPer2xx.toFixed(3),
    ];
    const header = 'target|requests|seconds|req/s|p50 ms|p99 ms|non-2xx|errors|CPU ms per 2xx';
    out(
      table(header, [
        cells('intake', r.intake, r.cpu.intake),
        cells('intake floor (same writes)', r.floor, r.cpu.floor),
        cells('bare express (201 only)', r.bare, r.cpu.bare),
      ]),
    );
    out(
      `  CPU: the target process's own (every thread), over its measured phase, per 2xx answer ` +
        `(intake: ${r.cpu.intake.answered2xx} answers 201, replayed retries included)`,
    );
    const q = ratios(r);
    const ratio = (value: number) => value.toFixed(value < 0.1 ? 3 : 2);
    out([
      '',
      `ratio intake/floor req/s = ${ratio(q.floorRps)} (target ≥ ${FLOOR_RATIO_BUDGET}); ` +
        `p99 intake/floor = ${q.floorP99.toFixed(1)} (target ≤ ${FLOOR_P99_BUDGET})`,
      `ratio intake/bare req/s = ${ratio(q.bareRps)}; p99 intake/bare = ${q.bareP99.toFixed(1)}`,
      '',
      `zero lost or duplicated reports: ${passFail(e.pass)} (${e.bodiesSent} reports sent incl. ` +
        `warm-up, ${e.bodiesAccepted} answered 201, ${e.reportsInDatabase} in database; ` +
        `${e.retriesSent} retries sent, ${e.retriesAnswered} answered, ${e.retriesReplayed} of them ` +
        `201 Idempotent-Replayed; ${e.recoveries} re-sent after the run for want of a 201)`,
      ...e.problems.map((problem) => `  FAIL: ${problem}`),
    ]);
  },
  passed: (r) => r.exactlyOnce.pass,
  summary: (r) => {
    const q = ratios(r);
    const rps = (p: PhaseResult) => `${fixed(p.requestsPerSecond, 0)} req/s`;
    return [
      row('intake throughput, ~4 KiB reports', rps(r.intake), {
        baseline: `${rps(r.floor)} intake floor`,
        ratio: fixed(q.floorRps, 2),
        budget: `≥ ${FLOOR_RATIO_BUDGET}`,
        met: yesNo(q.floorRps >= FLOOR_RATIO_BUDGET),
        about:
          'reports accepted per second, beside the engine’s floor for intake: an Express endpoint ' +
          'making the same database writes (rate-limit slot, report, case record, case-opened flag; ' +
          'same write concerns, same database) for the same bodies, without intake’s checks',
      }),
      row('intake p99 latency', ms(r.intake.p99Ms), {
        baseline: `${ms(r.floor.p99Ms)} intake floor`,
        ratio: fixed(q.floorP99, 1),
        budget: `≤ ${FLOOR_P99_BUDGET}`,
        met: yesNo(q.floorP99 <= FLOOR_P99_BUDGET),
        about: '99th percentile of the same phase, beside the floor’s',
      }),
      row('intake throughput beside bare Express', rps(r.intake), {
        baseline: `${rps(r.bare)} bare Express`,
        ratio: fixed(q.bareRps, 3),
        about:
          'the same, beside an Express endpoint answering the same bodies 201 and writing nothing ' +
          '(the ceiling of this machine and client; kept for continuity with earlier runs)',
      }),
      row('intake p99 beside bare Express', ms(r.intake.p99Ms), {
        baseline: `${ms(r.bare.p99Ms)} bare Express`,
        ratio: fixed(q.bareP99, 1),
        about: 'the same phase’s 99th percentile, beside the bare endpoint’s',
      }),
      row('intake CPU time per accepted report (Node.js)', ms(r.cpu.intake.msPer2xx), {
        baseline: `${ms(r.cpu.floor.msPer2xx)} intake floor`,
        ratio: fixed(r.cpu.intake.msPer2xx / r.cpu.floor.msPer2xx, 1),
        about:
          'CPU time of the app’s process (process.cpuUsage, every thread) over the measured phase, ' +
          'divided by the reports it answered 201; beside the floor’s process per report it stored',
      }),
      row(
        'intake: zero lost or duplicated reports',
        `${passFail(r.exactlyOnce.pass)} (${r.exactlyOnce.reportsInDatabase} stored)`,
        {
          budget: 'zero',
          met: r.exactlyOnce.pass ? 'yes' : 'FAIL',
          about:
            'each 201 stored exactly once under the case id it named, retries replayed, nothing else',
        },
      ),
    ];
  },
});

/** Intake's throughput and p99 divided by each baseline's. */
type Phases = Record<'intake' | 'floor' | 'bare', PhaseResult>;
const ratios = ({ intake: i, floor, bare }: Phases) => ({
  floorRps: i.requestsPerSecond / floor.requestsPerSecond,
  floorP99: i.p99Ms / floor.p99Ms,
  bareRps: i.requestsPerSecond / bare.requestsPerSecond,
  bareP99: i.p99Ms / bare.p99Ms,
});
