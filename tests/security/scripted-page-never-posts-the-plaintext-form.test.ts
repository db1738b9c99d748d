/**
 * Attack: on a deployment with NO_JS_FORM=on, the pre-rendered report and receipt forms post to
 * the server-encryption endpoints. A reporter whose browser runs JavaScript expects encryption on
 * the device; if they press Enter in a field, or send, before the page's script has run (a slow
 * phone), the form must not go to the server as plaintext, nor the receipt. Defence: the script's
 * send buttons start disabled (and hidden) on every page, and the button that posts to the server
 * sits in <noscript>, which a browser with scripting never turns into a button (sendButtons in
 * client/reporter/report-form-markup.ts).
 */
import { heldRoute, openObservedPage } from '../helpers/browser';
import { useReporterSite } from '../helpers/use-reporter-site';

describe('a page with JavaScript never posts its forms to the no-JavaScript endpoints', () => {
  const site = useReporterSite('security-scripted-no-plaintext-post', {
    env: { NO_JS_FORM: 'on' },
  });

  test.each([
    ['report', '#city', '#send-report'],
    ['return', '#receipt-input', '#open-case'],
  ])(
    'when Enter is pressed in the %s form before the script ran then nothing is posted, and the script then sends only its own way',
    async (view, field, button) => {
      const observed = await openObservedPage(site.browser);
      const { page } = observed;
      const posted: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/no-js/')) posted.push(request.url());
      });
      const script = heldRoute();
      await page.route('**/assets/reporter-*.js', script.handler);
      await page.goto(`${site.baseUrl}/?lang=en&view=${view}`, { waitUntil: 'commit' });
      await page.locator(field).waitFor();
      if (view === 'report') {
        await page.fill('#whatHappened', 'TEST ONLY typed before any script');
        await page.check('input[name="consentRead"]');
        await page.fill('#city', 'TEST ONLY');
      } else {
        await page.fill('#receipt-input', '0000-0000-0000-0000-0000-0000-0000-0000');
      }
      // Implicit submission: Enter in a one-line field sends the form through its default button.
      await page.press(field, 'Enter');
      // With scripting on, the <noscript> button is inert text, not a button.
      expect(await page.locator(`${button}-without-javascript`).count()).toBe(0);
      expect(await page.locator(button).isDisabled()).toBe(true);

      script.release();
      await page.locator('#directory-status[data-state="ready"]').waitFor();
      await page.locator(`${button}:enabled`).waitFor();
      // Still the same page, the typing kept: no navigation to a server-made answer happened.
      expect(new URL(page.url()).pathname).toBe('/');
      expect(posted).toEqual([]);
      await observed.context.close();
    },
  );
});
