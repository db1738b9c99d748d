/**
 * Casework that keeps up, in real pages, in English and in Uyghur (right to left): the inbox
 * marks, per caseworker, a report they never opened and a reporter's follow-up that arrived after
 * they last opened the case; a follow-up marks the case for a caseworker who opened it before it
 * arrived and not for one who opened it after; opening the case clears the mark for that
 * caseworker only, and only as far as they could read it (a follow-up that does not decrypt for
 * them stays new); "needs a reply" lists the cases whose latest message the reporter sees is the
 * reporter's. And the thread: a follow-up, an internal note and a reply each carry their own
 * label and their own shape (side, frame), mirrored right to left, never colour alone.
 */
import type { Page } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import type { VerifiedDirectory } from '../../client/crypto';
import {
  caseworkerWithServiceVettedKey,
  sendReplyAtDesk,
  sendNoteAtDesk,
  signInAtDesk,
} from '../helpers/caseworker-desk';
import { openCase, openInbox, openStaffPage, unlockInInbox } from '../helpers/dashboard';
import { sendFollowUp, sendPreparedReport, type SentReport } from '../helpers/reporter-traffic';
import { reportDocument } from '../helpers/reports';
import type { EnrolledStaff } from '../helpers/staff';
import { useReporterSite } from '../helpers/use-reporter-site';

const site = useReporterSite('e2e-inbox-marks', { caseworkers: 1 });

interface Desk {
  readonly staff: EnrolledStaff;
  readonly passphrase: string;
  page: Page;
}

/** A fresh tab in `locale`, signed in, key unlocked, the inbox shown. */
async function sitDown(desk: Desk, locale: string): Promise<void> {
  desk.page = (await openStaffPage(site.browser)).page;
  await signInAtDesk(site, desk.page, desk.staff, locale);
  await unlockInInbox(desk.page, desk.passphrase);
}

/** Opens the case from the inbox and waits until the server stored this caseworker's mark. */
async function openAndRead(desk: Desk, caseId: string, seq: number): Promise<void> {
  expect(await openCase(desk.page, caseId)).toBe('decrypted');
  await desk.page
    .locator(`section[data-view="case"][data-case-id="${caseId}"][data-seen-seq="${seq}"]`)
    .waitFor({ state: 'attached' });
}

/** Back to a freshly loaded inbox (the key stays unlocked). */
async function backToInbox(desk: Desk): Promise<void> {
  await openInbox(desk.page);
}

/** The row's mark as the page shows it: what is new (attribute and badge text), needs a reply. */
async function marksOf(desk: Desk, caseId: string) {
  const row = desk.page.locator(`#inbox-table tr.case-row[data-case-id="${caseId}"]`);
  await row.waitFor();
  return {
    unseen: await row.getAttribute('data-unseen'),
    badge: (await row.locator('[data-badge="unseen"]').allTextContents()).join(''),
    needsReply: await row.getAttribute('data-needs-reply'),
    needsReplyBadge: (await row.locator('[data-badge="needs-reply"]').allTextContents()).join(''),
  };
}

/** A report as the reporter page sends it (naming its reply key, so replies can go to it). */
async function report(directory: VerifiedDirectory): Promise<SentReport> {
  const whatHappened = 'TEST ONLY a report that is followed up';
  const { prepared, caseId } = await sendPreparedReport(
    site.t.app,
    directory,
    reportDocument({ whatHappened }),
  );
  return { caseId, receiptVerifier: prepared.body.receiptVerifier };
}

async function rowIds(page: Page): Promise<string[]> {
  return await page
    .locator('#inbox-table tr.case-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id') ?? ''));
}

