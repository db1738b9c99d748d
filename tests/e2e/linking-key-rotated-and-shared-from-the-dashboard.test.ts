/**
 * The linking key's life in the dashboard itself, in English and in Uyghur: two reports naming
 * one number are linked; a caseworker is offboarded (which retires the key) and the next
 * directory published without them; a colleague's case view says rotation is needed, its rotate
 * button makes the new key and re-keys every linked case, and afterwards every stored token set
 * is of the new version, no token of the old key remains and the two cases still list each
 * other. Then a newcomer joins the directory: their case view says the key is not shared with
 * them yet, until a holder's dashboard opens a case and shares it, sealing the older cases'
 * identifiers for them too; then the newcomer sees the identifiers and the linked case, not "not
 * shared yet".
 */
import type { Page } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { identifiersOf } from '../helpers/case-links';
import { caseworkerWithServiceVettedKey, openCaseAtDesk } from '../helpers/caseworker-desk';
import { dumpAllCollections } from '../helpers/database';
import { openCase, openInbox } from '../helpers/dashboard';
import { linkCases, offboardSecondCaseworker, shareFirstLinkingKey } from '../helpers/linking-desk';
import { reportNaming, unlockedKeyOf } from '../helpers/linked-reports';
import { useReporterSite } from '../helpers/use-reporter-site';

const KEY_PASSPHRASE = 'TEST ONLY rotating caseworker passphrase 8e1a';
const NEWCOMER_PASSPHRASE = 'TEST ONLY newcomer caseworker passphrase 2b7f';
const NUMBER = '+905325550177';

describe.each(['en', 'ug'] as const)(
  'the linking key rotated and shared from the dashboard (%s)',
  (locale) => {
    const site = useReporterSite(`e2e-linking-rotation-${locale}`, { caseworkers: 2 });
    const t = createDashboardTranslator(locale);

    /** In `page`, from wherever it is: the case opened again and its links panel loaded. */
    const reopen = async (page: Page, caseId: string): Promise<void> => {
      if ((await page.locator('#case-back').count()) > 0) await page.click('#case-back');
      await openInbox(page);
      await openCase(page, caseId);
    };

    test('when a colleague presses rotate after an offboarding then only new-version tokens remain and the cases still link; a newcomer then opens the older identifiers', async () => {
      const desk = await caseworkerWithServiceVettedKey(
        site.t,
        'caseworker.rotator',
        KEY_PASSPHRASE,
      );
      const handle = await unlockedKeyOf(desk);
      const client = desk.staff.client;
      const first = await reportNaming(site.t, 'He called from +90 532 555 01 77');
      const second = await reportNaming(site.t, 'Same man: 0532-555-0177');
      const linking = { version: 1, key: (await shareFirstLinkingKey(site.t, client, handle)).key };
      const oldTokens = await linkCases(
        site.t,
        { client, handle },
        linking,
        [first, second],
        identifiersOf([['phone', NUMBER]], 'TR'),
      );

      await offboardSecondCaseworker(site.t);
      const { page } = await openCaseAtDesk(site, desk, first, locale);
      const needed = page.locator('#case-links #links-rotation-needed');
      await needed.waitFor();
      expect(await needed.textContent()).toBe(t('links.rotationNeeded'));
      await page.click('#links-rotate');
      await page.locator(`#links-linked-cases li[data-case-id="${second}"]`).waitFor();

      const db = site.t.connection.db!;
      expect(await db.collection('linking_keys').findOne({})).toMatchObject({
        version: 2,
        retired: false,
      });
      expect(
        await db.collection('linking_keys').findOne({ pending: { $exists: true } }),
      ).toBeNull();
      const stored = await db.collection('case_links').find({}).toArray();
      expect(stored.map((links) => [String(links['_id']), links['keyVersion']]).sort()).toEqual(
        [
          [first, 2],
          [second, 2],
        ].sort(),
      );
      const everything = JSON.stringify(await dumpAllCollections(site.t.connection));
      for (const token of oldTokens) expect(everything).not.toContain(token);
      await reopen(page, second);
      await page.locator(`#links-linked-cases li[data-case-id="${first}"]`).waitFor();

      // A newcomer joins: the key and the cases' identifiers were sealed before they did.
      const newcomer = await caseworkerWithServiceVettedKey(
        site.t,
        'caseworker.newcomer',
        NEWCOMER_PASSPHRASE,
      );
      const theirs = await openCaseAtDesk(site, newcomer, first, locale);
      const notShared = theirs.page.locator('#case-links #links-key-problem');
      await notShared.waitFor();
      expect(await notShared.textContent()).toBe(t('links.notShared'));

      // The holder's dashboard shares the key on the next case it opens, identifiers first.
      await reopen(page, first);
      await page.locator('#links-identifiers').waitFor();
      await reopen(theirs.page, first);
      const box = theirs.page.locator(`#links-identifiers [data-identifier="phone:${NUMBER}"]`);
      await box.waitFor();
      expect(await box.isChecked()).toBe(true);
      await theirs.page.locator(`#links-linked-cases li[data-case-id="${second}"]`).waitFor();
      expect(
        await theirs.page.locator('#links-identifiers-problem, #links-key-problem').count(),
      ).toBe(0);
      await reopen(theirs.page, second);
      await theirs.page.locator(`#links-identifiers [data-identifier="phone:${NUMBER}"]`).waitFor();
      await theirs.page.close();
      await page.close();
    });
  },
);
