/**
 * `npm run bench:linking`: "linking adds no more than a small, measured cost to opening a case",
 * as a caseworker meets it. The real server serves the built dashboard; in Chromium, a signed-in
 * caseworker with the key unlocked opens a case from the inbox, timed from the click (a) until
 * the report panel shows the decrypted report and (b) until the links panel has listed the
 * linked cases (or, without linking, says the linking key must be made). With linking: a linking
 * key stored and the case linked to another; without: no linking key stored. The two alternate
 * round by round (which goes first too), so a slower moment of a shared machine falls on both.
 * Medians; printed: (a) with/without, the cost linking adds to opening a case, and (b)/(a) with
 * linking, how long after the report the links are listed. Reports only.
 */
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { encryptLinkIdentifiers, unlockCaseworkerKey, wrapLinkingKey } from '../../client/crypto';
import { inboxUnlocked } from './kit/dashboard';
import { count } from './kit/options';
import { BENCH_KEY_PASSPHRASE } from './kit/organisation';
import { defineBench } from './kit/run';
import { staffedApp } from './kit/staff';
import { median } from './kit/stats';
import { fixed, ms, row, table } from './kit/summary';
import { createBodyFactory } from './report-bodies';

const LINKED = [
  { type: 'phone', value: '+905325550177' },
  { type: 'telegram', value: 'harasser_01' },
];
/** No opening of a case on this machine comes near this; past it the bench fails. */
const OPENING_TIMEOUT_MS = 60_000;

type Opening = { reportMs: number; linksMs: number };

export const linking = defineBench({
  name: 'linking',
  title: 'opening a case with and without linking',
  description: 'Opening a case in the dashboard (Chromium) with linking in use, beside without',
  options: {
    runs: count('timed openings of each kind (median)', 15, 1, 500),
    warmups: count('untimed openings of each kind first', 3, 0, 100),
  },
  run: async (kit, o) => {
    const staffed = await staffedApp(kit, { dashboard: true });
    const { connection, directory, key, app, caseworker, siteUrl } = staffed;
    const handle = await unlockCaseworkerKey(
      key!.protectedSecretKey,
      BENCH_KEY_PASSPHRASE,
      key!.fingerprint,
    );
    // Two cases, linked by one token, under a linking key stored while "with linking".
    const caseIds: string[] = [];
    for (const body of await (await createBodyFactory(directory, 4096)).build(2)) {
      const sent = await fetch(`${app.url}/api/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: body.json.toString('utf8'),
      });
      if (sent.status !== 201)
        throw new Error(`POST /api/reports answered ${sent.status} ${await sent.text()}`);
      caseIds.push(((await sent.json()) as { caseId: string }).caseId);
    }
    const caseId = caseIds[0]!;
    const db = connection.db!;
    const wrappedKey = await wrapLinkingKey(handle, directory, 1, new Uint8Array(randomBytes(32)));
    const linkingKey = {
      ...{ _id: 'current' as never, version: 1, retired: false },
      message: Buffer.from(wrappedKey),
    };
    const token = randomBytes(32).toString('base64url').slice(0, 43);
    for (const id of caseIds) {
      const identifiers = await encryptLinkIdentifiers(handle, directory, id, 1, LINKED);
      await db.collection('case_links').insertOne({
        ...{ _id: id as never, keyVersion: 1, tokens: [token] },
        identifiers: Buffer.from(identifiers),
      });
    }
    const useLinking = async (linked: boolean) => {
      await db.collection('linking_keys').deleteMany({});
      if (linked) await db.collection('linking_keys').insertOne(linkingKey);
    };

    kit.log('signing in to the dashboard in Chromium and unlocking the key');
    const page = await inboxUnlocked(kit, siteUrl!, caseworker);
    kit.log(`opening the case ${o.warmups} + ${o.runs} times each way`);
    const openings = { with: [] as Opening[], without: [] as Opening[] };
    let first: Opening | undefined;
    for (let round = 0; round < o.warmups + o.runs; round += 1) {
      for (const linked of round % 2 === 0 ? [true, false] : [false, true]) {
        await useLinking(linked);
        const opening = await openCase(page, caseId, linked);
        first ??= opening;
        if (round >= o.warmups) openings[linked ? 'with' : 'without'].push(opening);
      }
    }
    const medians = (list: Opening[]) => ({
      reportMs: median(list.map((x) => x.reportMs)),
      linksMs: median(list.map((x) => x.linksMs)),
    });
    const [withLinking, without] = [medians(openings.with), medians(openings.without)];
    return {
      ...{ openings, first: first!, withLinking, without },
      ratio: withLinking.reportMs / without.reportMs,
      linksAfterReport: withLinking.linksMs / withLinking.reportMs,
    };
  },
  print: (r, out, o) => {
    const runs = (list: Opening[], of: keyof Opening) =>
      list.map((x) => x[of].toFixed(0)).join(', ');
    out([
      `Opening a case from the inbox in the dashboard (Chromium), ms from the click; median of ` +
        `${o.runs} after ${o.warmups} warm-ups, interleaved`,
      ...table('|(a) report shown|(b) links panel done', [
        ['with linking (links listed)', ms(r.withLinking.reportMs), ms(r.withLinking.linksMs)],
        ['without (panel: make the key)', ms(r.without.reportMs), ms(r.without.linksMs)],
      ]),
      `  (a) runs with [${runs(r.openings.with, 'reportMs')}]`,
      `  (a) runs without [${runs(r.openings.without, 'reportMs')}]`,
      `  (b) runs with [${runs(r.openings.with, 'linksMs')}]`,
      `  the tab's first opening (with linking; fetches the phone number rules): report ` +
        `${ms(r.first.reportMs)}, links ${ms(r.first.linksMs)}`,
      `ratio (a) with/without linking = ${fixed(r.ratio)}`,
      `ratio (b)/(a) with linking = ${fixed(r.linksAfterReport)} (links listed ` +
        `${ms(r.withLinking.linksMs - r.withLinking.reportMs)} after the report)`,
    ]);
  },
  summary: (r) => [
    row('open a case with linking: report shown (Chromium)', ms(r.withLinking.reportMs), {
      baseline: `${ms(r.without.reportMs)} without linking`,
      ratio: fixed(r.ratio),
      budget: 'small, measured (no number)',
      about: 'dashboard, from the click in the inbox to the decrypted report; medians',
    }),
    row('open a case with linking: linked cases listed', ms(r.withLinking.linksMs), {
      baseline: `${ms(r.withLinking.reportMs)} report shown`,
      ratio: fixed(r.linksAfterReport),
      about: 'same openings, until the links panel lists the linked case',
    }),
  ],
});

