/**
 * Attack: reports made with stock GnuPG that are a few hundred bytes or kilobytes of ciphertext
 * but decompress to 256 MiB (a zlib and a bzip2 compression bomb), a non-report plaintext of
 * 12 MiB of text, and one of 14 MiB, sent through the real intake API with a hand-made body as
 * a hostile reporter with GnuPG would, next to ordinary reports; and follow-ups (a bomb, 1 MiB
 * of text) through the receipt API. Intake cannot see inside the encryption; every caseworker's
 * browser would expand them. The deployment accepts bodies of up to 13 MiB
 * (INTAKE_MAX_BODY_BYTES), so 13 MiB is also the most plaintext "this service could have
 * accepted uncompressed".
 *
 * Defences: every decryption stops at the deployment's limit, which the server names with each
 * case list and case (plaintext-bounds.ts); the inbox reads only a bounded beginning of each
 * plaintext (report-preview.ts); the case view shows long text in bounded pieces with "Show
 * more" (bounded-text.ts). Checked in Chromium: ordinary reports show, the bombs and the 14 MiB
 * text say they cannot be shown safely with their case reference, the page keeps answering, a
 * click opens another case, and the 12 MiB case (report and follow-up) holds only one piece of
 * each text at a time.
 */
import request from 'supertest';
import {
  armorBinaryMessage,
  createMessageId,
  type ReportSubmissionBody,
  type VerifiedDirectory,
} from '../../client/crypto';
import { TEXT_PIECE_CHARS } from '../../client/dashboard/cases/text-pieces';
import { caseworkerWithServiceVettedKey, signInAtDesk } from '../helpers/caseworker-desk';
import {
  auditAccessibility,
  openCase,
  openStaffPage,
  unlockInInbox,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { GnuPG } from '../helpers/gnupg';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { buildSubmission, reportDocument } from '../helpers/reports';
import type { EnrolledStaff } from '../helpers/staff';

const MiB = 1024 * 1024;
const KEY_PASSPHRASE = 'TEST ONLY compression-bomb key passphrase 3e7d';
const DEPLOYMENT_LIMIT_BYTES = 13 * MiB;
const BOMB_BYTES = 256 * MiB;
const ZLIB = ['--compress-algo', 'zlib', '-z', '9'];
const BZIP2 = ['--compress-algo', 'bzip2', '-z', '9'];
/** Generous for Chromium on a shared 2-core machine; a frozen page does not answer at all. */
const BROWSER_TEST_MS = 180_000;

/**
 * About `bytes` (UTF-8) of numbered lines that mix Uyghur and Latin, ending in `lastLine`, which
 * appears nowhere before. Mixed directions make layout slow: as one text node, 12 MiB of such
 * text held Chromium's main thread for minutes.
 */
function longText(bytes: number, lastLine: string): string {
  const lines: string[] = [];
  for (let number = 1, length = lastLine.length; length < bytes; number += 1) {
    const line = `TEST ONLY line ${String(number).padStart(7, '0')} ئۇيغۇرچە تېكىست of a hand-made text\n`;
    lines.push(line);
    length += Buffer.byteLength(line);
  }
  lines.push(lastLine);
  return lines.join('');
}

const LARGE_TEXT_END = 'canary-large-text-last-line';
/** Within the deployment's limit: decrypted, and shown in pieces. */
const LARGE_TEXT = longText(12 * MiB, LARGE_TEXT_END);
/** Over the deployment's limit but under the largest any deployment allows (16 MiB). */
const OVER_LIMIT_TEXT = longText(14 * MiB, 'canary-over-limit');
/** A follow-up of 1 MiB of text: the thread shows it in pieces too. */
const FOLLOW_UP_TEXT = longText(MiB, 'canary-follow-up-end');

let site: ReporterSite;
let caseworker: EnrolledStaff;
let tab: StaffPage;
const gpg = new GnuPG();
const caseIds: Record<
  'normalOne' | 'normalTwo' | 'zlibBomb' | 'bzip2Bomb' | 'largeText' | 'overLimit',
  string
> = {
  normalOne: '',
  normalTwo: '',
  zlibBomb: '',
  bzip2Bomb: '',
  largeText: '',
  overLimit: '',
};

function ordinaryReport(whatHappened: string): object {
  return reportDocument({ incidentType: 'surveillance', whatHappened });
}

interface Submitted {
  readonly caseId: string;
  readonly receiptVerifier: string;
}

/** Submits through the intake API as the reporter page would. */
async function submit(body: ReportSubmissionBody): Promise<Submitted> {
  const created = await request(site.t.app).post('/api/reports').send(body).expect(201);
  return {
    caseId: (created.body as { caseId: string }).caseId,
    receiptVerifier: body.receiptVerifier,
  };
}

/** `plaintext` encrypted by stock GnuPG to every key of the directory (so intake accepts it). */
function encryptWithGnuPG(
  directory: VerifiedDirectory,
  plaintext: Buffer,
  compression: readonly string[],
): string {
  const recipients = directory.recipients.flatMap((recipient) => [
    '--recipient',
    recipient.fingerprint,
  ]);
  const encrypted = gpg.run(
    ['--trust-model', 'always', '--encrypt', ...compression, ...recipients],
    plaintext,
  );
  // Small enough for intake: only the decryption bound can stop what is inside.
  expect(encrypted.length).toBeLessThan(MiB);
  return armorBinaryMessage(encrypted);
}

/** A hand-made report: GnuPG's message in an intake body whose other fields are a reporter's. */
async function submitWithGnuPG(
  directory: VerifiedDirectory,
  plaintext: Buffer,
  compression: readonly string[],
): Promise<string> {
  const { body } = await buildSubmission(directory);
  const message = encryptWithGnuPG(directory, plaintext, compression);
  return (await submit({ ...body, message })).caseId;
}

/** A hand-made follow-up to the report with `receiptVerifier`, through the receipt API. */
async function followUpWithGnuPG(
  directory: VerifiedDirectory,
  receiptVerifier: string,
  plaintext: Buffer,
  compression: readonly string[],
): Promise<void> {
  await request(site.t.app)
    .post('/api/receipts/messages')
    .send({
      receiptVerifier,
      messageId: createMessageId(),
      message: encryptWithGnuPG(directory, plaintext, compression),
    })
    .expect(201);
}

beforeAll(async () => {
  site = await startReporterSite('e2e-compression-bomb', {
    caseworkers: 1,
    env: { INTAKE_MAX_BODY_BYTES: String(DEPLOYMENT_LIMIT_BYTES) },
  });
  const { t } = site;
  const desk = await caseworkerWithServiceVettedKey(t, 'caseworker.bombs', KEY_PASSPHRASE);
  caseworker = desk.staff;
  const { directory } = desk;
  for (const recipient of directory.recipients) gpg.run(['--import'], recipient.publicKey);

  const normalOne = await submit(
    (await buildSubmission(directory, { report: ordinaryReport('TEST ONLY canary-normal-one') }))
      .body,
  );
  caseIds.normalOne = normalOne.caseId;
  await followUpWithGnuPG(directory, normalOne.receiptVerifier, Buffer.alloc(BOMB_BYTES), ZLIB);
  caseIds.zlibBomb = await submitWithGnuPG(directory, Buffer.alloc(BOMB_BYTES), ZLIB);
  caseIds.bzip2Bomb = await submitWithGnuPG(directory, Buffer.alloc(BOMB_BYTES), BZIP2);
  const largeText = await submit({
    ...(await buildSubmission(directory)).body,
    message: encryptWithGnuPG(directory, Buffer.from(LARGE_TEXT), ZLIB),
  });
  caseIds.largeText = largeText.caseId;
  await followUpWithGnuPG(directory, largeText.receiptVerifier, Buffer.from(FOLLOW_UP_TEXT), ZLIB);
  caseIds.overLimit = await submitWithGnuPG(directory, Buffer.from(OVER_LIMIT_TEXT), ZLIB);
  caseIds.normalTwo = (
    await submit(
      (await buildSubmission(directory, { report: ordinaryReport('TEST ONLY canary-normal-two') }))
        .body,
    )
  ).caseId;

  tab = await openStaffPage(site.browser);
}, BROWSER_TEST_MS);
afterAll(async () => {
  gpg.dispose();
  await site.close();
});

/** Whether the page's main thread answers: a frozen page never returns from evaluate. */
async function pageAnswers(): Promise<boolean> {
  return await tab.page.evaluate(() => document.readyState === 'complete');
}

function summaryOf(caseId: string): string {
  return `tr.case-row[data-case-id="${caseId}"] .case-summary`;
}

async function backToInbox(): Promise<void> {
  await tab.page.click('#case-back');
  await waitForView(tab.page, 'inbox');
}

describe('compression bombs and oversize text among the reports', () => {
  test(
    'when the inbox decrypts its page then ordinary reports show and each bomb says it cannot be shown safely, with its case reference',
    async () => {
      const { page } = tab;
      await signInAtDesk(site, page, caseworker);
      await unlockInInbox(page, KEY_PASSPHRASE);

      for (const [caseId, canary] of [
        [caseIds.normalOne, 'canary-normal-one'],
        [caseIds.normalTwo, 'canary-normal-two'],
      ] as const) {
        expect(await page.getAttribute(summaryOf(caseId), 'data-state')).toBe('decrypted');
        expect(await page.textContent(summaryOf(caseId))).toContain(`TEST ONLY ${canary}`);
      }
      for (const caseId of [caseIds.zlibBomb, caseIds.bzip2Bomb, caseIds.overLimit]) {
        expect(await page.getAttribute(summaryOf(caseId), 'data-state')).toBe('too-large');
        expect(await page.textContent(`${summaryOf(caseId)} code`)).toBe(caseId.slice(0, 8));
      }
      // The 12 MiB text is within this deployment's limit: its beginning is the preview.
      expect(await page.getAttribute(summaryOf(caseIds.largeText), 'data-state')).toBe('decrypted');
      expect(await page.getAttribute(summaryOf(caseIds.largeText), 'data-long')).toBe('true');
      expect(await page.textContent(`${summaryOf(caseIds.largeText)} .decrypted`)).toContain(
        'TEST ONLY line 0000001 ئۇيغۇرچە تېكىست of a hand-made text',
      );
      expect(await pageAnswers()).toBe(true);
      expect(await auditAccessibility(page, 'inbox with bombs')).toEqual([]);
    },
    BROWSER_TEST_MS,
  );

  test('when searching the inbox then the long text is searched only at its beginning', async () => {
    const { page } = tab;
    const shownRows = async (query: string): Promise<string[]> => {
      await page.fill('#inbox-search', query);
      return await page
        .locator('#inbox-table tr.case-row:not([hidden])')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id') ?? ''));
    };
    expect(await shownRows('canary-normal-two')).toEqual([caseIds.normalTwo]);
    expect(await shownRows('line 0000002 hand-made')).toEqual([caseIds.largeText]);
    // The inbox never read the end of 12 MiB: the last line is not searched.
    expect(await shownRows(LARGE_TEXT_END)).toEqual([]);
    await page.fill('#inbox-search', '');
  });

  test(
    'when a bomb case is opened then it shows the notice, and the page still opens another case',
    async () => {
      const { page } = tab;
      await page.fill('#inbox-search', '');
      for (const bomb of [caseIds.zlibBomb, caseIds.bzip2Bomb]) {
        expect(await openCase(page, bomb)).toBe('too-large');
        expect(await page.textContent('#case-report-too-large code')).toBe(bomb.slice(0, 8));
        expect(await page.locator('#case-report .answer').count()).toBe(0);
        expect(await pageAnswers()).toBe(true);
        await backToInbox();
      }
      expect(await openCase(page, caseIds.normalOne)).toBe('decrypted');
      expect(await page.textContent('.answer[data-answer="whatHappened"] .answer-text')).toBe(
        'TEST ONLY canary-normal-one',
      );
      // Its follow-up is a bomb too: marked, and the rest of the case reads as usual.
      const followUp = page.locator('#thread-list li[data-kind="follow-up"]');
      await followUp.waitFor();
      expect(await followUp.getAttribute('data-state')).toBe('undecryptable');
      expect(await pageAnswers()).toBe(true);
      await backToInbox();
    },
    BROWSER_TEST_MS,
  );

  test(
    'when the 12 MiB text is opened then the page holds one bounded piece of it, and "Show more" adds the next',
    async () => {
      const { page } = tab;
      expect(await openCase(page, caseIds.largeText)).toBe('decrypted');
      // The page lays the text out and answers: the whole text in one node would hold it for minutes.
      expect(await pageAnswers()).toBe(true);
      // The whole document holds about one piece of the report and one of the follow-up.
      expect(await page.evaluate(() => document.body.textContent?.length ?? 0)).toBeLessThan(
        3 * TEXT_PIECE_CHARS,
      );
      const followUp = page.locator('#thread-list li[data-kind="follow-up"] .message-text');
      const followUpShown = (await followUp.textContent()) ?? '';
      expect(followUpShown.length).toBeGreaterThan(0);
      expect(followUpShown.length).toBeLessThanOrEqual(TEXT_PIECE_CHARS);
      expect(FOLLOW_UP_TEXT.startsWith(followUpShown)).toBe(true);
      expect(
        await page
          .locator('#thread-list li[data-kind="follow-up"] [data-action="show-more"]')
          .count(),
      ).toBe(1);
      const box = page.locator('.answer[data-answer="plaintext"] .answer-text');
      expect(await box.getAttribute('data-total-chars')).toBe(String(LARGE_TEXT.length));
      const first = (await box.textContent()) ?? '';
      expect(first.length).toBeGreaterThan(0);
      expect(first.length).toBeLessThanOrEqual(TEXT_PIECE_CHARS);
      expect(LARGE_TEXT.startsWith(first)).toBe(true);

      await page.click('.answer[data-answer="plaintext"] [data-action="show-more"]');
      await box.locator('.text-piece').nth(1).waitFor();
      const two = (await box.textContent()) ?? '';
      expect(two.length).toBeGreaterThan(first.length);
      expect(two.length).toBeLessThanOrEqual(2 * TEXT_PIECE_CHARS);
      expect(LARGE_TEXT.startsWith(two)).toBe(true);
      expect(two).not.toContain(LARGE_TEXT_END);
      expect(await pageAnswers()).toBe(true);
      expect(await auditAccessibility(page, 'long text in pieces')).toEqual([]);
      await backToInbox();
    },
    BROWSER_TEST_MS,
  );
});
