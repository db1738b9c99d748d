/**
 * An admin sees the recipient directory's expiry in the admin view before reporters meet it:
 * a banner with the days left within DIRECTORY_EXPIRY_WARNING_DAYS (7), an urgent one once it
 * has expired, in English and in Uyghur (right to left), as text. The app's clock moves the days
 * on; the directory was published with 30 days.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import {
  enrolWithTotp,
  openStaffPage,
  signInWithTotp,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { inviteStaff } from '../helpers/staff';

const DAY_MS = 86_400_000;
const en = createDashboardTranslator('en');
const ug = createDashboardTranslator('ug');

let site: ReporterSite;
let admin: StaffPage;

beforeAll(async () => {
  site = await startReporterSite('e2e-directory-banner', { caseworkers: 1 });
  admin = await openStaffPage(site.browser);
});
afterAll(async () => {
  await admin.context.close();
  await site.close();
});

/** The banner once the admin view has read the directory's standing. */
async function bannerOf(state: string): Promise<{ text: string; role: string | null }> {
  const banner = admin.page.locator(`#directory-banner[data-state="${state}"]`);
  await banner.waitFor();
  return { text: (await banner.textContent()) ?? '', role: await banner.getAttribute('role') };
}

test('when the directory expires in 3 days then the admin view says so with the days left', async () => {
  site.t.clock.advance(27 * DAY_MS);
  const token = await inviteStaff(site.t, 'admin.dilnur', 'admin');
  const { totpSecret } = await enrolWithTotp(
    admin.page,
    site.t,
    `${site.baseUrl}/staff/#invite=${token}`,
  );
  await waitForView(admin.page, 'admin');
  expect(await bannerOf('expiring')).toEqual({
    text: en('admin.directory.expiring', { count: 3 }),
    role: 'status',
  });

  // Expired: the session has ended with the days, so the admin signs in again, in Uyghur.
  site.t.clock.advance(4 * DAY_MS);
  await admin.page.goto(`${site.baseUrl}/staff/?lang=ug`);
  await signInWithTotp(admin.page, site.t, 'admin.dilnur', totpSecret);
  await waitForView(admin.page, 'admin');
  expect(await bannerOf('expired')).toEqual({ text: ug('admin.directory.expired'), role: 'alert' });
  expect(await admin.page.getAttribute('html', 'dir')).toBe('rtl');
  // Written as text: the banner holds one text node and no markup.
  expect(await admin.page.$eval('#directory-banner', (banner) => banner.childElementCount)).toBe(0);
  expect(admin.allCspViolations).toEqual([]);
});