/**
 * Opens the case from the inbox and times, in the page from the click, (a) the decrypted report
 * and (b) the links panel done: the linked case listed, or (without linking) the button that
 * makes the linking key. Then goes back to the inbox and waits for its summaries.
 */
async function openCase(page: Page, caseId: string, linked: boolean): Promise<Opening> {
  const row = `#inbox-table tr.case-row[data-case-id="${caseId}"]`;
  await page.locator(`${row} [data-action="open-case"]`).waitFor();
  await page.locator('#inbox-progress[data-done="true"]').waitFor({ state: 'attached' });
  const selectors = {
    open: `${row} [data-action="open-case"]`,
    report: `section[data-view="case"][data-case-id="${caseId}"] #case-report[data-state="decrypted"]`,
    links: linked ? '#links-linked-cases li[data-case-id]' : '#links-create-key',
  };
  const opening = await page.evaluate(
    ({ open, report, links, timeoutMs }) =>
      new Promise<{ reportMs: number; linksMs: number }>((resolve, reject) => {
        const times: { reportMs?: number; linksMs?: number } = {};
        // No named function in here: tsx would wrap it in a helper the page does not have.
        const observer = new MutationObserver(() => {
          const now = performance.now() - started;
          if (times.reportMs === undefined && document.querySelector(report)) times.reportMs = now;
          if (times.linksMs === undefined && document.querySelector(links)) times.linksMs = now;
          if (times.reportMs === undefined || times.linksMs === undefined) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve({ reportMs: times.reportMs, linksMs: times.linksMs });
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`case not opened: ${JSON.stringify(times)}`));
        }, timeoutMs);
        const started = performance.now();
        (document.querySelector(open) as HTMLElement).click();
      }),
    { ...selectors, timeoutMs: OPENING_TIMEOUT_MS },
  );
  const state = await page.getAttribute('#case-links', 'data-state');
  if (state !== (linked ? 'ready' : 'none')) throw new Error(`links panel ${state}`);
  await page.click('[data-nav="inbox"]');
  return opening;
}
