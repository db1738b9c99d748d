/**
 * `npm run bench:flat`: "a request about one case costs the same with a hundred times more
 * cases". The real server, a signed-in caseworker and --small cases seeded with everything stored
 * with them (flat-fixture.ts); rounds of one request of each kind (kit/rounds.ts), each about a
 * different case, beside the baseline, a read of one report by _id through the driver; then the
 * SAME database grown to --large cases, and the rounds again. Printed per request: p50 at each
 * size, their ratio, and each size's ratio to the read by _id. On MongoDB the growth ratio must
 * be ≤ 1.5; FerretDB v1 reads whole collections even for an _id, so there no verdict is given
 * (tests/integration/every-query-has-an-index.test.ts checks the indexes). Exits 1 only if a
 * request is answered wrongly.
 */
import type { Connection } from 'mongoose';
import { createAttachmentId, createMessageId } from '../../client/crypto';
import { BYTE_SLOT_SIZE } from '../../server/features/attachments';
import { caseRefOf } from '../../server/features/audit';
import { hashReceiptVerifier } from '../../server/features/intake';
import { CASE_PRIORITIES } from '../../server/features/cases';
import { detectEngine } from '../../server/platform/engine';
import { buildCoreServices } from '../../server/services';
import {
  addCases,
  buildPools,
  type FlatPools,
  type GrowthTimes,
  type SeededCase,
} from './flat-fixture';
import { count } from './kit/options';
import { seededRandom, type Random } from './kit/random';
import { getCalls, timeEach, timeRounds, type Call } from './kit/rounds';
import { defineBench } from './kit/run';
import { staffedApp, type StaffClient } from './kit/staff';
import { fixed, ms, row, table, thousands, yesNo } from './kit/summary';
import { createBodyFactory, type PrebuiltBody } from './report-bodies';

/** Fixed, so every run draws the same cases and the same requests about them. */
const SEED = 20_261_001;
/** On MongoDB, a request about one case may cost at most this much more at the large size. */
const GROWTH_BUDGET = 1.5;
const FERRETDB_NOTE = 'FerretDB v1 scans: see the index check';
/** Page 40 of 20 is there at 1,000 cases already. */
const DEEP_PAGE = { page: 40, pageSize: 20 };
const MAX_PARTS_PER_ATTACHMENT = 4;
/** The database calls behind the requests are each timed this many times (different cases). */
const BREAKDOWN_REPEATS = 3;
/** The app's default ATTACHMENTS_MAX_BYTES_PER_REPORT, in the allowance's slots. */
const BYTE_SLOTS = Math.floor((101 * 1024 * 1024) / BYTE_SLOT_SIZE);
const INBOX_FILTERED =
  '/api/cases?status=new,acknowledged&priority=urgent&sort=urgency&pageSize=50';
const INBOX_DEEP = `/api/cases?sort=received&page=${DEEP_PAGE.page}&pageSize=${DEEP_PAGE.pageSize}`;

const KINDS = {
  view: 'open a case (GET /api/cases/:id)',
  receipt: 'receipt look-up (reporter’s case view)',
  report: 'new report (POST /api/reports)',
  followUp: 'follow-up (POST /api/receipts/messages)',
  part: 'upload a further part of an attachment',
  history: 'triage change, appended to the case history (PATCH)',
  claim: 'new attachment’s first part (owner claim)',
  inboxFiltered: 'inbox: filtered first page (urgent, open)',
  inboxDeadline: 'inbox: first page by deadline',
  inboxDeep: `inbox: page ${DEEP_PAGE.page} of ${DEEP_PAGE.pageSize} by date received`,
  byId: 'baseline: one report read by _id (driver)',
} as const;
/** What each request is, for docs/performance.md. */
const ABOUT: Record<Exclude<keyof typeof KINDS, 'byId'>, string> = {
  view:
    'a caseworker opens a case: its record, report, thread, attachment list and history, a ' +
    'different seeded case each time, at both sizes of one database; the ratio is large / small, ' +
    'the baseline a findOne by _id on reports at each size; on MongoDB the ratio must stay ≤ 1.5',
  receipt:
    'POST /api/receipts/case with a seeded case’s receipt verifier: status, reply key, thread',
  report: 'a new ~4 KiB encrypted report, checked and stored as by bench:intake, one at a time',
  followUp:
    'an encrypted follow-up to a seeded case, with its receipt verifier and a new message id',
  part: 'PUT of the next part (2-8 KiB) of a seeded attachment, among the seeded parts',
  history:
    'PATCH /api/cases/:id changing the priority: audited (appended to the hash chain), applied, answered with the case view',
  claim:
    'PUT of part 0 of a new attachment id for a seeded case: the owner claim, allowance and storage checks',
  inboxFiltered: `GET ${INBOX_FILTERED}`,
  inboxDeadline: 'GET /api/cases?sort=deadline&pageSize=50',
  inboxDeep: `GET ${INBOX_DEEP}`,
};
type Kind = keyof typeof KINDS;
const REQUEST_KINDS = Object.keys(ABOUT) as (keyof typeof ABOUT)[];

