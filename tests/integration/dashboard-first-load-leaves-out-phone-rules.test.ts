/**
 * The dashboard's first load: every staff member's browser fetches its entry script and the
 * chunks that script imports statically. The phone number rules (libphonenumber-js, about
 * 37 KB compressed) serve only caseworkers who link cases, so they stay in a chunk of their own
 * that the dashboard imports when a case's links are opened
 * (client/dashboard/linking/identifiers.ts, loadIdentifierRules). Read from a real build.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStaffSite } from '../../client/build';
import { firstLoadScripts } from '../helpers/first-load';

/** A string of libphonenumber-js's metadata: whichever chunk holds it holds the rules. */
const PHONE_RULES_MARK = 'country_calling_codes';

describe('the dashboard as built', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'amanat-staff-build-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  test('when a staff member first loads it then the phone number rules are not among its scripts, only imported when needed', async () => {
    const built = await buildStaffSite({ outDir, orgFingerprint: 'a'.repeat(40) });
    const assets = join(outDir, 'staff', 'assets');
    const read = (name: string): string => readFileSync(join(assets, name), 'utf8');
    const firstLoad = new Set(firstLoadScripts(assets, built.entryScript).keys());

    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    const holding = scripts.filter((name) => read(name).includes(PHONE_RULES_MARK));
    expect(holding).toHaveLength(1);
    expect([...firstLoad].filter((name) => holding.includes(name))).toEqual([]);
    const importers = [...firstLoad].filter((name) =>
      read(name).includes(`import("./${holding[0]}")`),
    );
    expect(importers).not.toEqual([]);
  });
});
