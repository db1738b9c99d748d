/**
 * When the server refuses a file for good — the report already has its most attachments, or the
 * deployment has no room — the reporter reads why in their language, the receipt is still shown,
 * and nothing already sent is lost or sent twice.
 */
import { randomBytes } from 'node:crypto';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { useReporterSite } from '../helpers/use-reporter-site';
import { openFilledReportForm } from '../helpers/report-form';

const pdf = (canary: string, padding = 0): Buffer =>
  Buffer.concat([
    Buffer.from(`%PDF-1.4\n% TEST ONLY ${canary}\n`),
    randomBytes(padding),
    Buffer.from('\n%%EOF\n'),
  ]);

describe('the reporter is told why files were refused', () => {
  const site = useReporterSite('e2e-files-refused', {
    caseworkers: 1,
    // One attachment per report; a deployment budget that a few KiB fit in and 100 KiB does not.
    env: { ATTACHMENTS_MAX_PER_REPORT: '1', ATTACHMENTS_MAX_TOTAL_BYTES: String(64 * 1024) },
  });

  async function sendReport(lang: string, files: { name: string; buffer: Buffer }[]) {
    const observed = await openFilledReportForm(
      site.browser,
      site.baseUrl,
      lang,
      'TEST ONLY files refused',
    );
    const { page } = observed;
    await page.setInputFiles(
      '#attachments',
      files.map((file) => ({ ...file, mimeType: 'application/pdf' })),
    );
    await page
      .locator('#attachment-list li')
      .nth(files.length - 1)
      .waitFor();
    await page.click('#send-report');
    await page.locator('#receipt-code').waitFor({ timeout: 30_000 });
    const puts = () => observed.requests.filter((request) => request.method() === 'PUT').length;
    return { page, puts };
  }

  const partsStored = () => site.t.connection.db!.collection('attachment_parts').countDocuments({});

  test('when a second file exceeds the attachments a report may have then the Uyghur page says so, keeps the receipt and the first file', async () => {
    const ug = createTranslator('ug');
    const { page, puts } = await sendReport('ug', [
      { name: 'canary-one.pdf', buffer: pdf('canary-one') },
      { name: 'canary-two.pdf', buffer: pdf('canary-two') },
    ]);
    const problem = page.locator('#uploading p[role="alert"]');
    expect(await problem.textContent()).toBe(ug('form.attachments.tooMany'));
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await partsStored()).toBe(1);
    expect(puts()).toBe(2);

    // Trying again sends only the refused file; the stored one is neither lost nor sent twice.
    const retry = page.getByRole('button', { name: ug('form.attachments.retry') });
    await retry.click();
    await retry.waitFor(); // offered again once the upload has ended
    expect(await page.locator('#uploading p[role="alert"]').textContent()).toBe(
      ug('form.attachments.tooMany'),
    );
    expect(puts()).toBe(3);
    expect(await partsStored()).toBe(1);
    expect(await page.locator('#receipt-code').isVisible()).toBe(true);
  });

  test('when the deployment has no room for files then the page says so and the report itself is stored', async () => {
    const ru = createTranslator('ru');
    const reportsBefore = await site.t.connection.db!.collection('reports').countDocuments({});
    const partsBefore = await partsStored();
    const { page } = await sendReport('ru', [
      { name: 'canary-big.pdf', buffer: pdf('canary-big', 100 * 1024) },
    ]);
    expect(await page.locator('#uploading p[role="alert"]').textContent()).toBe(
      ru('form.attachments.storageFull'),
    );
    expect(await site.t.connection.db!.collection('reports').countDocuments({})).toBe(
      reportsBefore + 1,
    );
    expect(await partsStored()).toBe(partsBefore);
  });
});