export const flat = defineBench({
  name: 'flat',
  title: 'flat costs as cases grow',
  description: 'Server time of requests about one case at two case counts of one database',
  options: {
    small: count('cases at the first size', 1000, 100, 1_000_000),
    large: count('cases the same database is grown to', 100_000, 100, 10_000_000),
    requests: count('measured requests of each kind at each size', 10, 1, 1000),
    warmup: count('warm-up rounds at each size (not measured)', 1, 0, 100),
    maxSeconds: count('no new measured round after this long at one size (s)', 600, 1, 36_000),
    distinctReports: count('distinct encrypted reports, reused', 50, 1, 1000),
  },
  run: async (kit, o) => {
    if (o.large < o.small) throw new Error('--large must be at least --small');
    const options = { database: { untimed: true }, colleagues: 4, raiseLimits: true };
    const { connection, directory, app, caseworker, colleagues } = await staffedApp(kit, options);
    const engine = await detectEngine(connection);
    const random = seededRandom(SEED);
    const pools = await buildPools(directory, o.distinctReports, random);
    const people = {
      actorId: caseworker.accountId,
      assignees: [caseworker.accountId, ...colleagues],
    };
    const perSize = o.warmup + o.requests;
    const factory = await createBodyFactory(directory, 4096);
    const bodies = await factory.build(perSize * 2);

    const seeded: SeededCase[] = [];
    const sizes: SizeResult[] = [];
    const picker = casePicker(seeded, seededRandom(SEED + 1));
    for (const [index, size] of [o.small, o.large].entries()) {
      kit.log(`growing the database to ${thousands(size)} cases`);
      const grown = await addCases(
        connection,
        pools,
        size - seeded.length,
        people,
        random,
        kit.log,
      );
      seeded.push(...grown.cases);
      const requests = {
        ...{ client: caseworker.client, url: app.url, pools, picker },
        bodies: bodies.slice(index * perSize, (index + 1) * perSize),
        byId: (caseId: string) =>
          connection.db!.collection<{ _id: string }>('reports').findOne({ _id: caseId }),
      };
      const calls = buildCalls(requests, perSize);
      kit.log(`measuring at ${thousands(size)} cases`);
      const rounds = { warmup: o.warmup, warmupMaxSeconds: 120, rounds: o.requests };
      const timed = await timeRounds(calls, { ...rounds, maxSeconds: o.maxSeconds }, kit.log);
      const p50 = {} as Record<Kind, number>;
      for (const kind of Object.keys(KINDS) as Kind[]) p50[kind] = timed.calls[kind].stats.p50Ms;
      kit.log(`database calls behind them, at ${thousands(size)} cases`);
      const breakdown = await databaseBreakdown(
        connection,
        Array.from({ length: BREAKDOWN_REPEATS }, () => picker((c) => c.attachments.length > 0)),
      );
      sizes.push({
        ...{ cases: size, seeding: grown.times, p50, breakdown },
        ...{ rounds: timed.rounds, cut: timed.cutAtBudget },
      });
    }
    await app.stop();
    return { engine: engine.name, small: sizes[0]!, large: sizes[1]! };
  },
  print: (r, out) => {
    const { small, large } = r;
    for (const size of [small, large]) {
      const t = size.seeding;
      const collection = ([name, seconds]: [string, number]) =>
        `${name} ${thousands(t.documents[name] ?? 0)} in ${seconds.toFixed(1)} s`;
      const collections = Object.entries(t.perCollection).map(collection).join(', ');
      out(
        `seeding to ${thousands(size.cases)} cases: ${thousands(t.cases)} cases in ${t.seconds.toFixed(1)} s ` +
          `(${Math.round(t.cases / t.seconds)} cases/s): ${collections}`,
      );
    }
    out();
    out(
      `p50 of ${small.rounds} / ${large.rounds} requests of each kind (at ${thousands(small.cases)} / ` +
        `${thousands(large.cases)} cases), each about a different case; ms from request to last byte`,
    );
    for (const size of [small, large].filter((s) => s.cut))
      out(`  CUT SHORT at ${thousands(size.cases)} cases: --max-seconds ran out`);
    const [a, b] = [thousands(small.cases), thousands(large.cases)];
    const rows = (Object.keys(KINDS) as Kind[]).map((kind) => [
      KINDS[kind],
      fixed(small.p50[kind], 1),
      fixed(large.p50[kind], 1),
      fixed(growth(r, kind), 2),
      fixed(small.p50[kind] / small.p50.byId, 1),
      fixed(large.p50[kind] / large.p50.byId, 1),
      kind === 'byId' ? '—' : verdict(r, kind),
    ]);
    const header = `request|p50 ms at ${a}|at ${b}|${b}/${a}|÷ read by _id at ${a}|at ${b}|≤ ${GROWTH_BUDGET}?`;
    out(table(header, rows));
    out();
    out(
      `Database calls behind them, timed from the bench process through the app's repositories ` +
        `(p50 of ${BREAKDOWN_REPEATS}, different cases; information only), and which requests make them:`,
    );
    const calls = Object.entries(large.breakdown).map(([call, { p50Ms }]) => {
      const before = small.breakdown[call]?.p50Ms ?? Number.NaN;
      return [call, fixed(before, 1), fixed(p50Ms, 1), fixed(p50Ms / before, 2)];
    });
    out(table(`call (requests that make it)|p50 ms at ${a}|at ${b}|${b}/${a}`, calls));
    if (r.engine === 'ferretdb') {
      out(
        `  ${FERRETDB_NOTE}: FerretDB v1 reads every document of a collection for most queries, ` +
          `even by _id (the baseline grows with it); on MongoDB each must stay within ${GROWTH_BUDGET}×.`,
      );
    }
  },
  summary: (r) => {
    const [a, b] = [thousands(r.small.cases), thousands(r.large.cases)];
    const baseline = `${ms(r.small.p50.byId)} → ${ms(r.large.p50.byId)} read by _id`;
    return [
      row(
        `flat: growing the database from ${a} to ${b} cases`,
        `${fixed(r.large.seeding.seconds / 60, 1)} min`,
        {
          about:
            'writing the cases from the first size to the second with everything stored with them ' +
            '(reports, triage records, audit history, threads, attachment parts, claims and slots), insertMany in batches',
        },
      ),
      ...REQUEST_KINDS.map((kind) =>
        row(
          `flat: ${KINDS[kind]}, ${a} → ${b} cases (p50)`,
          `${ms(r.small.p50[kind])} → ${ms(r.large.p50[kind])}`,
          {
            baseline,
            ratio: fixed(growth(r, kind), 2),
            budget: `≤ ${GROWTH_BUDGET} on MongoDB`,
            met: verdict(r, kind),
            about: ABOUT[kind],
          },
        ),
      ),
    ];
  },
});

