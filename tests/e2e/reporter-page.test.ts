/**
 * The reporter page in a real browser: it loads under the strict CSP, speaks the reporter's
 * language (Uyghur right to left), verifies the signed directory before anything else, refuses a
 * tampered one in the reporter's language, keeps nothing on the device, and quick exit leaves no
 * page of ours in the tab's history.
 */
import type { Browser } from 'playwright-core';
import { signRecipientDirectory } from '../../client/crypto';
import { createTranslator } from '../../client/shared/i18n/i18n';
import type { TestApp } from '../helpers/test-app';
import { useReporterSite } from '../helpers/use-reporter-site';
import { openFilledReportForm } from '../helpers/report-form';
import { openObservedPage } from '../helpers/browser';
import { serveRecipients } from '../helpers/directory-status';
import { generateTestOrganisation, TEST_PASSPHRASE } from '../helpers/keys';
import { strangerPublicKey, withReplacedSignedText } from '../helpers/forge';

describe('the reporter page', () => {
  const site = useReporterSite('e2e-reporter', {
    build: {
      maxFileMegabytes: 1,
      alternativeChannels: ['Signal: +00 TEST ONLY', 'Post: TEST ONLY address'],
    },
  });
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  beforeAll(() => {
    ({ t, baseUrl, browser } = site);
  });

  test('when opened in Uyghur then it is right to left, verifies the directory, breaks no CSP rule and keeps nothing on the device', async () => {
    const observed = await openObservedPage(browser);
    const { page } = observed;
    await page.goto(`${baseUrl}/?lang=ug`);
    await page.locator('#directory-status[data-state="ready"]').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ug');
    const ug = createTranslator('ug');
    expect(await page.textContent('h1')).toBe(ug('app.title'));
    expect(await page.textContent('#directory-status')).toContain(
      ug('directory.ready', { recipients: ug('directory.recipients', { count: 2 }) }),
    );
    expect(await observed.cspViolations()).toEqual([]);
    expect(await observed.context.cookies()).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    for (const request of observed.requests) expect(new URL(request.url()).origin).toBe(baseUrl);
    // The page fits a 360 px phone without horizontal scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
    // Control: the violation recorder works (a third-party image is blocked and recorded).
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'https://tracker.example/pixel.png';
      document.body.append(img);
    });
    await page.waitForFunction(
      () => (window as unknown as { __cspViolations: string[] }).__cspViolations.length > 0,
    );
    expect(await observed.cspViolations()).toEqual([expect.stringContaining('img-src')]);
    await observed.context.close();
  });

  /** A directory an attacker signed with a key of their own, sent with their key or ours. */
  const signedByAttacker = async (sentKey: 'attacker' | 'organisation') => {
    const attacker = await generateTestOrganisation();
    return {
      directory: await signDirectory(attacker.armoredSecretKey, 1),
      organisationKey: (sentKey === 'attacker' ? attacker : t.organisation).armoredPublicKey,
    };
  };

  const tamperings: [
    string,
    string,
    () => Promise<{ directory: string; organisationKey: string }>,
  ][] = [
    [
      'is signed by an unknown key',
      'directory_signature_invalid',
      () => signedByAttacker('organisation'),
    ],
    [
      'comes with another organisation key',
      'directory_wrong_organisation',
      () => signedByAttacker('attacker'),
    ],
    [
      'has expired',
      'directory_expired',
      async () => ({
        directory: await signDirectory(t.organisation.armoredSecretKey, -1),
        organisationKey: t.organisation.armoredPublicKey,
      }),
    ],
    [
      'has an extra key slipped in under the organisation signature',
      'directory_signature_invalid',
      async () => {
        const stranger = await strangerPublicKey();
        const good = await signDirectory(t.organisation.armoredSecretKey, 1);
        const tampered = await withReplacedSignedText(good, (text) => {
          const content = JSON.parse(text) as { recipients: object[] };
          content.recipients.push({
            fingerprint: 'f'.repeat(40),
            label: 'extra',
            encryptionKeyIds: ['f'.repeat(16)],
            publicKey: stranger,
          });
          return JSON.stringify(content);
        });
        return { directory: tampered, organisationKey: t.organisation.armoredPublicKey };
      },
    ],
    [
      'has a damaged signature',
      'directory_signature_invalid',
      async () => {
        const good = await signDirectory(t.organisation.armoredSecretKey, 1);
        const lines = good.split('\n');
        const middle = Math.floor(lines.length / 2);
        lines[middle] = lines[middle]!.replace(/[A-Za-z]/, (c) => (c === 'A' ? 'B' : 'A'));
        return { directory: lines.join('\n'), organisationKey: t.organisation.armoredPublicKey };
      },
    ],
  ];

  async function signDirectory(armoredSecretKey: string, validDays: number): Promise<string> {
    const now = Date.now();
    return await signRecipientDirectory(
      {
        type: 'amanat-recipient-directory',
        version: 99,
        issuedAt: new Date(now - 2 * 86_400_000).toISOString(),
        expiresAt: new Date(now + validDays * 86_400_000).toISOString(),
        demo: false,
        recipients: t.directory.recipients,
      },
      armoredSecretKey,
      TEST_PASSPHRASE,
    );
  }

  test.each(tamperings)(
    'when the directory %s then the page refuses to encrypt and says why in Russian',
    async (_name, reason, tamper) => {
      const observed = await openObservedPage(browser);
      const served = await tamper();
      await serveRecipients(observed.page, served);
      await observed.page.goto(`${baseUrl}/?lang=ru`);
      const status = observed.page.locator('#directory-status[data-state="refused"]');
      await status.waitFor();
      expect(await status.getAttribute('data-reason')).toBe(reason);
      const ru = createTranslator('ru');
      const text = await status.textContent();
      expect(text).toContain(ru('directory.error.title'));
      expect(text).toContain(ru(`directory.error.${reason}` as Parameters<typeof ru>[0]));
      expect(await observed.cspViolations()).toEqual([]);
      await observed.context.close();
    },
  );

  test.each([
    ['en', 'This page needs JavaScript to encrypt your report on your device.'],
    ['ug', 'بۇ بەت مەلۇماتىڭىزنى ئۈسكۈنىڭىزدە شىفىرلاش ئۈچۈن JavaScript قا موھتاج'],
  ])(
    'when JavaScript is off then the page in %s explains why and offers the other channels, never a form',
    async (lang, explanation) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/?lang=${lang}`);
      const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
      expect(text).toContain(explanation);
      expect(text).toContain(createTranslator(lang as 'en' | 'ug')('noscript.channels'));
      expect(text).toContain('Signal: +00 TEST ONLY');
      // The forms are in the page (they are what the script enhances) but none is shown.
      for (const view of ['report', 'return']) {
        await page.goto(`${baseUrl}/?lang=${lang}&view=${view}`);
        const controls = page.locator('form, input, textarea, select, button');
        expect(await controls.count()).toBeGreaterThan(0);
        for (const control of await controls.all()) expect(await control.isVisible()).toBe(false);
      }
      await context.close();
    },
  );

  test('when a file over the configured limit is chosen then the page refuses it, saying the limit', async () => {
    const observed = await openObservedPage(browser);
    await observed.page.goto(`${baseUrl}/?lang=en`);
    await observed.page.locator('#report-form').waitFor();
    await observed.page.setInputFiles('#attachments', [
      { name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2 * 1024 * 1024) },
    ]);
    const en = createTranslator('en');
    await observed.page.getByText(en('form.attachments.tooLarge', { maxFileMb: 1 })).waitFor();
    expect(await observed.page.locator('#attachment-list li').count()).toBe(0);
    await observed.context.close();
  });

  test("when a wrong receipt is typed then the page gives the one generic answer in the reporter's language", async () => {
    const observed = await openObservedPage(browser);
    await observed.page.goto(`${baseUrl}/?lang=tr&view=return`);
    await observed.page.fill('#receipt-input', 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
    await observed.page.click('#return-form button[type="submit"]');
    await observed.page.getByText(createTranslator('tr')('return.notFound')).waitFor();
    expect(await observed.page.locator('#case-view').textContent()).toBe('');
    expect(await observed.cspViolations()).toEqual([]);
    await observed.context.close();
  });

  test('when every answer to a report is lost on the way back then the page keeps sending the same submission by itself and it is stored once', async () => {
    const observed = await openFilledReportForm(browser, baseUrl, 'en', 'TEST ONLY lost answers');
    const { page } = observed;
    const before = await t.connection.db!.collection('reports').countDocuments({});
    // The server receives and stores the report, but the page never hears back (4 tries).
    const bodies: string[] = [];
    await page.route('**/api/reports', async (route) => {
      bodies.push(route.request().postData() ?? '');
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.click('#send-report');
    // The page says it will try again; "try now" skips each wait.
    for (let tries = 1; tries < 4; tries++) {
      await page.locator('#report-delivery-try-now').click({ timeout: 30_000 });
    }
    await page.locator('#report-delivery-try-now').waitFor({ timeout: 30_000 });
    expect(bodies).toHaveLength(4);
    expect(new Set(bodies).size).toBe(1); // automatic retries resend the very same submission
    // The connection is back; the next try gets the original answer.
    await page.unroute('**/api/reports');
    await page.click('#report-delivery-try-now');
    await page.locator('#receipt-code').waitFor({ timeout: 30_000 });
    expect(await t.connection.db!.collection('reports').countDocuments({})).toBe(before + 1);
    await observed.context.close();
  });

  test('when the reporter uses quick exit (button, or Esc twice) then no page of ours remains in the tab history', async () => {
    for (const how of ['button', 'escape'] as const) {
      const observed = await openObservedPage(browser);
      const { page } = observed;
      await page.goto(`${baseUrl}/?lang=en`);
      await page.click('a[lang="de"]'); // language change replaces, never pushes
      await page.waitForURL(/lang=de/);
      if (how === 'button') await page.click('#quick-exit');
      else {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');
      }
      await page.waitForURL('about:blank');
      const visited: string[] = [page.url()];
      for (let i = 0; i < 5; i++) {
        await page.goBack().catch(() => null);
        visited.push(page.url());
      }
      expect(visited.filter((url) => url.startsWith(baseUrl))).toEqual([]);
      await observed.context.close();
    }
  });
});
