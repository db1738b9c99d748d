/**
 * A reporter writes in Uyghur, the browser encrypts, and only ciphertext leaves the page
 * (every request body is captured and searched). The stored report decrypts for the caseworker
 * and with stock GnuPG after export, and names its reply key inside the encryption; the reporter
 * comes back with the receipt, reads a caseworker's signed reply and answers with a follow-up
 * signed with the reply key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  armorBinaryMessage,
  createMessageId,
  decryptFollowUp,
  decryptMessage,
  encryptSignedReply,
  replyKeyFingerprintOf,
  unlockCaseworkerKey,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { AttachmentPartsRepository } from '../../server/features/attachments';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { exportCaseOf } from '../helpers/case-export';
import type { TestApp } from '../helpers/test-app';
import { useReporterSite } from '../helpers/use-reporter-site';
import { openObservedPage } from '../helpers/browser';
import { GnuPG } from '../helpers/gnupg';
import { makeJpegWithGps, TEST_CAMERA_MAKE } from '../helpers/images';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { openReportAs } from '../helpers/reports';

const WHAT_HAPPENED = 'ساقچىلار ئاتا-ئانامنى ئىزدەپ كەلدى — TEST ONLY canary-what-happened-7f3a';
const INVOLVED = 'ئەلچىخانا خادىمى canary-involved-91bc';
const CITY = 'canary-city-Istanbul';
const AUDIO = randomBytes(9 * 1024 * 1024);
const PDF = Buffer.from(
  '%PDF-1.4\n% TEST ONLY canary-pdf-d00d\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

describe('a reporter submits a report in Uyghur', () => {
  const gpg = new GnuPG();
  let t: TestApp;
  let baseUrl: string;
  let browser: Browser;
  const site = useReporterSite('e2e-submit');
  beforeAll(() => {
    ({ t, baseUrl, browser } = site);
    gpg.importSecretKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
  });
  afterAll(() => {
    gpg.dispose();
  });

  test('when the form is sent then only ciphertext leaves the browser, and caseworkers and GnuPG read the original', async () => {
    const observed = await openObservedPage(browser);
    const { page } = observed;
    await page.goto(`${baseUrl}/?lang=ug`);
    await page.locator('#report-form').waitFor();
    const ug = createTranslator('ug');
    await page.selectOption('select[name="incidentType"]', 'threats_through_relatives');
    await page.fill('input[name="month"]', '2026-10');
    await page.selectOption('select[name="country"]', 'TR');
    await page.fill('input[name="city"]', CITY);
    await page.fill('textarea[name="whatHappened"]', WHAT_HAPPENED);
    await page.fill('textarea[name="involved"]', INVOLVED);
    await page.check('input[name="relativesAffected"][value="yes"]');
    await page.check('input[name="consentRead"]');
    const photo = await makeJpegWithGps(browser);
    await page.setInputFiles('#attachments', [
      { name: 'ئۆي-canary-photo.jpg', mimeType: 'image/jpeg', buffer: photo },
      { name: 'canary-letter.pdf', mimeType: 'application/pdf', buffer: PDF },
      { name: 'canary-voice.ogg', mimeType: 'audio/ogg', buffer: AUDIO },
    ]);
    await page.locator('#attachment-list li').nth(2).waitFor();
    const notes = await page.locator('#attachment-list .file-note').allTextContents();
    // Location and camera are named first; Chromium's JPEG may also carry a colour profile ("other").
    expect(notes[0]).toContain(
      ug('form.attachments.cleaned', {
        removed: [
          ug('form.attachments.removed.location'),
          ug('form.attachments.removed.camera'),
        ].join(', '),
      }).replace(/\.$/, ''),
    );
    expect(notes[1]).toBe(ug('form.attachments.notCleanable'));
    // The first part upload is cut off: the page must retry it, and store it only once.
    let cutOff = 0;
    await page.route('**/api/attachments/**', async (route) => {
      if (cutOff++ === 0) await route.abort('connectionreset');
      else await route.continue();
    });
    await page.click('#send-report');
    const receipt = (await page.locator('#receipt-code').textContent({ timeout: 30_000 }))!.trim();
    expect(receipt).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(await page.textContent('#receipt-title')).toBe(ug('receipt.title'));

    // Every byte that left the page: no answer, no receipt, in any common encoding.
    const bodies = observed.requests.map((request) => request.postData() ?? '').join('\n');
    expect(bodies).toContain('-----BEGIN PGP MESSAGE-----');
    for (const secret of [
      WHAT_HAPPENED,
      'canary-what-happened-7f3a',
      'canary-involved-91bc',
      CITY,
      receipt,
      receipt.replace(/-/g, ''),
    ]) {
      expect(bodies).not.toContain(secret);
      expect(bodies).not.toContain(Buffer.from(secret).toString('base64'));
      expect(bodies).not.toContain(encodeURIComponent(secret));
    }
    // Binary uploads too: neither file's bytes nor their names left the page in the clear.
    const sentBytes = Buffer.concat(
      observed.requests.map((request) => request.postDataBuffer() ?? Buffer.alloc(0)),
    );
    for (const needle of [
      photo.subarray(20, 80),
      PDF.subarray(0, 40),
      Buffer.from(TEST_CAMERA_MAKE),
      Buffer.from('canary-photo'),
      Buffer.from('canary-letter'),
    ]) {
      expect(sentBytes.indexOf(needle)).toBe(-1);
    }
    // Photo 1 part, PDF 1 part, 9 MiB audio 2 parts (8 MiB each at most), plus the retried one.
    expect(observed.requests.filter((request) => request.method() === 'PUT')).toHaveLength(5);
    expect(cutOff).toBe(5);
    expect(await observed.cspViolations()).toEqual([]);

    // The caseworker decrypts exactly what was typed.
    const stored = await t.connection.db!.collection('reports').findOne({});
    const report = await openReportAs<{ replyKeyFingerprint: string; attachments: unknown }>(
      t.caseworkers[1]!,
      new Uint8Array(stored!['message'].buffer),
    );
    expect(report).toMatchObject({
      schema: 'amanat-report/v1',
      locale: 'ug',
      answers: {
        incidentType: 'threats_through_relatives',
        month: '2026-10',
        country: 'TR',
        city: CITY,
        whatHappened: WHAT_HAPPENED,
        involved: INVOLVED,
        relativesAffected: 'yes',
        contact: { method: 'site', details: null },
        consents: { caseworkersMayRead: true, statistics: false },
      },
      // The reply key stored with the case, named where the server cannot change it.
      replyKeyFingerprint: await replyKeyFingerprintOf(String(stored!['replyKey'])),
    });

    // The files decrypt part by part; the PDF is unchanged, the photo lost its metadata.
    const parts = await new AttachmentPartsRepository(t.connection).listOfCase(
      String(stored!['_id']),
    );
    const files = new Map<string, Buffer>();
    for (const part of parts) {
      const plain = await decryptMessage(
        part.message,
        t.caseworkers[0]!.armoredSecretKey,
        TEST_PASSPHRASE,
        MAX_PLAINTEXT_BYTES.attachmentPart,
      );
      files.set(
        part.attachmentId,
        Buffer.concat([files.get(part.attachmentId) ?? Buffer.alloc(0), Buffer.from(plain)]),
      );
    }
    expect(parts).toHaveLength(4);
    const [photoEntry, pdfEntry, audioEntry] = report.attachments as {
      attachmentId: string;
      name: string;
      type: string;
      sha256: string;
      cleaned: boolean;
      removedMetadata: string[];
    }[];
    expect(pdfEntry).toMatchObject({
      name: 'canary-letter.pdf',
      type: 'application/pdf',
      cleaned: false,
    });
    expect(files.get(pdfEntry!.attachmentId)!.equals(PDF)).toBe(true);
    expect(audioEntry).toMatchObject({ name: 'canary-voice.ogg', parts: 2, cleaned: false });
    expect(files.get(audioEntry!.attachmentId)!.equals(AUDIO)).toBe(true);
    expect(photoEntry).toMatchObject({
      name: 'ئۆي-canary-photo.jpg',
      type: 'image/jpeg',
      cleaned: true,
    });
    expect(photoEntry!.removedMetadata.slice(0, 2)).toEqual(['location', 'camera']);
    const cleanedPhoto = files.get(photoEntry!.attachmentId)!;
    expect(cleanedPhoto.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
    expect(cleanedPhoto.indexOf('Exif')).toBe(-1);
    expect(cleanedPhoto.indexOf(TEST_CAMERA_MAKE)).toBe(-1);
    expect(createHash('sha256').update(cleanedPhoto).digest('hex')).toBe(photoEntry!.sha256);

    // Offline: export and decrypt with stock GnuPG.
    const exported = await exportCaseOf(t.connection, String(stored!['_id']));
    const file = join(site.workDir, 'report.asc');
    writeFileSync(file, exported.files.find((f) => f.name === 'report.asc')!.content);
    expect(JSON.parse(gpg.decryptFile(file, TEST_PASSPHRASE).toString('utf8'))).toEqual(report);

    // A caseworker replies, signed, as the dashboard does (through the service layer).
    const caseMessages = t.caseMessages();
    const replyText = 'جاۋاب: بىز سىز بىلەن ئالاقىلىشىمىز <script>alert(1)</script>';
    const caseworkerKey = await unlockCaseworkerKey(
      t.caseworkers[0]!.armoredSecretKey,
      TEST_PASSPHRASE,
    );
    const replyMessageId = createMessageId();
    await caseMessages.addCaseworkerReply(
      String(stored!['_id']),
      armorBinaryMessage(
        await encryptSignedReply(
          replyText,
          t.directory,
          String(stored!['replyKey']),
          report.replyKeyFingerprint,
          caseworkerKey,
          replyMessageId,
        ),
      ),
      replyMessageId,
    );

    // The reporter returns with the receipt in a fresh tab.
    const returning = await openObservedPage(browser);
    await returning.page.goto(`${baseUrl}/?lang=ug&view=return`);
    await returning.page.fill('#receipt-input', receipt.toLowerCase());
    await returning.page.click('#return-form button[type="submit"]');
    await returning.page.locator('#case-status').waitFor({ timeout: 30_000 });
    expect(await returning.page.textContent('#case-status')).toBe(ug('return.status.new'));
    // The reply is shown as text, never as markup.
    expect(await returning.page.textContent('.reply-text')).toBe(replyText);
    expect(await returning.page.locator('.reply-text script').count()).toBe(0);
    await returning.page.fill('#follow-up', 'TEST ONLY canary-follow-up-55aa');
    const laterFile = Buffer.from('TEST ONLY canary-later-document-e1e1');
    await returning.page.setInputFiles('#attachments', [
      { name: 'canary-later.txt', mimeType: 'text/plain', buffer: laterFile },
    ]);
    await returning.page.locator('#attachment-list li').waitFor();
    await returning.page.click('#follow-up-form button[type="submit"]');
    await returning.page.getByText(ug('return.followUp.sent')).waitFor();
    const returnBodies = returning.requests.map((request) => request.postData() ?? '').join('\n');
    expect(returnBodies).not.toContain('canary-follow-up-55aa');
    expect(returnBodies).not.toContain(receipt);
    expect(returnBodies).not.toContain(receipt.toLowerCase());
    expect(await returning.cspViolations()).toEqual([]);
    const thread = await new CaseMessagesRepository(t.connection).listThread(
      String(stored!['_id']),
    );
    expect(thread.map((m) => m.author)).toEqual(['caseworker', 'reporter']);
    const followUp = await decryptFollowUp(
      caseworkerKey,
      thread[1]!.message,
      String(stored!['replyKey']),
      report.replyKeyFingerprint,
      { caseId: String(stored!['_id']), entryId: thread[1]!.id },
    );
    // Signed with the reply key the report names: the dashboard shows it as from the reporter.
    expect(followUp.verified).toBe(true);
    const followUpDocument = JSON.parse(new TextDecoder().decode(followUp.plaintext)) as {
      text: string;
      attachments: { attachmentId: string; name: string }[];
    };
    expect(followUpDocument).toMatchObject({
      schema: 'amanat-follow-up/v1',
      text: 'TEST ONLY canary-follow-up-55aa',
    });
    expect(followUpDocument.attachments.map((a) => a.name)).toEqual(['canary-later.txt']);
    // The later file arrived encrypted, and nothing of it left the page in the clear.
    const laterParts = (
      await new AttachmentPartsRepository(t.connection).listOfCase(String(stored!['_id']))
    ).filter((part) => part.attachmentId === followUpDocument.attachments[0]!.attachmentId);
    expect(laterParts).toHaveLength(1);
    const laterPlain = await decryptMessage(
      laterParts[0]!.message,
      t.caseworkers[1]!.armoredSecretKey,
      TEST_PASSPHRASE,
      MAX_PLAINTEXT_BYTES.report,
    );
    expect(Buffer.from(laterPlain).equals(laterFile)).toBe(true);
    const returnBytes = Buffer.concat(
      returning.requests.map((request) => request.postDataBuffer() ?? Buffer.alloc(0)),
    );
    expect(returnBytes.indexOf('canary-later')).toBe(-1);
    await observed.context.close();
    await returning.context.close();
  });
});
