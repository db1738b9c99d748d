/**
 * `npm run bench:linking`: "linking adds no more than a small, measured cost to opening a case",
 * as the ratio of opening a case with linking to opening it without, measured in the same run.
 * Server: the real server and a signed-in caseworker; the case (GET /api/cases/:caseId) beside
 * the two requests the links panel adds (the linking key, the case's links), interleaved round
 * by round (kit/rounds.ts). Browser: in Chromium, with the dashboard's own code
 * (linking-open-case.ts), the report decrypted and parsed, beside the same plus what the links
 * panel does before it lists the linked cases (linking key unwrapped and verified, the case's
 * identifiers opened, identifiers proposed), interleaved. Medians of --runs; the ratio is of the
 * sums (server + browser), the page's rendering left out. The first opening with linking, which
 * fetches the phone number rules' chunk, is printed apart. Reports only.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  encryptForDirectory,
  encryptLinkIdentifiers,
  unlockCaseworkerKey,
  wrapLinkingKey,
} from '../../client/crypto';
import { runPageEntry } from './kit/browser';
import { count } from './kit/options';
import { BENCH_KEY_PASSPHRASE } from './kit/organisation';
import { getCalls, timeRounds } from './kit/rounds';
import { defineBench } from './kit/run';
import { staffedApp, type StaffClient } from './kit/staff';
import { median } from './kit/stats';
import { fixed, ms, row, table } from './kit/summary';
import type { OpenCaseBench } from './linking-open-case';
import { createBodyFactory } from './report-bodies';

/** What the reporter wrote about who contacted them: a number and an account to link by. */
const CONTACTED_BY = 'He called from +90 532 555 01 77, then wrote on Telegram: @harasser_01';
const LINKED = [
  { type: 'phone', value: '+905325550177' },
  { type: 'telegram', value: 'harasser_01' },
];

