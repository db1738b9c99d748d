/**
 * Attack: seizing the database or the logs to read what reporters wrote through the
 * no-JavaScript form, or the receipts that open their cases: on this path the server does see
 * the text (while it encrypts it) and the receipt (which it makes, or is given back). Defence:
 * both live only in the request's memory (server/features/no-js-forms/no-js-forms.service.ts):
 * only the ciphertext and the verifier's hash reach intake's storage, nothing of the form is
 * logged (reporter routes write no line of their own; the logger passes allow-listed fields
 * only), and refusals echo no value. A canary in every text field, sent through an accepted
 * report (posted twice), a refused one and a malformed one, every receipt given out or typed
 * back, and the submission token the receipt is derived from, are then searched for in every
 * collection and in the whole log output at debug level.
 */
import { dumpAllCollections } from '../helpers/database';
import { captureLog, encodingsOf } from '../helpers/log-capture';
import { postForm, receiptOn, reportFields, useNoJsFormApp } from '../helpers/no-js-forms';

const CANARY = 'canary-nojs-plaintext-6d1f';
/** One canary per text field, so each field's path is checked. */
const FIELDS = {
  city: `${CANARY}-city`,
  whatHappened: `ئاكام تۇتۇلدى ${CANARY}-what-happened`,
  involved: `${CANARY}-involved`,
  contactedBy: `${CANARY}-contacted-by`,
  deadlineDetails: `${CANARY}-deadline`,
  contactMethod: 'other',
  contactDetails: `${CANARY}-contact`,
};

describe('what reporters write without JavaScript is never stored or logged in plaintext', () => {
  const log = captureLog();
  const t = useNoJsFormApp('sec-nojs-canary', { caseworkers: 1, logDestination: log.destination });

  /** The report with `changed` fields posted: answered `status`, and the answer echoes no canary. */
  async function expectAnswerWithoutCanary(changed: Record<string, string>, status: number) {
    const answer = await postForm(
      t.app,
      '/no-js/report',
      reportFields(FIELDS.whatHappened, { ...FIELDS, ...changed }),
    );
    expect(answer.status).toBe(status);
    expect(answer.text).not.toContain(CANARY);
  }

  test('when reports are posted, accepted and refused, and receipts looked up, then no canary, no receipt and no submission token is in any collection or log line', async () => {
    const form = reportFields(FIELDS.whatHappened, FIELDS);
    const accepted = await postForm(t.app, '/no-js/report', form);
    expect(accepted.status).toBe(201);
    const receipt = receiptOn(accepted.text);
    // Posted again (the receipt page reloaded): its submission token gives the receipt too.
    expect((await postForm(t.app, '/no-js/report', form)).status).toBe(200);
    const { consentRead: _consent, ...withoutConsent } = reportFields(FIELDS.whatHappened, FIELDS);
    expect((await postForm(t.app, '/no-js/report', withoutConsent)).status).toBe(400);
    // A type not on the list is refused.
    await expectAnswerWithoutCanary({ incidentType: `${CANARY}-type` }, 400);
    // A month not in the form's shape is left out, the report stored without it (encrypted).
    await expectAnswerWithoutCanary({ month: `${CANARY}-month` }, 201);
    const typedBack = receipt.toLowerCase();
    expect(
      (await postForm(t.app, '/no-js/status', { lang: 'en', receipt: typedBack })).status,
    ).toBe(200);
    const wrongReceipt = 'ZZZZ-YYYY-XXXX-WWWW-VVVV-TTTT-SSSS-RRRR';
    expect(
      (await postForm(t.app, '/no-js/status', { lang: 'en', receipt: wrongReceipt })).status,
    ).toBe(404);
    // The day's counts are the reporter routes' only log lines: write them now.
    t.writeReporterCounts();
    expect(log.lines.length).toBeGreaterThan(0);

    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    const logged = log.lines.join('\n');
    const secrets = [
      ...Object.values(FIELDS).filter((value) => value.includes(CANARY)),
      receipt,
      receipt.replace(/-/g, ''),
      form['submission']!,
      typedBack,
      wrongReceipt,
    ];
    for (const secret of secrets) {
      for (const form of encodingsOf(secret)) {
        expect(stored).not.toContain(form);
        expect(logged).not.toContain(form);
      }
    }
    expect(stored).not.toContain(CANARY);
    expect(logged).not.toContain(CANARY);
  });
});
