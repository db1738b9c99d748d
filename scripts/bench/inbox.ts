/**
 * `npm run bench:inbox`: "the inbox with 10,000 cases stays responsive", as ratios to baselines
 * taken in the same run. The real server, a signed-in caseworker and --cases seeded cases
 * (inbox-fixture.ts). Server time (kit/rounds.ts), interleaved round by round: (a) the filtered
 * first page, (b) page 100 by date received, (c) one case (a different one each round), beside
 * (d) GET /api/auth/session; then the database calls behind them (information only). Browser
 * time: in Chromium, the caseworker key is unlocked once and page (a)'s 50 reports decrypted one
 * after another with client/crypto, beside WebCrypto AES-GCM on the same sizes. Reports only:
 * exits 1 only if the bench fails (an error, a non-200 answer, a page unlike the seeded data).
 */
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { caseRefOf } from '../../server/features/audit';
import { buildCoreServices } from '../../server/services';
import { describeSeed, SEED, seedInbox } from './inbox-fixture';
import type { DecryptBench } from './inbox-page-decrypt';
import { runPageEntry } from './kit/browser';
import { count, flag } from './kit/options';
import { BENCH_KEY_PASSPHRASE } from './kit/organisation';
import { seededRandom } from './kit/random';
import { getCalls, timeEach, timeRounds } from './kit/rounds';
import { defineBench } from './kit/run';
import { median } from './kit/stats';
import { fixed, ms, row, table, thousands } from './kit/summary';

const PAGE_SIZE = 50;
const DEEP_PAGE = 100;
/** The database breakdown repeats each call up to this many times, for up to this long. */
const BREAKDOWN_REPEATS = 3;
const BREAKDOWN_MAX_SECONDS = 4;
const PATHS = {
  filtered: `/api/cases?status=new,acknowledged&priority=urgent&sort=urgency&pageSize=${PAGE_SIZE}`,
  deepPage: `/api/cases?sort=received&page=${DEEP_PAGE}&pageSize=${PAGE_SIZE}`,
  caseView: '/api/cases/:caseId',
  session: '/api/auth/session',
};
const LABELS = {
  filtered: '(a) filtered first page',
  deepPage: `(b) page ${DEEP_PAGE} by date received`,
  caseView: '(c) one case',
  session: '(d) session (baseline)',
};
type Item = { caseId: string; report: string; priority: string; status: string };

