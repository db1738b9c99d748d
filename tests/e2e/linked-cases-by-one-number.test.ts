/**
 * Two reports name the same harasser's phone number, written differently (international with
 * spaces; national with dashes, read with the report's country): a caseworker confirms it in
 * each case in the dashboard, and each case then lists the other. In English and in Uyghur. The
 * reporter's own contact number is never proposed; the server receives tokens and ciphertext
 * only (every request body is searched for the number).
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import {
  caseworkerWithServiceVettedKey,
  signInAtDesk,
  type CaseworkerAtDesk,
} from '../helpers/caseworker-desk';
import { openCase, openInbox, openStaffPage, unlockInInbox } from '../helpers/dashboard';
import { buildSubmission, reportDocument } from '../helpers/reports';
import { useReporterSite } from '../helpers/use-reporter-site';
import type { VerifiedDirectory } from '../../client/crypto';

const KEY_PASSPHRASE = 'TEST ONLY linked-cases key passphrase 4c2d';
const REPORTERS_OWN = '+90 555 111 22 33';

const site = useReporterSite('e2e-linked-cases', { caseworkers: 1 });
let desk: CaseworkerAtDesk & { readonly directory: VerifiedDirectory };
beforeAll(async () => {
  desk = await caseworkerWithServiceVettedKey(site.t, 'caseworker.links', KEY_PASSPHRASE);
});

/** A report naming who contacted the reporter, stored; its case id. */
async function reportNaming(contactedBy: string): Promise<string> {
  const report = reportDocument({
    country: 'TR',
    contactedBy,
    contact: { method: 'other', details: `call me on ${REPORTERS_OWN}` },
  });
  const submission = await buildSubmission(desk.directory, { report });
  const created = await request(site.t.app).post('/api/reports').send(submission.body).expect(201);
  return (created.body as { caseId: string }).caseId;
}

/** In the open case: the key made if there is none, then `identifier` confirmed and saved. */
async function confirmIn(page: Page, caseId: string, identifier: string): Promise<void> {
  await openCase(page, caseId);
  const panel = page.locator('#case-links');
  await panel.locator('#links-create-key, #links-identifiers').first().waitFor();
  if ((await panel.locator('#links-create-key').count()) > 0) {
    await page.click('#links-create-key');
    await panel.locator('#links-identifiers').waitFor();
  }
  // The reporter's own number is in the report, but never proposed.
  expect(await panel.locator('[data-identifier="phone:+905551112233"]').count()).toBe(0);
  await page.check(`#links-identifiers [data-identifier="${identifier}"]`);
  await page.click('#links-save');
  await page.locator('#links-status:not(:empty)').waitFor();
}

describe.each(['en', 'ug'] as const)('linking two cases by one number (%s)', (locale) => {
  test('when a caseworker confirms the number in each case then each lists the other, the inbox marks and filters them, and only tokens left the page', async () => {
    const t = createDashboardTranslator(locale);
    const national = locale === 'en' ? '0532-555-0177' : '0533 444 55 66';
    const international = locale === 'en' ? '+90 532 555 01 77' : '+90 533 444 5566';
    const e164 = locale === 'en' ? '+905325550177' : '+905334445566';
    const first = await reportNaming(`He called from ${international}, Telegram @Somebody`);
    const second = await reportNaming(`Same man: ${national}`);

    const tab = await openStaffPage(site.browser);
    const { page } = tab;
    await signInAtDesk(site, page, desk.staff, locale);
    await unlockInInbox(page, KEY_PASSPHRASE);
    await confirmIn(page, first, `phone:${e164}`);
    expect(await page.textContent('#case-links-title')).toBe(t('links.title'));
    await page.click('#case-back');
    await openInbox(page);
    await confirmIn(page, second, `phone:${e164}`);
    const linked = page.locator(`#links-linked-cases li[data-case-id="${first}"]`);
    await linked.waitFor();
    expect(await linked.textContent()).toContain(t('links.shared', { count: 1 }));

    // The inbox marks both cases and shows the two of them on request.
    await page.click('#case-back');
    await openInbox(page);
    const mark = page.locator(`tr.case-row[data-case-id="${first}"] [data-badge="linked"]`);
    await mark.waitFor();
    expect(await mark.textContent()).toBe(t('inbox.alsoIn', { count: 1 }));
    await mark.click();
    await page.locator(`section[data-view="inbox"][data-linked-to="${first}"]`).waitFor();
    const shown = await page
      .locator('#inbox-table tr.case-row:visible')
      .evaluateAll((found) => found.map((row) => row.getAttribute('data-case-id')));
    expect(shown.sort()).toEqual([first, second].sort());

    const bodies = tab.requests.map((sent) => sent.postData() ?? '').join('\n');
    expect(bodies).toContain('"tokens"');
    for (const needle of [e164, e164.slice(1), national, international, 'Somebody', 'somebody']) {
      expect(bodies).not.toContain(needle);
    }
    expect(tab.allCspViolations).toEqual([]);
    await page.close();
  });
});
