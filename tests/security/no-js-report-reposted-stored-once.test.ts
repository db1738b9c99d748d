/**
 * Attack (or accident): the no-JavaScript report form posted again with the same page's token,
 * by reloading the receipt page, by a network retry, or twice at once. Each repost would store
 * another copy of the report under a new receipt: caseworkers see duplicates, and the reporter
 * holds a receipt for each copy without knowing which one gets the replies. Defence
 * (server/features/no-js-forms): the receipt is derived from the page's submission token
 * (contract/receipt.ts deriveReceiptFromSubmission), the service answers a repost from the report
 * already stored under that receipt's verifier without encrypting or storing anything (so even
 * while no directory could encrypt a new report), and two posts at once are held to one by
 * intake's unique index on the verifier's hash.
 */
import { countReports } from '../helpers/database';
import { postForm, receiptOn, reportFields, useNoJsFormApp } from '../helpers/no-js-forms';

describe('a reposted no-JavaScript report is stored once', () => {
  const t = useNoJsFormApp('sec-nojs-repost', { caseworkers: 1 });

  test('when the same form is posted three times then one report is stored and every answer shows its receipt', async () => {
    const form = reportFields('TEST ONLY reposted report');
    const answers = [];
    for (let post = 0; post < 3; post++) answers.push(await postForm(t.app, '/no-js/report', form));
    expect(answers.map(({ status }) => status)).toEqual([201, 200, 200]);
    expect(new Set(answers.map(({ text }) => receiptOn(text))).size).toBe(1);
    expect(await countReports(t.connection)).toBe(1);
  });

  test('when the same form is posted three times at once then one report is stored and every answer shows its receipt', async () => {
    const before = await countReports(t.connection);
    const form = reportFields('TEST ONLY report posted at once');
    const answers = await Promise.all(
      [1, 2, 3].map(async () => await postForm(t.app, '/no-js/report', form)),
    );
    expect(answers.map(({ status }) => status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map(({ text }) => receiptOn(text))).size).toBe(1);
    expect(await countReports(t.connection)).toBe(before + 1);
  });

  test('when the form is posted again while no directory could encrypt a new report then the stored report answers it: nothing is encrypted again', async () => {
    const form = reportFields('TEST ONLY reposted without a directory');
    const first = await postForm(t.app, '/no-js/report', form);
    expect(first.status).toBe(201);
    const before = await countReports(t.connection);
    const directories = t.connection.db!.collection('recipient_directories');
    const saved = await directories.find({}).toArray();
    await directories.deleteMany({});
    try {
      // A new form needs the directory to encrypt to, and is refused without one...
      const fresh = await postForm(t.app, '/no-js/report', reportFields('TEST ONLY fresh'));
      expect(fresh.status).toBe(503);
      // ...a repost does not: its report is stored already.
      const again = await postForm(t.app, '/no-js/report', form);
      expect(again.status).toBe(200);
      expect(receiptOn(again.text)).toBe(receiptOn(first.text));
    } finally {
      await directories.insertMany(saved);
    }
    expect(await countReports(t.connection)).toBe(before);
  });

  test('when two page loads send their forms then two reports are stored under two receipts', async () => {
    const before = await countReports(t.connection);
    const one = await postForm(t.app, '/no-js/report', reportFields('TEST ONLY same text'));
    const other = await postForm(t.app, '/no-js/report', reportFields('TEST ONLY same text'));
    expect([one.status, other.status]).toEqual([201, 201]);
    expect(receiptOn(one.text)).not.toBe(receiptOn(other.text));
    expect(await countReports(t.connection)).toBe(before + 2);
  });
});