interface SizeResult {
  readonly cases: number;
  readonly seeding: GrowthTimes;
  readonly p50: Record<Kind, number>;
  /** p50 of each database call behind the requests, by its description. */
  readonly breakdown: Record<string, { p50Ms: number; n: number }>;
  readonly rounds: number;
  readonly cut: boolean;
}
type FlatResult = { engine: string; small: SizeResult; large: SizeResult };

const growth = (r: FlatResult, kind: Kind): number => r.large.p50[kind] / r.small.p50[kind];
const verdict = (r: FlatResult, kind: Kind): string =>
  r.engine === 'mongodb' ? yesNo(growth(r, kind) <= GROWTH_BUDGET) : FERRETDB_NOTE;

/** Seeded cases in a fixed random order; each request takes the next one that suits it. */
function casePicker(cases: readonly SeededCase[], random: Random) {
  const used = new Set<string>();
  return (suits: (seeded: SeededCase) => boolean = () => true): SeededCase => {
    for (let tries = 0; tries < 10_000; tries++) {
      const candidate = cases[Math.floor(random() * cases.length)]!;
      if (!used.has(candidate.caseId) && suits(candidate)) {
        used.add(candidate.caseId);
        return candidate;
      }
    }
    throw new Error('no seeded case left that suits the request');
  };
}

