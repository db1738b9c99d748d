/**
 * The way back with a receipt, as a reporter on a 360 px phone sees it, in Uyghur (right to
 * left) and German: their own follow-ups are in the thread, labelled as theirs in words; a photo
 * sent with a follow-up is no longer offered for removal; an upload cut off on the way resumes by
 * itself, and one refused resumes on "try again", each part stored exactly once and the follow-up
 * once; an error moves focus to its field.
 */
import { randomBytes } from 'node:crypto';
import type { Page, Request } from 'playwright-core';
import request from 'supertest';
import { createTranslator } from '../../client/shared/i18n/i18n';
import type { LocaleCode } from '../../client/shared/i18n/locales';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { openObservedPage, type ObservedPage } from '../helpers/browser';
import { makeJpegWithGps } from '../helpers/images';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { useReporterSite } from '../helpers/use-reporter-site';

describe('the reporter’s follow-ups on the way back', () => {
  const site = useReporterSite('e2e-follow-ups', { caseworkers: 1 });

  /**
   * A report with, in this order, a caseworker reply and a follow-up the reporter sent earlier
   * (from another device: the page cannot read it back), made through the real API.
   */
  async function caseWithThread(): Promise<{ caseId: string; receipt: string }> {
    const { t } = site;
    const submission = await buildSubmission(t.directory);
    const { receiptVerifier, replyKey } = submission.body;
    const caseId = (await request(t.app).post('/api/reports').send(submission.body).expect(201))
      .body.caseId as string;
    await t
      .caseMessages()
      .addCaseworkerReply(
        caseId,
        await encryptToDirectory(t.directory, 'TEST ONLY reply', [replyKey]),
        randomBytes(16).toString('hex'),
      );
    await request(t.app)
      .post('/api/receipts/messages')
      .send({
        receiptVerifier,
        messageId: randomBytes(16).toString('hex'),
        message: await encryptToDirectory(t.directory, 'TEST ONLY earlier follow-up'),
      })
      .expect(201);
    return { caseId, receipt: submission.receipt };
  }

  async function openReturnPage(lang: LocaleCode, receipt: string): Promise<ObservedPage> {
    const observed = await openObservedPage(site.browser);
    const { page } = observed;
    await page.goto(`${site.baseUrl}/?lang=${lang}&view=return`);
    await page.locator('#directory-status[data-state="ready"]').waitFor();
    await page.fill('#receipt-input', receipt);
    await page.click('#return-form button[type="submit"]');
    await page.locator('#case-status').waitFor({ timeout: 30_000 });
    return observed;
  }

  const activeId = (page: Page): Promise<string | undefined> =>
    page.evaluate(() => document.activeElement?.id);

  const partsOf = (attachmentId: string): Promise<number> =>
    site.t.connection.db!.collection('attachment_parts').countDocuments({ attachmentId });

  const followUpsOf = async (caseId: string): Promise<number> =>
    (await new CaseMessagesRepository(site.t.connection).listThread(caseId)).filter(
      (entry) => entry.author === 'reporter',
    ).length;

  /** The attachment id and part index a part upload names. */
  function partOf(put: Request): { attachmentId: string; index: string } {
    const [, attachmentId, index] = /\/api\/attachments\/([^/]+)\/parts\/(\d+)$/.exec(
      new URL(put.url()).pathname,
    )!;
    return { attachmentId: attachmentId!, index: index! };
  }

  async function expectTouchSize(page: Page, selector: string): Promise<void> {
    const box = await page.locator(selector).boundingBox();
    expect(box).not.toBeNull();
    expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(44);
  }

  test('when a Uyghur reporter comes back then their earlier follow-up is listed as theirs, a cut-off photo upload resumes, and the sent photo cannot be removed', async () => {
    const ug = createTranslator('ug');
    const { caseId, receipt } = await caseWithThread();
    const observed = await openReturnPage('ug', receipt);
    const { page } = observed;
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');

    // The thread, in the order stored: the reply, then the reporter's own follow-up, labelled
    // as theirs in words (it is encrypted to the caseworkers only, so its text cannot be shown).
    const entries = page.locator('#case-thread > li > article');
    expect(await entries.evaluateAll((all) => all.map((entry) => entry.className))).toEqual([
      'reply',
      'own-follow-up',
    ]);
    const own = page.locator('#case-thread article.own-follow-up');
    expect(await own.locator('.own-label').textContent()).toBe(ug('return.thread.yours'));
    expect(await own.locator('.own-sealed').textContent()).toBe(ug('return.thread.yoursSealed'));
    expect(await page.locator('#case-thread article.reply .own-label').count()).toBe(0);
    // Told apart by shape too, not by colour alone: the reporter's own entry is framed.
    const borderOf = (selector: string): Promise<string> =>
      page.locator(selector).evaluate((entry) => getComputedStyle(entry).borderTopStyle);
    expect(await borderOf('#case-thread article.own-follow-up')).toBe('dashed');
    expect(await borderOf('#case-thread article.reply')).toBe('none');

    // An empty follow-up is refused and focus goes to the text.
    await page.click('#follow-up-form button[type="submit"]');
    await page.getByText(ug('return.followUp.empty')).waitFor();
    expect(await activeId(page)).toBe('follow-up');

    // The first try of the photo's part is cut off; the page sends the same bytes again.
    const puts: Request[] = [];
    await page.route('**/api/attachments/*/parts/*', async (route) => {
      puts.push(route.request());
      if (puts.length === 1) await route.abort('connectionreset');
      else await route.continue();
    });
    await page.fill('#follow-up', 'TEST ONLY canary-follow-up-7d3e');
    await page.setInputFiles('#attachments', [
      {
        name: 'canary-photo.jpg',
        mimeType: 'image/jpeg',
        buffer: await makeJpegWithGps(site.browser),
      },
    ]);
    await page.locator('#attachment-list li').waitFor();
    await page.click('#follow-up-form button[type="submit"]');
    await page.locator('#follow-up-files-delivery-try-now').click({ timeout: 30_000 });
    await page.getByText(ug('return.followUp.sent')).waitFor({ timeout: 30_000 });

    expect(puts).toHaveLength(2);
    expect(puts[1]!.postDataBuffer()!.equals(puts[0]!.postDataBuffer()!)).toBe(true);
    const { attachmentId, index } = partOf(puts[0]!);
    expect(index).toBe('0');
    expect(await partsOf(attachmentId)).toBe(1);
    expect(await followUpsOf(caseId)).toBe(2); // the earlier one and this one, once

    // Sent: it is in the thread as the reporter's, with its text and the photo's name, and the
    // photo is no longer listed for removal.
    const sent = page.locator('#case-thread article.own-follow-up').nth(1);
    expect(await sent.locator('.own-label').textContent()).toBe(ug('return.thread.yours'));
    expect(await sent.locator('.own-text').textContent()).toBe('TEST ONLY canary-follow-up-7d3e');
    expect(await sent.locator('.own-files li').allTextContents()).toEqual(['canary-photo.jpg']);
    expect(await sent.locator('button').count()).toBe(0);
    expect(await page.locator('#attachment-list li').count()).toBe(0);
    expect(await page.getByRole('button', { name: ug('form.attachments.remove') }).count()).toBe(0);
    expect(await page.inputValue('#follow-up')).toBe('');
    expect(await observed.cspViolations()).toEqual([]);
    await observed.context.close();
  });

  test('when a German reporter’s file is refused for good then "try again" sends only what is missing, the follow-up once, and a wrong receipt puts focus back on it', async () => {
    const de = createTranslator('de');
    const { caseId, receipt } = await caseWithThread();

    // A wrong receipt: the error is said and focus goes to the receipt field.
    const wrong = await openObservedPage(site.browser);
    await wrong.page.goto(`${site.baseUrl}/?lang=de&view=return`);
    await wrong.page.locator('#directory-status[data-state="ready"]').waitFor();
    await wrong.page.fill('#receipt-input', 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA');
    await wrong.page.click('#return-form button[type="submit"]');
    await wrong.page.getByText(de('return.notFound')).waitFor({ timeout: 30_000 });
    expect(await activeId(wrong.page)).toBe('receipt-input');
    await wrong.context.close();

    const observed = await openReturnPage('de', receipt);
    const { page } = observed;
    // Two files; the server refuses the second one's part for good the first time (no room).
    const puts: Request[] = [];
    const messages: Request[] = [];
    page.on('request', (sent) => {
      if (sent.url().endsWith('/api/receipts/messages')) messages.push(sent);
    });
    await page.route('**/api/attachments/*/parts/*', async (route) => {
      puts.push(route.request());
      if (puts.length === 2) {
        await route.fulfill({
          status: 507,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            error: { code: 'storage_full', message: 'No room.', requestId: 'x' },
          }),
        });
      } else {
        await route.continue();
      }
    });
    await page.fill('#follow-up', 'TEST ONLY canary-follow-up-91bc');
    await page.setInputFiles('#attachments', [
      { name: 'canary-one.txt', mimeType: 'text/plain', buffer: Buffer.from('TEST ONLY one') },
      { name: 'canary-two.txt', mimeType: 'text/plain', buffer: Buffer.from('TEST ONLY two') },
    ]);
    await page.locator('#attachment-list li').nth(1).waitFor();
    await page.click('#follow-up-form button[type="submit"]');

    // Said in German, and focus on the control that resumes.
    await page.getByText(de('form.attachments.storageFull')).waitFor({ timeout: 30_000 });
    expect(await activeId(page)).toBe('follow-up-retry');
    await expectTouchSize(page, '#follow-up-retry');
    expect(puts).toHaveLength(2);
    await page.click('#follow-up-retry');
    await page.getByText(de('return.followUp.sent')).waitFor({ timeout: 30_000 });

    // The first file was not sent again, the second was; the follow-up itself went once.
    const sentParts = puts.map(partOf);
    expect(sentParts).toHaveLength(3);
    expect(sentParts[2]).toEqual(sentParts[1]);
    expect(sentParts[0]!.attachmentId).not.toBe(sentParts[1]!.attachmentId);
    expect(await partsOf(sentParts[0]!.attachmentId)).toBe(1);
    expect(await partsOf(sentParts[1]!.attachmentId)).toBe(1);
    expect(messages).toHaveLength(1);
    expect(await followUpsOf(caseId)).toBe(2);
    const sent = page.locator('#case-thread article.own-follow-up').nth(1);
    expect(await sent.locator('.own-label').textContent()).toBe(de('return.thread.yours'));
    expect(await sent.locator('.own-files li').allTextContents()).toEqual([
      'canary-one.txt',
      'canary-two.txt',
    ]);
    expect(await page.locator('#attachment-list li').count()).toBe(0);
    expect(await observed.context.cookies()).toEqual([]);
    expect(
      await page.evaluate(async () => [
        localStorage.length,
        sessionStorage.length,
        (await indexedDB.databases()).length,
      ]),
    ).toEqual([0, 0, 0]);
    await observed.context.close();
  });
});
