/**
 * The no-JavaScript form (NO_JS_FORM=on) end to end over HTTP: a report posted as a plain form
 * is encrypted by the server to the directory's caseworkers, stored through the same intake as
 * the page's own (ciphertext that the caseworker key and stock GnuPG open, naming a reply key
 * that the receipt unlocks), and answered with the receipt; the receipt opens the case on the
 * JavaScript return route and shows the status (and nothing else) on the no-JavaScript one. The
 * forms share the page's rate limits, and every refusal is specific and stores nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { deriveReceiptVerifier, deriveReplyKeyPassphrase } from '../../client/crypto';
import { unlockSecretKey } from '../../client/crypto/keys';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { escapeHtml } from '../../contract/html-text';
import { armorMessage } from '../../server/platform/openpgp';
import { countReports } from '../helpers/database';
import { GnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { openReportAs } from '../helpers/reports';
import {
  postAtOnceWhileEncrypting,
  postForm,
  postReportTwiceAtOnce,
  receiptOn,
  refusalCode,
  reportFields,
  SAME_ORIGIN_FORM,
  useNoJsFormApp,
} from '../helpers/no-js-forms';

const WHAT_HAPPENED = 'ساقچىلار ئاتا-ئانامنى ئىزدەپ كەلدى — TEST ONLY no-js canary 5e21';
const ug = createTranslator('ug');

describe('the no-JavaScript form takes a report and shows its status', () => {
  const t = useNoJsFormApp('nojsforms');

  /** Every report stored, as the caseworker decrypts it. */
  async function storedDocuments(): Promise<
    { locale: string; answers: { month: string | null; whatHappened: string } }[]
  > {
    const reports = await t.connection.db!.collection('reports').find({}).toArray();
    return await Promise.all(
      reports.map(async (stored) => {
        return await openReportAs(t.caseworkers[1]!, new Uint8Array(stored['message'].buffer));
      }),
    );
  }

  test('when a report is posted then the ciphertext stored opens for the caseworker and GnuPG, and the receipt works on both return routes', async () => {
    const answer = await postForm(
      t.app,
      '/no-js/report',
      reportFields(WHAT_HAPPENED, {
        lang: 'ug',
        city: 'TEST ONLY city',
        contactMethod: 'other',
        contactDetails: 'TEST ONLY contact',
        contactedBy: 'TEST ONLY +90 532 000 00 00',
        consentStatistics: 'on',
      }),
    );
    expect(answer.status).toBe(201);
    expect(answer.type).toBe('text/html');
    expect(answer.text).toContain('<html lang="ug" dir="rtl">');
    expect(answer.text).toContain(ug('noJs.receipt.howItDiffered'));
    const receipt = receiptOn(answer.text);
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);

    // Stored once, as ciphertext, decrypting to the document the page itself would have made.
    const reports = await t.connection.db!.collection('reports').find({}).toArray();
    expect(reports).toHaveLength(1);
    const stored = reports[0]!;
    const message = new Uint8Array(stored['message'].buffer);
    const document = await openReportAs(t.caseworkers[1]!, message);
    expect(document).toEqual({
      schema: 'amanat-report/v1',
      locale: 'ug',
      attachments: [],
      answers: {
        incidentType: 'threats_through_relatives',
        month: '2026-11',
        country: 'TR',
        city: 'TEST ONLY city',
        whatHappened: WHAT_HAPPENED,
        involved: null,
        contactedBy: 'TEST ONLY +90 532 000 00 00',
        relativesAffected: 'yes',
        deadline: { date: null, details: null },
        contact: { method: 'other', details: 'TEST ONLY contact' },
        consents: { caseworkersMayRead: true, statistics: true },
      },
      replyKeyFingerprint: expect.stringMatching(/^[0-9a-f]{40}$/),
    });

    // Stock GnuPG opens it too (the offline path).
    const gpg = new GnuPG();
    try {
      gpg.importSecretKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
      const file = join(gpg.home, 'report.asc');
      writeFileSync(file, armorMessage(message));
      expect(JSON.parse(gpg.decryptFile(file, TEST_PASSPHRASE).toString('utf8'))).toEqual(document);
    } finally {
      gpg.dispose();
    }

    // The JavaScript return route opens the case with the receipt, and the reply key it hands
    // back unlocks with the receipt's passphrase: replies can be read on the page.
    const opened = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier: await deriveReceiptVerifier(receipt) });
    expect(opened.status).toBe(200);
    expect(opened.body.status).toBe('new');
    const replyKey = await unlockSecretKey(
      opened.body.replySecretKey,
      await deriveReplyKeyPassphrase(receipt),
    );
    expect(replyKey.getFingerprint()).toBe(document.replyKeyFingerprint);

    // The no-JavaScript status page takes the receipt as a person types it back.
    await t.services.triage.changeTriage('test-caseworker', opened.body.caseId, {
      status: 'in_progress',
    });
    const typed = receipt.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const status = await postForm(t.app, '/no-js/status', { lang: 'ug', receipt: typed });
    expect(status.status).toBe(200);
    expect(status.text).toContain(ug('return.status.in_progress'));
    expect(status.text).toContain(ug('noJs.status.receiptSent'));
    // The status alone: no reply key, no thread, no case id.
    expect(status.text).not.toContain('PGP');
    expect(status.text).not.toContain(opened.body.caseId);
  });

  test('when the report lacks what happened or the consent then a page says so in its language and nothing is stored', async () => {
    const before = await countReports(t.connection);
    const noText = await postForm(t.app, '/no-js/report', reportFields('  ', { lang: 'ug' }));
    expect(noText.status).toBe(400);
    expect(noText.text).toContain(ug('form.whatHappened.required'));
    const { consentRead: _consent, ...withoutConsent } = reportFields(WHAT_HAPPENED);
    const noConsent = await postForm(t.app, '/no-js/report', withoutConsent);
    expect(noConsent.status).toBe(400);
    expect(noConsent.text).toContain(createTranslator('en')('form.consent.required'));
    expect(await countReports(t.connection)).toBe(before);
  });

  test.each([
    ['a choice the form does not offer', { incidentType: 'arson' }, 'invalid_field'],
    ['a language the site lacks', { lang: 'xx' }, 'invalid_field'],
    ['a field the form does not have', { attachment: 'photo.jpg' }, 'unknown_field'],
  ])(
    'when the form carries %s then a page refuses it, echoing nothing, and nothing is stored',
    async (_what, change, code) => {
      const before = await countReports(t.connection);
      const answer = await postForm(t.app, '/no-js/report', reportFields(WHAT_HAPPENED, change));
      expect(answer.status).toBe(400);
      expect(refusalCode(answer)).toBe(code);
      expect(answer.text).toContain(escapeHtml(createTranslator('en')('noJs.refused.unreadable')));
      expect(answer.text).not.toContain('no-js canary');
      expect(await countReports(t.connection)).toBe(before);
    },
  );

  test('when the month is not YYYY-MM (typed where the browser has no month picker) then the report is stored without it and the receipt page says so', async () => {
    const before = await countReports(t.connection);
    const answer = await postForm(
      t.app,
      '/no-js/report',
      reportFields(WHAT_HAPPENED, { lang: 'ug', month: 'ئۆكتەبىر 2026' }),
    );
    expect(answer.status).toBe(201);
    expect(answer.text).toContain(ug('noJs.receipt.monthDropped'));
    expect(answer.text).not.toContain('ئۆكتەبىر 2026');
    expect(await countReports(t.connection)).toBe(before + 1);
    // Every other report here has a month: the one without is this one, text and all.
    const withoutMonth = (await storedDocuments()).filter(({ answers }) => answers.month === null);
    expect(withoutMonth).toHaveLength(1);
    expect(withoutMonth[0]!.answers.whatHappened).toBe(WHAT_HAPPENED);
    expect(withoutMonth[0]!.locale).toBe('ug');

    // A month in the form's shape: no such note.
    const wellFormed = await postForm(t.app, '/no-js/report', reportFields(WHAT_HAPPENED));
    expect(wellFormed.status).toBe(201);
    expect(wellFormed.text).not.toContain(createTranslator('en')('noJs.receipt.monthDropped'));

    // A month in the form's shape with spaces around it (typed in a text box): trimmed and kept.
    const spaced = await postForm(
      t.app,
      '/no-js/report',
      reportFields(WHAT_HAPPENED, { month: ' 2026-10 ' }),
    );
    expect(spaced.status).toBe(201);
    expect(spaced.text).not.toContain(createTranslator('en')('noJs.receipt.monthDropped'));
    const months = (await storedDocuments()).map(({ answers }) => answers.month);
    expect(months).toContain('2026-10');
  });

  test("when a refusal comes before the form is read then its page is in the language of the form's address", async () => {
    const answer = await request(t.app)
      .post('/no-js/report?lang=ug')
      .set(SAME_ORIGIN_FORM)
      .type('text/plain')
      .send('TEST ONLY no-js canary');
    expect(answer.status).toBe(415);
    expect(refusalCode(answer)).toBe('unsupported_media_type');
    expect(answer.text).toContain('<html lang="ug" dir="rtl">');
    expect(answer.text).toContain(ug('noJs.refused.unreadable'));
    expect(answer.text).not.toContain('no-js canary');
  });

  test('when the report is longer than the site takes then a page in its language says so and nothing is stored', async () => {
    const before = await countReports(t.connection);
    const long = `${WHAT_HAPPENED} ${'x'.repeat(600 * 1024)}`;
    // Refused by its announced length, before it is read: the language is the form's address's.
    const answer = await postForm(
      t.app,
      '/no-js/report?lang=tr',
      reportFields(long, { lang: 'tr' }),
    );
    expect(answer.status).toBe(413);
    expect(refusalCode(answer)).toBeDefined();
    expect(answer.text).toContain(escapeHtml(createTranslator('tr')('noJs.refused.tooLarge')));
    expect(answer.text).not.toContain('no-js canary');
    expect(await countReports(t.connection)).toBe(before);
  });

  test('when the form names no language then the answer is in English', async () => {
    const { lang: _lang, ...withoutLang } = reportFields(WHAT_HAPPENED);
    const answer = await postForm(t.app, '/no-js/report', withoutLang);
    expect(answer.status).toBe(201);
    expect(answer.text).toContain('<html lang="en" dir="ltr">');
    expect(answer.text).toContain(createTranslator('en')('noJs.receipt.writeDown'));
  });

  test('when a field is sent twice then it is refused, not merged', async () => {
    const answer = await request(t.app)
      .post('/no-js/report')
      .set({ 'Sec-Fetch-Site': 'same-origin' })
      .type('form')
      .send(`${new URLSearchParams(reportFields(WHAT_HAPPENED)).toString()}&country=KZ`);
    expect(answer.status).toBe(400);
    expect(refusalCode(answer)).toBe('invalid_field');
  });

  test('when the same form is posted again, one after the other or both at once, then one report is stored and both answers show the same receipt', async () => {
    const before = await countReports(t.connection);
    const form = reportFields(WHAT_HAPPENED, { lang: 'ug' });
    const first = await postForm(t.app, '/no-js/report', form);
    expect(first.status).toBe(201);
    const again = await postForm(t.app, '/no-js/report', form);
    expect(again.status).toBe(200);
    expect(again.text).toContain('<html lang="ug" dir="rtl">');
    expect(again.text).toContain(ug('noJs.receipt.alreadyStored'));
    expect(first.text).not.toContain(ug('noJs.receipt.alreadyStored'));
    expect(receiptOn(again.text)).toBe(receiptOn(first.text));
    expect(await countReports(t.connection)).toBe(before + 1);

    const concurrent = await postReportTwiceAtOnce(t.app, reportFields(WHAT_HAPPENED));
    expect(concurrent).not.toBe(receiptOn(first.text));
    expect(await countReports(t.connection)).toBe(before + 2);
  });

  test.each([
    ['without a submission token', null],
    ['with a token too short', 'c2hvcnQ'],
    ['with a token not base64url', `${'A'.repeat(42)}=`],
    ['with an empty token', ''],
  ])(
    'when the report form comes %s then it is refused as invalid_submission_token and nothing is stored',
    async (_what, token) => {
      const before = await countReports(t.connection);
      const { submission: _token, ...withoutToken } = reportFields(WHAT_HAPPENED);
      const fields = token === null ? withoutToken : { ...withoutToken, submission: token };
      const answer = await postForm(t.app, '/no-js/report', { ...fields, lang: 'zh-Hans' });
      expect(answer.status).toBe(400);
      expect(refusalCode(answer)).toBe('invalid_submission_token');
      expect(answer.text).toContain('<html lang="zh-Hans" dir="ltr">');
      expect(answer.text).toContain(createTranslator('zh-Hans')('noJs.refused.unreadable'));
      expect(answer.text).not.toContain('no-js canary');
      expect(await countReports(t.connection)).toBe(before);
    },
  );

  test('when more reports arrive at once than the server encrypts and lets wait then the rest get a busy page in their language and nothing is stored for them', async () => {
    const before = await countReports(t.connection);
    // NO_JS_CONCURRENT's default: two encrypted at once, eight waiting, then refused.
    const waiting = 8;
    const answers = await postAtOnceWhileEncrypting(
      t.app,
      t.services.noJsForms.slots,
      2,
      Array.from({ length: waiting + 3 }, () => reportFields(WHAT_HAPPENED, { lang: 'kk' })),
      3,
      async () => expect(await countReports(t.connection)).toBe(before),
    );
    const busy = answers.filter(({ status }) => status === 503);
    expect(busy).toHaveLength(3);
    for (const answer of busy) {
      expect(refusalCode(answer)).toBe('no_js_busy');
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      expect(answer.text).toContain('<html lang="kk" dir="ltr">');
      expect(answer.text).toContain(createTranslator('kk')('noJs.refused.busy'));
    }
    expect(answers.filter(({ status }) => status === 201)).toHaveLength(waiting);
    expect(await countReports(t.connection)).toBe(before + waiting);
  });

  test('when a receipt matches no report then the page says so with a 404, the status of no case', async () => {
    const wrong = await postForm(t.app, '/no-js/status', {
      lang: 'en',
      receipt: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789',
    });
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain(createTranslator('en')('return.notFound'));
    const notAReceipt = await postForm(t.app, '/no-js/status', { lang: 'en', receipt: 'hello' });
    expect(notAReceipt.status).toBe(404);
  });
});