export const inbox = defineBench({
  name: 'inbox',
  title: 'inbox page time with many cases',
  description: 'Inbox responsiveness with many cases: server and browser time, as ratios',
  options: {
    cases: count('cases to seed', 10_000, 100, 200_000),
    requests: count('measured requests of each kind', 30, 1, 10_000),
    warmup: count('warm-up rounds (not measured)', 5, 0, 1000),
    serverSeconds: count('no new measured round after this long (s)', 150, 1, 36_000),
    distinctReports: count('distinct encrypted reports, reused', 50, 1, 1000),
    seedConcurrency: count('reports written at once while seeding', 8, 1, 64),
    browserRuns: count('timed decryption passes in Chromium', 5, 1, 100),
    auditHistory: flag('do not seed the audit history triage would have written', true),
  },
  run: async (kit, o) => {
    const { connection, app, caseworker, caseworkerKeys, plans, seed } = await seedInbox(kit, o);
    if (seed.urgentNew < PAGE_SIZE) kit.log(`warning: only ${seed.urgentNew} cases match (a)`);

    // Case views: spread over the whole inbox, a different case each round.
    const random = seededRandom(SEED + 1);
    const views = Array.from(
      { length: o.warmup + o.requests },
      () => plans[Math.floor(random() * plans.length)]!._id,
    );
    const view = (round: number): string => views[round % views.length]!;
    /** A page of `length` of `total` cases, each with its report, each of them `fits`. */
    const list = (what: string, total: number, length: number, fits = (_: Item) => true) => {
      return (json: unknown) => {
        const page = json as { cases: Item[]; total: number };
        if (page.total !== total || page.cases.length !== length)
          throw new Error(
            `${what}: ${page.cases.length} of ${page.total}, not ${length} of ${total}`,
          );
        if (page.cases.some((item) => !item.report))
          throw new Error(`${what}: a case without report`);
        if (!page.cases.every(fits)) throw new Error(`${what}: not filtered`);
      };
    };
    const deepLength = Math.min(PAGE_SIZE, Math.max(0, plans.length - (DEEP_PAGE - 1) * PAGE_SIZE));
    const isUrgentNew = (item: Item) =>
      item.priority === 'urgent' && ['new', 'acknowledged'].includes(item.status);
    const urgentLength = Math.min(PAGE_SIZE, seed.urgentNew);
    const get = getCalls(caseworker.client);
    const calls = [
      get(
        'filtered',
        LABELS.filtered,
        () => PATHS.filtered,
        list('(a)', seed.urgentNew, urgentLength, isUrgentNew),
      ),
      get('deepPage', LABELS.deepPage, () => PATHS.deepPage, list('(b)', plans.length, deepLength)),
      get(
        'caseView',
        LABELS.caseView,
        (round) => `/api/cases/${view(round)}`,
        (json, round) => {
          const { case: opened } = json as { case?: { caseId?: string; report?: string } };
          if (opened?.caseId !== view(round) || !opened.report)
            throw new Error('(c): not that case');
        },
      ),
      get(
        'session',
        LABELS.session,
        () => PATHS.session,
        (json) => {
          if ((json as { stage?: string }).stage !== 'full') throw new Error('(d): not signed in');
        },
      ),
    ];
    const rounds = {
      warmup: o.warmup,
      warmupMaxSeconds: 15,
      rounds: o.requests,
      maxSeconds: o.serverSeconds,
    };
    kit.log(
      `server time: up to ${o.warmup} warm-up + ${o.requests} rounds, none after ${o.serverSeconds} s`,
    );
    const { last, ...server } = await timeRounds(calls, rounds, kit.log);
    await app.stop();
    const page = (last.filtered as { cases: Item[] }).cases;

    kit.log('database breakdown');
    const pageIds = page.map((item) => item.caseId);
    const breakdown = await databaseBreakdown(connection, pageIds, views[0]!);

    kit.log('browser time in Chromium');
    const { protectedSecretKey, fingerprint } = caseworkerKeys[0]!;
    const reports = page.map((item) => item.report);
    const key = { protectedSecretKey, fingerprint, keyPassphrase: BENCH_KEY_PASSPHRASE };
    const input = { ...key, reports, warmups: 1, runs: o.browserRuns };
    const entry = join(__dirname, 'inbox-page-decrypt.ts');
    const raw = await runPageEntry<DecryptBench>(kit, entry, 'inboxDecryptBench', input);
    if (!raw.allReportsParsed)
      throw new Error('a decrypted report is not an amanat-report/v1 document');
    const [openpgpMedianMs, aesGcmMedianMs] = [median(raw.openpgpMs), median(raw.aesGcmMs)];
    const ratioOpenpgpToAesGcm = openpgpMedianMs / aesGcmMedianMs;
    const browser = { ...raw, reports: reports.length, openpgpMedianMs, aesGcmMedianMs };
    const decryption = { ...browser, ratioOpenpgpToAesGcm };
    return { seed, server, caseView: `/api/cases/${views[0]}`, breakdown, browser: decryption };
  },
  print: ({ seed, server, caseView, breakdown, browser: b }, out, o) => {
    const base = server.calls.session.stats;
    const rows = Object.values(server.calls).map(({ label, stats: s, bytes }) => {
      const values = [
        s.p50Ms,
        s.p95Ms,
        s.meanMs,
        s.maxMs,
        s.p50Ms / base.p50Ms,
        s.p95Ms / base.p95Ms,
      ];
      return [label, ...values.map((v) => v.toFixed(1)), String(bytes)];
    });
    const paths = Object.entries({ ...PATHS, caseView }).map(
      ([kind, path]) => `  ${LABELS[kind as keyof typeof LABELS]}: GET ${path}`,
    );
    const calls = Object.entries(breakdown).map(([call, { p50Ms, n }]) => {
      return [`  ${call}`, `${p50Ms.toFixed(1)} ms`, `n=${n}`];
    });
    const passes = [
      ['client/crypto decryptWithCaseworkerKey', b.openpgpMedianMs],
      ['  first pass after unlock (cold)', b.openpgpColdMs],
      ['WebCrypto AES-GCM-256, same sizes (baseline)', b.aesGcmMedianMs],
    ] as const;
    const cells = passes.map(([name, ms]) => [name, ms.toFixed(1), (ms / b.reports).toFixed(2)]);
    const runs = (values: readonly number[], digits: number) =>
      values.map((v) => v.toFixed(digits)).join(', ');
    out([
      ...describeSeed(seed),
      '',
      `Server time: ${server.rounds} sequential requests of each kind in ${server.seconds.toFixed(0)} s, ` +
        `interleaved, after ${server.warmupRounds} warm-up round(s) (ms from request to last body byte, keep-alive)`,
      ...(server.cutAtBudget
        ? [
            `  CUT SHORT: the --server-seconds budget ran out after ${server.rounds} of ${o.requests} ` +
              `rounds; p95 of so few samples is close to the maximum`,
          ]
        : []),
      ...table('request|p50 ms|p95 ms|mean|max|p50 ratio|p95 ratio|body bytes', rows),
      ...paths,
      '',
      `Database calls behind them, from the bench process after the server stopped ` +
        `(p50 of up to ${BREAKDOWN_REPEATS}, information only):`,
      ...table('call|p50|n', calls),
      '',
      `Browser time (Chromium): decrypting the ${b.reports} reports of page (a), one after another ` +
        `(${b.messageBytes} B of ciphertext, ${b.plaintextBytes} B of JSON); median of ` +
        `${b.openpgpMs.length} passes after a warm-up`,
      ...table('|total ms|ms/summary', cells),
      `  ratio openpgp/aes-gcm = ${b.ratioOpenpgpToAesGcm.toFixed(1)}; key unlocked once in ` +
        `${b.unlockMs.toFixed(0)} ms; base64 of the page decoded in ${b.base64Ms.toFixed(1)} ms`,
      `  runs ms: openpgp [${runs(b.openpgpMs, 1)}]  aes-gcm [${runs(b.aesGcmMs, 2)}]`,
    ]);
  },
  summary: ({ seed, server: { calls }, browser }) => {
    const session = calls.session.stats.p50Ms;
    const baseline = `${ms(session)} GET /api/auth/session`;
    const [filtered, caseView] = [calls.filtered.stats.p50Ms, calls.caseView.stats.p50Ms];
    const cases = thousands(seed.cases);
    const budget = 'responsive (no number)';
    return [
      row(`inbox filtered first page, ${cases} cases (p50)`, ms(filtered), {
        ...{ baseline, ratio: fixed(filtered / session, 1), budget },
        about: 'server time of the first page of urgent open cases, beside reading a session',
      }),
      row(`inbox: one case, ${cases} cases (p50)`, ms(caseView), {
        ...{ baseline, ratio: fixed(caseView / session, 1), budget },
        about:
          'server time of one case with its report and audit history, a different one each time',
      }),
      row(
        `inbox: decrypt the page’s ${browser.reports} reports (Chromium)`,
        ms(browser.openpgpMedianMs),
        {
          baseline: `${ms(browser.aesGcmMedianMs)} WebCrypto AES-GCM`,
          ratio: fixed(browser.ratioOpenpgpToAesGcm, 1),
          about: 'decrypting that page’s reports one by one, beside AES-GCM on the same sizes',
        },
      ),
    ];
  },
});