export const linking = defineBench({
  name: 'linking',
  title: 'opening a case with and without linking',
  description: "The browser's cost of opening a case with linked cases, beside one without",
  options: {
    runs: count('timed openings of each kind (median)', 15, 1, 500),
    warmups: count('untimed openings of each kind first', 3, 0, 100),
  },
  run: async (kit, o) => {
    const { connection, caseworkerKeys, directory, app, caseworker } = await staffedApp(kit);
    const { protectedSecretKey, fingerprint } = caseworkerKeys[0]!;
    const handle = await unlockCaseworkerKey(protectedSecretKey, BENCH_KEY_PASSPHRASE, fingerprint);
    // Two cases, linked by one token, under a stored linking key.
    const caseIds: string[] = [];
    for (const body of await (await createBodyFactory(directory, 4096)).build(2)) {
      const sent = await fetch(`${app.url}/api/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body.json.toString('utf8'),
      });
      if (sent.status !== 201) throw new Error(`POST /api/reports answered ${sent.status}`);
      caseIds.push(((await sent.json()) as { caseId: string }).caseId);
    }
    const caseId = caseIds[0]!;
    const document = {
      schema: 'amanat-report/v1',
      country: 'TR',
      whatHappened: 'BENCH ONLY report. '.repeat(100),
      contactedBy: CONTACTED_BY,
    };
    const report = await encryptForDirectory(
      new TextEncoder().encode(JSON.stringify(document)),
      directory,
    );
    const wrappedKey = await wrapLinkingKey(handle, directory, 1, new Uint8Array(randomBytes(32)));
    const identifiers = await encryptLinkIdentifiers(handle, directory, caseId, 1, LINKED);
    const db = connection.db!;
    await db.collection('linking_keys').insertOne({
      ...{ _id: 'current' as never, version: 1, retired: false },
      message: Buffer.from(wrappedKey),
    });
    const token = randomBytes(32).toString('base64url').slice(0, 43);
    for (const id of caseIds) {
      await db.collection('case_links').insertOne({
        ...{ _id: id as never, keyVersion: 1, tokens: [token] },
        identifiers: Buffer.from(identifiers),
      });
    }
    const server = await serverTimes(caseworker.client, caseId, o.warmups, o.runs, kit.log);
    const input = {
      ...{ protectedSecretKey, fingerprint, keyPassphrase: BENCH_KEY_PASSPHRASE, directory },
      ...{ caseId, keyVersion: 1, warmups: o.warmups, runs: o.runs },
      report: [...report],
      wrappedKey: [...wrappedKey],
      identifiers: [...identifiers],
    };
    kit.log(`opening the case ${o.warmups} + ${o.runs} times each way in Chromium`);
    const entry = join(__dirname, 'linking-open-case.ts');
    const raw = await runPageEntry<OpenCaseBench>(kit, entry, 'linkingOpenCaseBench', input);
    // The linking work really ran: each stored identifier opened, and each one proposed again.
    const found = raw.identifiers;
    if (found.confirmed !== LINKED.length || found.proposed !== LINKED.length)
      throw new Error(`identifiers opened ${found.confirmed} and proposed ${found.proposed}`);
    const browser = { ...raw, withoutMs: median(raw.withoutMs), withMs: median(raw.withMs) };
    const without = server.withoutMs + browser.withoutMs;
    const withLinking = server.withMs + browser.withMs;
    return { server, browser, runs: raw, without, withLinking, ratio: withLinking / without };
  },
  print: (r, out, o) => {
    const runs = (values: readonly number[]) => values.map((v) => v.toFixed(1)).join(', ');
    const line = (name: string, ...values: number[]) => [name, ...values.map(ms)];
    out([
      `Opening a case, median of ${o.runs} after ${o.warmups} warm-ups (ms)`,
      ...table('|server|browser|sum', [
        line('without linking', r.server.withoutMs, r.browser.withoutMs, r.without),
        line('with linking', r.server.withMs, r.browser.withMs, r.withLinking),
      ]),
      `  server: GET /api/cases/:caseId ${ms(r.server.caseMs)}, /api/case-links/key ` +
        `${ms(r.server.keyMs)}, /api/case-links/cases/:caseId ${ms(r.server.linksMs)}`,
      `  browser runs without [${runs(r.runs.withoutMs)}]`,
      `  browser runs with [${runs(r.runs.withMs)}]`,
      `  first opening with linking in the browser (fetches the phone number rules): ` +
        ms(r.runs.coldWithLinkingMs),
      `ratio with/without linking = ${fixed(r.ratio)} (browser alone ` +
        `${fixed(r.browser.withMs / r.browser.withoutMs)})`,
    ]);
  },
  summary: (r) => [
    row('open a case with linking (server + browser)', ms(r.withLinking), {
      baseline: `${ms(r.without)} without linking`,
      ratio: fixed(r.ratio),
      budget: 'small, measured (no number)',
      about:
        'case and links requests, report decrypted, linking key unwrapped, identifiers opened and proposed; medians',
    }),
  ],
});

/** Server time (p50) of the case alone, and of the case with the links panel's two requests. */
async function serverTimes(
  client: StaffClient,
  caseId: string,
  warmup: number,
  rounds: number,
  log: (line: string) => void,
) {
  const get = getCalls(client);
  const calls = [
    get(
      'case',
      'the case',
      () => `/api/cases/${caseId}`,
      (json) => {
        if ((json as { case?: { caseId?: string } }).case?.caseId !== caseId)
          throw new Error('not that case');
      },
    ),
    get(
      'key',
      'the linking key',
      () => '/api/case-links/key',
      (json) => {
        if ((json as { key?: { version?: number } }).key?.version !== 1)
          throw new Error('no linking key');
      },
    ),
    get(
      'links',
      "the case's links",
      () => `/api/case-links/cases/${caseId}`,
      (json) => {
        if ((json as { linkedCases?: unknown[] }).linkedCases?.length !== 1)
          throw new Error('not one linked case');
      },
    ),
  ];
  const limits = { warmup, warmupMaxSeconds: 15, rounds, maxSeconds: 120 };
  const timed = (await timeRounds(calls, limits, log)).calls;
  const [caseMs, keyMs, linksMs] = [timed.case, timed.key, timed.links].map((c) => c.stats.p50Ms);
  return {
    ...{ caseMs: caseMs!, keyMs: keyMs!, linksMs: linksMs! },
    withoutMs: caseMs!,
    withMs: caseMs! + keyMs! + linksMs!,
  };
}
