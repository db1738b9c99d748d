/**
 * The reporter page's first load on a slow phone: the page carries its one language's strings in
 * its HTML, so the scripts fetched before sending is enabled (the entry and what it imports
 * statically) hold no catalogue at all — seven languages' strings would more than double what a
 * reporter downloads first (the budget is 110 KB). A catalogue set built by a function call at
 * module level is kept by the bundler unless marked pure (client/shared/i18n/catalogues/index.ts).
 * Read from a real build.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReporterSite } from '../../client/build';
import { CATALOGUES } from '../../client/shared/i18n/catalogues';
import { firstLoadScripts } from '../helpers/first-load';

/** Every sentence-long message of every language: short ones ("OK") could be anything. */
const SENTENCES = Object.entries(CATALOGUES).flatMap(([code, catalogue]) =>
  Object.values(catalogue.messages)
    .filter((message): message is string => typeof message === 'string' && message.length >= 40)
    .map((message) => ({ code, message })),
);

describe('the reporter page as built', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'amanat-reporter-build-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('when a reporter first loads it then no language catalogue is among its scripts', async () => {
    const built = await buildReporterSite({ outDir, orgFingerprint: 'a'.repeat(40) });
    const scripts = [...firstLoadScripts(join(outDir, 'assets'), built.entryScript).values()].join(
      '\n',
    );

    expect(SENTENCES.length).toBeGreaterThan(100);
    const found = SENTENCES.filter(({ message }) =>
      scripts.includes(JSON.stringify(message).slice(1, -1)),
    );
    expect(found).toEqual([]);
  });
});