/** Where the server's time goes: the same database calls, from this process (information only). */
async function databaseBreakdown(connection: Connection, pageIds: string[], viewId: string) {
  const { cases, reports, accounts, auditLog } = buildCoreServices({ connection }).repositories;
  // Each update changes the field (FerretDB skips writing a document that did not change).
  let viewed = (await cases.findById(viewId))!;
  const urgentNew = {
    statuses: ['new', 'acknowledged'],
    priority: 'urgent',
    sort: 'urgency',
    skip: 0,
    limit: PAGE_SIZE,
  } as const;
  const calls = {
    'cases: CasesRepository.listInboxPage, filtered, sort urgency, limit 50 (with its count)': () =>
      cases.listInboxPage(urgentNew),
    [`reports: ReportRepository.findMessagesByCaseIds of ${pageIds.length} (as listInbox)`]: () =>
      reports.findMessagesByCaseIds(pageIds),
    'reports: one read by _id': () => reports.findByCaseId(viewId),
    'accounts: list all (usernames)': () => accounts.listAll(),
    'audit: history of one case (details.case)': () => auditLog.listForCase(caseRefOf(viewId)),
    'cases: CasesRepository.updateAtRevision of one field by _id (PATCH)': async () => {
      const legalHold = !viewed.legalHold;
      await cases.updateAtRevision(viewed, { legalHold });
      viewed = { ...viewed, legalHold, revision: viewed.revision + 1 };
    },
  };
  // No warm-up: the server phase warmed the database.
  return await timeEach(calls, Array<void>(BREAKDOWN_REPEATS), BREAKDOWN_MAX_SECONDS);
}
