/**
 * The offline signing path with stock GnuPG: `gpg --sign --armor` of the exported directory JSON
 * (an inline signature over compressed data, GnuPG's default) is published by the server and
 * verified by the reporter page's own bundle (OpenPGP.js lightweight build) in Chromium.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryRepository, DirectoryService } from '../../server/features/directory';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { openObservedPage } from '../helpers/browser';
import { GnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';

describe('a directory signed with stock GnuPG', () => {
  let site: ReporterSite;
  const gpg = new GnuPG();
  const work = mkdtempSync(join(tmpdir(), 'amanat-gpg-directory-'));
  beforeAll(async () => {
    site = await startReporterSite('e2e-gnupg-directory', {
      caseworkers: 3,
      build: { directoryMinVersion: 2 },
    });
    gpg.importSecretKey(site.t.organisation.armoredSecretKey, TEST_PASSPHRASE);
  });
  afterAll(async () => {
    await site.close();
    gpg.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  test('when the exported JSON is signed with gpg --sign --armor and published then the reporter page verifies it and is ready to encrypt', async () => {
    const { t } = site;
    await t.caseworkerKeys.removeCaseworkerKey(t.caseworkers[2]!.fingerprint);
    const directories = new DirectoryService(new DirectoryRepository(t.connection), {
      orgFingerprint: t.organisation.fingerprint,
      isProduction: false,
      minVersion: 1,
      cacheMs: 0,
    });
    const draft = await directories.draftNextDirectory(
      await t.caseworkerKeys.listActiveKeys(),
      30,
      false,
    );
    const draftFile = join(work, 'next.json');
    writeFileSync(draftFile, `${JSON.stringify(draft, null, 2)}\n`);
    const signed = readFileSync(
      gpg.signFile(draftFile, t.organisation.fingerprint, TEST_PASSPHRASE),
      'utf8',
    );
    // GnuPG's own default: the signed data travels compressed.
    const packets = gpg.run(['--list-packets'], signed).toString('utf8');
    expect(packets).toContain('compressed packet');
    await directories.publishDirectory(signed, t.organisation.armoredPublicKey);

    const observed = await openObservedPage(site.browser);
    await observed.page.goto(`${site.baseUrl}/?lang=zh-Hans`);
    const status = observed.page.locator('#directory-status[data-state="ready"]');
    await status.waitFor();
    const zh = createTranslator('zh-Hans');
    expect(await status.textContent()).toContain(
      zh('directory.ready', { recipients: zh('directory.recipients', { count: 2 }) }),
    );
    await observed.page.locator('#report-form').waitFor();
    expect(await observed.cspViolations()).toEqual([]);
    await observed.context.close();
  });
});