describe('the no-JavaScript form shares the page rate limits', () => {
  const t = useNoJsFormApp('nojslimits', {
    env: { INTAKE_RATE_LIMIT: '2', RECEIPT_FAILED_LOOKUP_LIMIT: '2' },
  });

  test('when the intake budget is spent on either route then the other is refused too', async () => {
    expect((await postForm(t.app, '/no-js/report', reportFields(WHAT_HAPPENED))).status).toBe(201);
    expect((await postForm(t.app, '/no-js/report', reportFields(WHAT_HAPPENED))).status).toBe(201);
    // Refused before the form is read: the language comes from the form's address.
    const third = await postForm(
      t.app,
      '/no-js/report?lang=ug',
      reportFields(WHAT_HAPPENED, { lang: 'ug' }),
    );
    expect(third.status).toBe(429);
    // A page, in the form's language, that tells when to send it again.
    expect(refusalCode(third)).toBe('rate_limited');
    expect(third.headers['retry-after']).toMatch(/^\d+$/);
    expect(third.text).toContain('<html lang="ug" dir="rtl">');
    expect(third.text).toContain(ug('noJs.refused.tooMany'));
    const json = await request(t.app).post('/api/reports').send({});
    expect(json.status).toBe(429);
    expect(await countReports(t.connection)).toBe(2);
  });

  test('when failed lookups are spent on the no-JavaScript route then the JSON lookup is refused too', async () => {
    const wrong = { lang: 'en', receipt: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789' };
    expect((await postForm(t.app, '/no-js/status', wrong)).status).toBe(404);
    expect((await postForm(t.app, '/no-js/status', wrong)).status).toBe(404);
    expect((await postForm(t.app, '/no-js/status', wrong)).status).toBe(429);
    const lookup = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier: await deriveReceiptVerifier(wrong.receipt) });
    expect(lookup.status).toBe(429);
  });
});
