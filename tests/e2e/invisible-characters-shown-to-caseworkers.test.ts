/**
 * Attack: a report that hides characters from the caseworker. Invisible format characters
 * (zero-width space, word joiner, soft hyphen, a byte order mark inside the text, tag characters
 * that spell hidden text, a Hangul filler) and the other default-ignorable code points
 * (variation selectors, the combining grapheme joiner) make "pay", U+200B, "pal" look like
 * `paypal` and slip past a search for it; a line separator breaks a line without being a line
 * break. Defence (client/dashboard/cases/safe-text.ts): in running text every such character is
 * shown as its code point, ⟨U+200B⟩, except a ZWNJ/ZWJ between two letters of a joining script
 * or inside an emoji sequence, an emoji presentation selector after a pictograph and a Mongolian
 * free variation selector after a Mongolian letter, where each shapes what is seen (Uyghur uses
 * ZWNJ); the inbox search ignores them all, so `paypal` finds the hidden one. Checked in
 * Chromium, in the inbox and the case view.
 */
import request from 'supertest';
import { caseworkerWithServiceVettedKey, signInAtDesk } from '../helpers/caseworker-desk';
import { openCase, openStaffPage, unlockInInbox, type StaffPage } from '../helpers/dashboard';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { buildSubmission, reportDocument } from '../helpers/reports';
import type { EnrolledStaff } from '../helpers/staff';

const KEY_PASSPHRASE = 'TEST ONLY invisible-characters key passphrase 8b2c';
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
/** "ئامانەت" with a ZWNJ between two of its letters: shaping, kept. */
const UYGHUR_WITH_ZWNJ = `ئامان${ZWNJ}ەت`;
const FAMILY_EMOJI = `👨${ZWJ}👩${ZWJ}👧`;
/** A red heart drawn as an emoji (U+FE0F) and a Mongolian letter in a chosen form (U+180B): kept. */
const HEART_EMOJI = '❤\uFE0F';
const MONGOLIAN_FORM = '\u182D\u180B\u1820';
const WHAT_HAPPENED = [
  'TEST ONLY pay\u200Bpal sent the message',
  'sig\u00ADnal and what\u2060sapp',
  'hidden\u{E0041}\u{E0042}tags and a\uFEFFbom and a\u3164filler',
  `first line\u2028second line, ${UYGHUR_WITH_ZWNJ} ${FAMILY_EMOJI}`,
  `latin joiner: e${ZWNJ}mbassy`,
  `selectors: tele\uFE0Fgram, vi\u034Fber, wec\u{E0100}hat, ${HEART_EMOJI} ${MONGOLIAN_FORM}`,
].join('\n');
/** What the caseworker must see, written out (not computed with the code under test). */
const SHOWN = [
  'TEST ONLY pay⟨U+200B⟩pal sent the message',
  'sig⟨U+00AD⟩nal and what⟨U+2060⟩sapp',
  'hidden⟨U+E0041⟩⟨U+E0042⟩tags and a⟨U+FEFF⟩bom and a⟨U+3164⟩filler',
  `first line⟨U+2028⟩\nsecond line, ${UYGHUR_WITH_ZWNJ} ${FAMILY_EMOJI}`,
  'latin joiner: e⟨U+200C⟩mbassy',
  `selectors: tele⟨U+FE0F⟩gram, vi⟨U+034F⟩ber, wec⟨U+E0100⟩hat, ${HEART_EMOJI} ${MONGOLIAN_FORM}`,
].join('\n');

let site: ReporterSite;
let caseworker: EnrolledStaff;
let tab: StaffPage;
let hidingCase: string;
let plainCase: string;

function report(whatHappened: string): object {
  return reportDocument({ country: 'TR', whatHappened });
}

beforeAll(async () => {
  site = await startReporterSite('e2e-invisible-characters', { caseworkers: 1 });
  const { t } = site;
  const desk = await caseworkerWithServiceVettedKey(t, 'caseworker.invisible', KEY_PASSPHRASE);
  caseworker = desk.staff;
  const { directory } = desk;
  const submit = async (whatHappened: string): Promise<string> => {
    const { body } = await buildSubmission(directory, { report: report(whatHappened) });
    const created = await request(t.app).post('/api/reports').send(body).expect(201);
    return (created.body as { caseId: string }).caseId;
  };
  hidingCase = await submit(WHAT_HAPPENED);
  plainCase = await submit(`TEST ONLY paypal and signal, ئامانەت, plainly written`);
  tab = await openStaffPage(site.browser);
}, 120_000);
afterAll(async () => {
  await site.close();
});

async function rowsFound(query: string): Promise<string[]> {
  await tab.page.fill('#inbox-search', query);
  return await tab.page
    .locator('#inbox-table tr.case-row:not([hidden])')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id') ?? '').sort());
}

describe('a report hides characters from the caseworker', () => {
  test('when the inbox shows it then the hidden characters are markers and the search sees through them', async () => {
    const { page } = tab;
    await signInAtDesk(site, page, caseworker);
    await unlockInInbox(page, KEY_PASSPHRASE);
    const preview = await page.textContent(
      `tr.case-row[data-case-id="${hidingCase}"] .case-summary .decrypted`,
    );
    expect(preview).toContain('TEST ONLY pay⟨U+200B⟩pal sent the message sig⟨U+00AD⟩nal');
    expect(preview).not.toMatch(/[\u200B\u00AD\u2060\uFEFF]/);

    const both = [hidingCase, plainCase].sort();
    expect(await rowsFound('paypal')).toEqual(both);
    expect(await rowsFound('signal')).toEqual(both);
    expect(await rowsFound('ئامانەت')).toEqual(both);
    expect(await rowsFound('hiddentags')).toEqual([hidingCase]);
    // Typed with the invisible character, the query finds the plain text too.
    expect(await rowsFound('pay\u200Bpal')).toEqual(both);
    expect(await rowsFound('embassy')).toEqual([hidingCase]);
    expect(await rowsFound('telegram viber wechat')).toEqual([hidingCase]);
    await page.fill('#inbox-search', '');
  }, 120_000);

  test('when the case opens then every hidden character is a marker, and joiners and selectors that shape Uyghur, an emoji or a Mongolian letter stay', async () => {
    const { page } = tab;
    await page.fill('#inbox-search', '');
    expect(await openCase(page, hidingCase)).toBe('decrypted');
    const shown = await page.textContent('.answer[data-answer="whatHappened"] .answer-text');
    expect(shown).toBe(SHOWN);
    expect(shown).toContain(UYGHUR_WITH_ZWNJ);
    expect(shown).toContain(FAMILY_EMOJI);
    expect(shown).toContain(HEART_EMOJI);
    expect(shown).toContain(MONGOLIAN_FORM);
    expect(await page.locator('.answer-text *').count()).toBe(0);
  }, 120_000);
});
