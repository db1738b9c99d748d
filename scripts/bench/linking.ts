/**
 * `npm run bench:linking`: "linking adds no more than a small, measured cost to opening a case",
 * as the ratio of opening a case with linking to opening it without, measured in the same run.
 * In Chromium, with the dashboard's own code (linking-open-case.ts): without linking, the
 * report is decrypted with the unlocked caseworker key and parsed; with linking, also the
 * linking key unwrapped and verified, the case's sealed identifiers opened and identifiers
 * proposed from the report, as the links panel does before it lists the linked cases. Both are
 * timed one after the other, run after run, median of --runs. The first opening with linking,
 * which fetches the phone number rules' chunk, is printed apart. The two extra requests the
 * panel makes (GET /api/case-links/key and /cases/:caseId) are not in it. Reports only.
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
import { BENCH_KEY_PASSPHRASE, setUpOrganisation } from './kit/organisation';
import { defineBench } from './kit/run';
import { median } from './kit/stats';
import { fixed, ms, row, table } from './kit/summary';
import type { OpenCaseBench } from './linking-open-case';

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
    const { connection } = await kit.database();
    kit.log('generating BENCH ONLY keys and publishing a signed recipient directory');
    const { caseworkerKeys, directory } = await setUpOrganisation(connection, 2);
    const { protectedSecretKey, fingerprint } = caseworkerKeys[0]!;
    const handle = await unlockCaseworkerKey(protectedSecretKey, BENCH_KEY_PASSPHRASE, fingerprint);
    const caseId = randomBytes(16).toString('hex');
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
    const [withoutMedianMs, withMedianMs] = [median(raw.withoutMs), median(raw.withMs)];
    return { ...raw, withoutMedianMs, withMedianMs, ratio: withMedianMs / withoutMedianMs };
  },
  print: (r, out, o) => {
    const runs = (values: readonly number[]) => values.map((v) => v.toFixed(1)).join(', ');
    out([
      `Opening a case in Chromium, the browser's work (median of ${o.runs} after ${o.warmups} warm-ups)`,
      ...table('|median|runs ms', [
        ['without linking (report decrypted)', ms(r.withoutMedianMs), runs(r.withoutMs)],
        ['with linking (and links panel work)', ms(r.withMedianMs), runs(r.withMs)],
      ]),
      `  first opening with linking (fetches the phone number rules): ${ms(r.coldWithLinkingMs)}`,
      `ratio with/without linking = ${fixed(r.ratio)}`,
    ]);
  },
  summary: (r) => [
    row('open a case with linking (Chromium, browser work)', ms(r.withMedianMs), {
      baseline: `${ms(r.withoutMedianMs)} without linking`,
      ratio: fixed(r.ratio),
      budget: 'small, measured (no number)',
      about:
        'report decrypted, plus the linking key unwrapped, identifiers opened and proposed; median',
    }),
  ],
});
