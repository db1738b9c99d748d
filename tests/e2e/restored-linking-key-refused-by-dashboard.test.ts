/**
 * Attack: someone who can write to the database puts back the wrapping of the linking key as it
 * was before an offboarding (version 1, validly signed, the key a former caseworker still holds),
 * so that every dashboard makes tokens the leaver can reverse; or stores another key, validly
 * signed by a caseworker, under the current version. Defence: the dashboard pins the newest key
 * it has verified on this device, by version and check value, and refuses an older version or
 * another key under the same one (client/dashboard/linking/key-pin.ts): the case view says
 * possible tampering and no token is made. In Uyghur.
 */
import type { Page } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { wrappedLinkingKey } from '../helpers/case-links';
import { caseworkerWithServiceVettedKey, signInAtDesk } from '../helpers/caseworker-desk';
import { openCase, openInbox, openStaffPage, unlockInInbox } from '../helpers/dashboard';
import { offboardSecondCaseworker, shareFirstLinkingKey } from '../helpers/linking-desk';
import { reportNaming, unlockedKeyOf } from '../helpers/linked-reports';
import { useReporterSite } from '../helpers/use-reporter-site';

const KEY_PASSPHRASE = 'TEST ONLY restored linking key passphrase 0f3c';

describe('an older or swapped linking key put back in the database', () => {
  const site = useReporterSite('e2e-restored-linking-key', { caseworkers: 2 });
  const t = createDashboardTranslator('ug');

  test('when a dashboard that verified the current key meets an older one or another under its version then it refuses both and links nothing', async () => {
    const desk = await caseworkerWithServiceVettedKey(site.t, 'caseworker.pinned', KEY_PASSPHRASE);
    const handle = await unlockedKeyOf(desk);
    const { client } = desk.staff;
    const caseId = await reportNaming(site.t, '+90 532 555 01 77');
    const keys = site.t.connection.db!.collection('linking_keys');
    await shareFirstLinkingKey(site.t, client, handle);
    const beforeOffboarding = (await keys.findOne({}))!;
    await offboardSecondCaseworker(site.t);
    const next = await wrappedLinkingKey(site.t, handle, 2);
    expect(
      (await client.post('/api/case-links/rotation', { ...next.body, cases: [] })).status,
    ).toBe(201);

    const tab = await openStaffPage(site.browser);
    const { page } = tab;
    await signInAtDesk(site, page, desk.staff, 'ug');
    await unlockInInbox(page, KEY_PASSPHRASE);
    await openCase(page, caseId);
    await page.locator('#case-links #links-identifiers').waitFor();

    /** The case opened again after the database was written; what its links panel says. */
    const refusalAfter = async (write: () => Promise<unknown>, view: Page): Promise<string> => {
      await write();
      await view.click('#case-back');
      await openInbox(view);
      await openCase(view, caseId);
      const problem = view.locator('#case-links #links-key-problem');
      await problem.waitFor();
      return (await problem.textContent()) ?? '';
    };
    expect(
      await refusalAfter(
        // As a backup from before the offboarding holds it: no retirement recorded either.
        async () => {
          await keys.replaceOne({ _id: 'current' as never }, beforeOffboarding);
          await site.t.connection.db!.collection('linking_key_retirements').deleteMany({});
        },
        page,
      ),
    ).toBe(t('links.rolledBack'));
    const swapped = await wrappedLinkingKey(site.t, handle, 2);
    expect(
      await refusalAfter(
        () =>
          keys.replaceOne(
            { _id: 'current' as never },
            { version: 2, message: Buffer.from(swapped.body.message, 'base64'), retired: false },
          ),
        page,
      ),
    ).toBe(t('links.replaced'));
    expect(await page.locator('#links-save').count()).toBe(0);
    expect(
      tab.requests.filter(
        (sent) => sent.url().includes('/api/case-links/') && sent.method() !== 'GET',
      ),
    ).toEqual([]);
    await page.close();
  });
});