describe.each([
  ['en', 'ltr'],
  ['ug', 'rtl'],
] as const)('the inbox and the thread in %s', (locale, dir) => {
  const t = createDashboardTranslator(locale);
  const newReport = {
    unseen: 'report',
    badge: t('inbox.badge.newReport'),
    needsReply: 'true',
    needsReplyBadge: t('inbox.badge.needsReply'),
  };
  let aynur: Desk;
  let bilal: Desk;
  let directory: VerifiedDirectory;
  /** A case whose reporter writes twice; and one answered with a reply. */
  let followed: SentReport;
  let answered: SentReport;

  beforeAll(async () => {
    const first = await caseworkerWithServiceVettedKey(
      site.t,
      `caseworker.aynur.${locale}`,
      `TEST ONLY aynur ${locale} key passphrase 41c7`,
    );
    const second = await caseworkerWithServiceVettedKey(
      site.t,
      `caseworker.bilal.${locale}`,
      `TEST ONLY bilal ${locale} key passphrase 9e02`,
    );
    directory = second.directory;
    aynur = { staff: first.staff, passphrase: first.passphrase, page: undefined as never };
    bilal = { staff: second.staff, passphrase: second.passphrase, page: undefined as never };
    followed = await report(directory);
    answered = await report(directory);
    await sendFollowUp(site.t.app, directory, answered);
  }, 120_000);

  test(`when two caseworkers sign in then both see both reports as new and waiting for a reply, the page ${dir}`, async () => {
    await sitDown(aynur, locale);
    await sitDown(bilal, locale);
    expect(await aynur.page.getAttribute('html', 'dir')).toBe(dir);
    for (const desk of [aynur, bilal]) {
      expect(await marksOf(desk, followed.caseId)).toEqual(newReport);
      expect(await marksOf(desk, answered.caseId)).toEqual(newReport);
      // The decryption progress bar goes once every summary is read.
      expect(await desk.page.locator('#inbox-progress').isHidden()).toBe(true);
    }
  }, 120_000);

  test('when a follow-up, a note and a reply are in one thread then each has its own label and shape, mirrored in this direction', async () => {
    await openAndRead(aynur, answered.caseId, 1);
    expect(await sendNoteAtDesk(aynur.page, `TEST ONLY note ${locale}`)).toBe('');
    expect(await sendReplyAtDesk(aynur.page, `TEST ONLY reply ${locale}`)).toBe('');
    const kinds = await aynur.page.locator('#thread-list > li').evaluateAll((items) =>
      items.map((item) => {
        const box = item.getBoundingClientRect();
        const style = getComputedStyle(item);
        return {
          kind: item.getAttribute('data-kind') ?? '',
          label: item.querySelector('.message-kind')?.textContent ?? '',
          mark: item.querySelector('.message-mark')?.textContent ?? '',
          frame: style.borderTopStyle,
          left: Math.round(box.left),
          right: Math.round(box.right),
        };
      }),
    );
    expect(kinds.map(({ kind, label, frame }) => ({ kind, label, frame }))).toEqual([
      { kind: 'follow-up', label: t('thread.kind.followUp'), frame: 'solid' },
      { kind: 'note', label: t('thread.kind.note'), frame: 'dashed' },
      { kind: 'reply', label: t('thread.kind.reply'), frame: 'solid' },
    ]);
    expect(new Set(kinds.map((entry) => entry.mark)).size).toBe(3);
    const [followUp, note, reply] = kinds as [
      (typeof kinds)[0],
      (typeof kinds)[0],
      (typeof kinds)[0],
    ];
    // The reporter's message keeps to the start side, the reply to the end side, the note spans.
    if (dir === 'ltr') {
      expect(followUp.left).toBeLessThan(reply.left);
      expect(followUp.right).toBeLessThan(reply.right);
    } else {
      expect(followUp.right).toBeGreaterThan(reply.right);
      expect(followUp.left).toBeGreaterThan(reply.left);
    }
    expect(note.right - note.left).toBeGreaterThan(reply.right - reply.left);
  }, 120_000);

  test('when one caseworker opened a case before a follow-up and the other after it then only the first sees the follow-up as new', async () => {
    await backToInbox(aynur);
    // Answered and read: nothing new, no reply due.
    expect(await marksOf(aynur, answered.caseId)).toEqual({
      unseen: 'none',
      badge: '',
      needsReply: 'false',
      needsReplyBadge: '',
    });
    await openAndRead(aynur, followed.caseId, 0);
    await sendFollowUp(site.t.app, directory, followed);
    await openAndRead(bilal, followed.caseId, 1);
    await backToInbox(bilal);
    await backToInbox(aynur);
    expect(await marksOf(aynur, followed.caseId)).toEqual({
      ...newReport,
      unseen: 'follow-up',
      badge: t('inbox.badge.newFollowUp'),
    });
    expect(await marksOf(bilal, followed.caseId)).toEqual({
      ...newReport,
      unseen: 'none',
      badge: '',
    });
    // Bilal never opened the answered case: still a new report to him.
    expect((await marksOf(bilal, answered.caseId)).unseen).toBe('report');
  }, 120_000);

  test('when "needs a reply" is chosen then the case the reporter wrote last is listed and the answered one is not', async () => {
    const { page } = aynur;
    expect(await rowIds(page)).toEqual(expect.arrayContaining([followed.caseId, answered.caseId]));
    expect(await page.textContent('label[for="inbox-needs-reply"]')).toBe(
      t('inbox.filter.needsReply'),
    );
    await page.check('#inbox-needs-reply');
    await page.click('#inbox-apply');
    await page
      .locator(`#inbox-table tr.case-row[data-case-id="${answered.caseId}"]`)
      .waitFor({ state: 'detached' });
    const listed = await rowIds(page);
    expect(listed).toContain(followed.caseId);
    expect(listed).not.toContain(answered.caseId);
  }, 120_000);

  test('when the reporter writes again and one caseworker opens the case then the mark clears for that caseworker only', async () => {
    await sendFollowUp(site.t.app, directory, followed);
    await openAndRead(aynur, followed.caseId, 2);
    await backToInbox(aynur);
    await backToInbox(bilal);
    expect((await marksOf(aynur, followed.caseId)).unseen).toBe('none');
    expect(await marksOf(bilal, followed.caseId)).toEqual({
      ...newReport,
      unseen: 'follow-up',
      badge: t('inbox.badge.newFollowUp'),
    });
  }, 120_000);

  test('when a follow-up does not decrypt for a caseworker then opening the case leaves it new for them', async () => {
    const unreadable = await report(directory);
    await sendFollowUp(site.t.app, directory, unreadable);
    // Its stored ciphertext is damaged (as a message not shared with them reads to them).
    const messages = site.t.connection.db!.collection('case_messages');
    const stored = await messages.findOne({ caseId: unreadable.caseId });
    const damaged = Buffer.from(stored!['message'].buffer as Uint8Array);
    damaged[damaged.length - 8]! ^= 0xff;
    await messages.updateOne({ _id: stored!._id }, { $set: { message: damaged } });

    await backToInbox(bilal);
    await openAndRead(bilal, unreadable.caseId, 0); // the report only
    await backToInbox(bilal);
    expect(await marksOf(bilal, unreadable.caseId)).toEqual({
      ...newReport,
      unseen: 'follow-up',
      badge: t('inbox.badge.newFollowUp'),
    });
  }, 120_000);
});