interface Requests {
  readonly client: StaffClient;
  readonly url: string;
  readonly pools: FlatPools;
  readonly picker: ReturnType<typeof casePicker>;
  readonly bodies: readonly PrebuiltBody[];
  readonly byId: (caseId: string) => Promise<unknown>;
}

/** Every request of one size, each round about cases drawn beforehand. */
function buildCalls(q: Requests, rounds: number): Call<Kind>[] {
  const draw = <T>(make: () => T): T[] => Array.from({ length: rounds }, make);
  const get = getCalls(q.client);
  const cases = () => draw(() => q.picker());
  const views = cases();
  const receipts = cases();
  const followUps = cases();
  const claims = cases();
  const changes = cases();
  const reads = cases();
  const parts = draw(() => {
    const owner = q.picker((c) => c.attachments.some((a) => a.parts < MAX_PARTS_PER_ATTACHMENT));
    const attachment = owner.attachments.find((a) => a.parts < MAX_PARTS_PER_ATTACHMENT)!;
    return { owner, attachmentId: attachment.attachmentId, index: attachment.parts };
  });
  /** A call whose answer must have `status`; `body` and `headers` of round r. */
  const call = (
    key: Kind,
    method: 'POST' | 'PUT',
    path: (r: number) => string,
    status: number,
    request: (r: number) => { body: Buffer | string; headers: Record<string, string> },
    check?: (answer: unknown, r: number) => void,
  ): Call<Kind> => ({
    key,
    label: KINDS[key],
    run: async (r) => {
      const { body, headers } = request(r);
      const init = {
        method,
        headers,
        body: typeof body === 'string' ? body : new Uint8Array(body),
      };
      const response = await fetch(`${q.url}${path(r)}`, init);
      const answer = Buffer.from(await response.arrayBuffer());
      if (response.status !== status)
        throw new Error(`${method} ${path(r)} answered ${response.status}: ${String(answer)}`);
      return answer;
    },
    ...(check ? { check } : {}),
  });
  const json = (body: object) => ({
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  const part = (verifier: string, r: number) => ({
    body: q.pools.parts[r % q.pools.parts.length]!.bytes,
    headers: { 'content-type': 'application/octet-stream', 'x-receipt-verifier': verifier },
  });
  const partPath = (attachmentId: string, index: number) =>
    `/api/attachments/${attachmentId}/parts/${index}`;
  const claimIds = draw(() => createAttachmentId());
  // A page holds what the total leaves for it (a deep page is empty below page × size cases).
  const inbox = (key: Kind, path: string, skip: number, pageSize: number) =>
    get(
      key,
      KINDS[key],
      () => path,
      (answer) => {
        const { cases, total } = answer as { cases?: unknown[]; total?: number };
        const expected = Math.max(0, Math.min(pageSize, (total ?? 0) - skip));
        if (!Array.isArray(cases) || cases.length !== expected || (expected === 0 && skip === 0))
          throw new Error(`an inbox page of ${cases?.length} of ${total} cases`);
      },
    );
  return [
    get(
      'view',
      KINDS.view,
      (r) => `/api/cases/${views[r]!.caseId}`,
      (answer, r) => {
        if ((answer as { case?: { caseId?: string } }).case?.caseId !== views[r]!.caseId)
          throw new Error('opened another case');
      },
    ),
    call(
      'receipt',
      'POST',
      () => '/api/receipts/case',
      200,
      (r) => json({ receiptVerifier: receipts[r]!.receiptVerifier }),
      (answer, r) => {
        if ((JSON.parse(String(answer)) as { caseId?: string }).caseId !== receipts[r]!.caseId)
          throw new Error('the receipt opened another case');
      },
    ),
    call(
      'report',
      'POST',
      () => '/api/reports',
      201,
      (r) => ({
        body: q.bodies[r]!.json,
        headers: { 'content-type': 'application/json' },
      }),
    ),
    call(
      'followUp',
      'POST',
      () => '/api/receipts/messages',
      201,
      (r) =>
        json({
          receiptVerifier: followUps[r]!.receiptVerifier,
          messageId: createMessageId(),
          message: q.pools.messages[r % q.pools.messages.length]!.armored,
        }),
    ),
    call(
      'part',
      'PUT',
      (r) => partPath(parts[r]!.attachmentId, parts[r]!.index),
      201,
      (r) => part(parts[r]!.owner.receiptVerifier, r),
    ),
    {
      key: 'history',
      label: KINDS.history,
      run: async (r) => {
        const priority = CASE_PRIORITIES.find((p) => p !== changes[r]!.priority)!;
        const path = `/api/cases/${changes[r]!.caseId}`;
        const answer = await q.client.fetch('PATCH', path, { priority });
        if (answer.status !== 200)
          throw new Error(`PATCH answered ${answer.status}: ${String(answer.body)}`);
        return answer.body;
      },
    },
    call(
      'claim',
      'PUT',
      (r) => partPath(claimIds[r]!, 0),
      201,
      (r) => part(claims[r]!.receiptVerifier, r),
    ),
    inbox('inboxFiltered', INBOX_FILTERED, 0, 50),
    inbox('inboxDeadline', '/api/cases?sort=deadline&pageSize=50', 0, 50),
    inbox('inboxDeep', INBOX_DEEP, (DEEP_PAGE.page - 1) * DEEP_PAGE.pageSize, DEEP_PAGE.pageSize),
    {
      key: 'byId',
      label: KINDS.byId,
      run: async (r) => {
        if (!(await q.byId(reads[r]!.caseId))) throw new Error('a seeded report is missing');
        return null;
      },
    },
  ];
}
/**
 * The database calls the requests above make, each through the app's own repository method, so
 * a request that grows can be traced to the query that does (inbox.ts does the same for pages).
 * Each call about a different one of `cases` (cases with attachments).
 */
async function databaseBreakdown(connection: Connection, cases: readonly SeededCase[]) {
  const {
    reports,
    cases: triage,
    caseMessages: messages,
    attachmentParts: parts,
    attachmentReservations: reservations,
    auditLog: audit,
    storageUsage: usage,
  } = buildCoreServices({ connection }).repositories;
  // The queries of CaseMessagesRepository.append and AttachmentPartsRepository.claimAttachment
  // that no public method makes alone.
  const threads = connection.db!.collection('case_messages');
  const partsCollection = connection.db!.collection('attachment_parts');
  const page = { statuses: ['new', 'acknowledged'], priority: 'urgent' } as const;
  const calls: Record<string, (c: SeededCase) => Promise<unknown>> = {
    'cases: findById (all but inbox pages)': (c) => triage.findById(c.caseId),
    'reports: findByCaseId, by _id (view, history)': (c) => reports.findByCaseId(c.caseId),
    'reports: findByReceiptVerifierHash (receipt, follow-up, parts)': (c) =>
      reports.findByReceiptVerifierHash(hashReceiptVerifier(c.receiptVerifier)),
    'case_messages: listThread (view, receipt, history)': (c) => messages.listThread(c.caseId),
    'case_messages: countDocuments by caseId, the next seq (follow-up)': (c) =>
      threads.countDocuments({ caseId: c.caseId }),
    'attachment_parts: listOfCase (view, history)': (c) => parts.listOfCase(c.caseId),
    'attachment_parts: find one part by _id (parts, claim)': (c) =>
      parts.find(c.attachments[0]!.attachmentId, 0),
    'attachment_parts: a part by attachmentId (claim)': (c) =>
      partsCollection.findOne({ attachmentId: c.attachments[0]!.attachmentId }),
    [`attachment_reservations: the ${BYTE_SLOTS} byte slots by _id $in (parts, claim)`]: (c) =>
      reservations.freeSlots({ caseId: c.caseId, kind: 'bytes', capacity: BYTE_SLOTS }),
    'attachment_reservations: the 100 follow-up slots by _id $in (follow-up)': (c) =>
      reservations.freeSlots({ caseId: c.caseId, kind: 'follow-ups', capacity: 100 }),
    'audit_log: listForCase (view, history)': (c) => audit.listForCase(caseRefOf(c.caseId)),
    'audit_log: findLast, the chain’s head (history)': () => audit.findLast(),
    'audit_log: findByKey (history)': (c) => audit.findByKey(`bench ${c.caseId}`),
    'cases: listInboxPage, filtered, sort urgency (inbox)': () =>
      triage.listInboxPage({ ...page, sort: 'urgency', skip: 0, limit: 50 }),
    'storage watermark: dbStats and $collStats (writes; at most once per 5 s)': () =>
      usage.measure({ attachmentBytes: true }),
  };
  return await timeEach(calls, cases);
}
