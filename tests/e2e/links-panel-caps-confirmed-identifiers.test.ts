/**
 * A case holds at most MAX_LINK_TOKENS_PER_CASE tokens, and the server refuses more. A caseworker
 * who confirms more identifiers than that (every proposal of a long "who contacted you" answer,
 * and more added by hand) is told so in the links panel, in their language, before anything is
 * sealed or sent, instead of meeting an unexplained refusal. In English.
 */
import { MAX_LINK_TOKENS_PER_CASE } from '../../contract/api/case-links';
import { MAX_PROPOSED } from '../../client/dashboard/linking/identifiers';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { caseworkerWithServiceVettedKey, openCaseAtDesk } from '../helpers/caseworker-desk';
import { reportNaming } from '../helpers/linked-reports';
import { useReporterSite } from '../helpers/use-reporter-site';

const KEY_PASSPHRASE = 'TEST ONLY capped identifiers passphrase 3a9d';

describe('more confirmed identifiers than a case holds', () => {
  const site = useReporterSite('e2e-links-cap', { caseworkers: 1 });
  const t = createDashboardTranslator('en');

  test('when a caseworker confirms more than a case holds and saves then the panel says how many it holds and sends nothing', async () => {
    const desk = await caseworkerWithServiceVettedKey(site.t, 'caseworker.capped', KEY_PASSPHRASE);
    const named = Array.from({ length: MAX_PROPOSED }, (_, index) => `+90 532 555 ${1000 + index}`);
    const caseId = await reportNaming(site.t, named.join(', '));

    const { tab, page } = await openCaseAtDesk(site, desk, caseId);
    await page.click('#links-create-key');
    await page.locator('#links-identifiers input[type="checkbox"]').first().waitFor();
    await page
      .locator('#links-identifiers input[type="checkbox"]')
      .evaluateAll((boxes) => boxes.forEach((box) => (box as HTMLInputElement).click()));
    const confirmed = MAX_LINK_TOKENS_PER_CASE + 1;
    for (let index = MAX_PROPOSED; index < confirmed; index++) {
      await page.fill('#links-add-value', `caseworker.added.${index}@example.org`);
      await page.selectOption('#links-add-type', 'email');
      await page.click('#links-add');
      await page
        .locator(`[data-identifier="email:caseworker.added.${index}@example.org"]`)
        .waitFor();
    }
    expect(await page.locator('#links-identifiers input:checked').count()).toBe(confirmed);
    await page.click('#links-save');
    await page.locator('#links-problem:not(:empty)').waitFor();
    expect(await page.textContent('#links-problem')).toBe(
      t('links.tooMany', { count: confirmed, max: MAX_LINK_TOKENS_PER_CASE }),
    );
    expect(
      tab.requests
        .filter((sent) => sent.url().includes('/api/case-links/cases/'))
        .map((sent) => sent.method()),
    ).not.toContain('PUT');
    expect(await site.t.connection.db!.collection('case_links').countDocuments()).toBe(0);
    await page.close();
  });
});
