/**
 * Decrypted text is attacker-controlled (SECURITY.md "Threat model": malicious reports aimed at
 * caseworkers). It is only ever shown through textContent; on top of that, the characters that
 * change how text is *displayed* without being seen are made visible, so a right-to-left
 * override cannot disguise `invoice‮fdp.exe` as `invoiceexe.pdf`, a zero-width space cannot
 * make two different words look the same, and file names saved to disk are rebuilt from a small
 * safe alphabet.
 */
import { headOf } from './text-pieces';

/**
 * Scripts whose letters join or form conjuncts, where ZWNJ and ZWJ choose a visible shape
 * rather than hide anything: Uyghur, Persian, Urdu and the other Arabic-script languages break
 * a join inside a word with ZWNJ; Syriac, Thaana, N'Ko, Mongolian and the Brahmic scripts use
 * both. Script_Extensions also covers the combining marks (harakat) written with these letters.
 */
const JOINING_SCRIPTS = [
  'Arabic',
  'Syriac',
  'Thaana',
  'Nko',
  'Mongolian',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
]
  .map((script) => String.raw`\p{scx=${script}}`)
  .join('');
const JOINING_LETTER = new RegExp(`^[${JOINING_SCRIPTS}]$`, 'u');
const EMOJI_BEFORE_ZWJ = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const EMOJI_AFTER_ZWJ = /^\p{Extended_Pictographic}$/u;
/** A pictograph that U+FE0E/U+FE0F may ask to draw as text or as an emoji. */
const PICTOGRAPH = /^\p{Extended_Pictographic}$/u;
/** What a keycap emoji starts with (1, U+FE0F, U+20E3 is the keycap 1). */
const KEYCAP_BASE = /^[0-9#*]$/;
const KEYCAP = '\u20E3';
const MONGOLIAN = /^\p{scx=Mongolian}$/u;
const LETTER = /^\p{L}$/u;
/** The Mongolian free variation selectors: they pick a letter's written form. */
const MONGOLIAN_FVS = /^[\u180B-\u180D\u180F]$/;

/**
 * Invisible characters in running text, each shown as ⟨U+XXXX⟩: every format character
 * (general category Cf: bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width space,
 * ZWNJ/ZWJ unless keptJoiner, word joiner, BOM, soft hyphen, invisible operators, tag characters
 * that can smuggle hidden text), every other default-ignorable code point (the Hangul fillers,
 * invisible letters; the variation selectors U+FE00-FE0F and U+E0100-E01EF and the Mongolian
 * free variation selectors unless keptSelector; U+034F COMBINING GRAPHEME JOINER; the Khmer
 * inherent vowels; unassigned ones), and the line and paragraph separators U+2028/U+2029 (shown,
 * then followed by a real line break). So what is marked is exactly what the search ignores
 * (SEARCH_IGNORED), except the joiners and selectors kept because they change what is seen.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu;

/** The code point that ends just before `index` in `text` ('' at the start). */
function codePointBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return start < 0 ? '' : text.slice(start, index);
}

/** The code point that starts at `index` in `text` ('' at the end). */
function codePointFrom(text: string, index: number): string {
  const code = text.codePointAt(index);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/**
 * Whether the ZWNJ/ZWJ at `index` is kept as it is: between two letters of a joining script, or
 * a ZWJ inside an emoji sequence (man, ZWJ, woman, ZWJ, girl is one family emoji). Anywhere else
 * (Latin or Cyrillic text, the edge of a word, doubled) it changes nothing a reader can see but
 * can make two different words look the same, so it is made visible.
 */
function keptJoiner(character: string, index: number, text: string): boolean {
  if (character !== '\u200C' && character !== '\u200D') return false;
  const before = codePointBefore(text, index);
  const after = codePointFrom(text, index + 1);
  if (JOINING_LETTER.test(before) && JOINING_LETTER.test(after)) return true;
  return character === '\u200D' && EMOJI_BEFORE_ZWJ.test(before) && EMOJI_AFTER_ZWJ.test(after);
}

/**
 * Whether the variation selector at `index` is kept as it is: U+FE0E/U+FE0F right after a
 * pictograph (☎️ drawn as an emoji, ☎︎ as text) or between a keycap base and U+20E3 (1️⃣), and a
 * Mongolian free variation selector right after a Mongolian letter, where it picks the letter's
 * written form. Anywhere else a selector changes nothing a reader can see (a variation nobody
 * defined, a selector after Latin letters or doubled) but can make two different texts look the
 * same, so it is made visible; the ideographic variation selectors (U+E0100-E01EF) always are.
 */
function keptSelector(character: string, index: number, text: string): boolean {
  const before = codePointBefore(text, index);
  if (character === '\uFE0E' || character === '\uFE0F') {
    const after = codePointFrom(text, index + 1);
    return PICTOGRAPH.test(before) || (KEYCAP_BASE.test(before) && after === KEYCAP);
  }
  return MONGOLIAN_FVS.test(character) && MONGOLIAN.test(before) && LETTER.test(before);
}

/**
 * In file names, additionally every other invisible or line-breaking character: C0/C1 controls,
 * every format character and default-ignorable code point (joiners and selectors included: a
 * file name is not running text) and the line and paragraph separators.
 */
const FILE_NAME_INVISIBLES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001F\u007F-\u009F\p{Cf}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu;

/** Control characters in running text other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** What search ignores: every format character and default-ignorable code point. */
const SEARCH_IGNORED = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

function visibleCodePoint(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/**
 * Decrypted text for display: invisible format characters and stray control characters made
 * visible (joiners that shape a joining script or an emoji, and selectors that pick how an
 * emoji or a Mongolian letter is drawn, kept). Callers pass bounded pieces of text
 * (text-pieces.ts), never a whole decrypted message of unknown size.
 */
export function displayText(text: string): string {
  return text
    .replace(INVISIBLE, (character: string, index: number, whole: string) => {
      if (keptJoiner(character, index, whole) || keptSelector(character, index, whole)) {
        return character;
      }
      const marker = visibleCodePoint(character);
      return character === '\u2028' || character === '\u2029' ? `${marker}\n` : marker;
    })
    .replace(TEXT_CONTROLS, visibleCodePoint);
}

/** A file name from a manifest for display: every invisible character made visible, one line. */
export function displayFileName(name: string): string {
  const shown = name.replace(FILE_NAME_INVISIBLES, visibleCodePoint);
  return [...shown].length > 200 ? `${[...shown].slice(0, 200).join('')}…` : shown;
}

/** The most of a text a preview looks at: enough for `limit` code points after collapsing. */
const PREVIEW_SCAN_CHARS = 4096;

/**
 * A one-line preview: white space collapsed, invisible and control characters made visible, cut
 * after `limit` code points (with an ellipsis). Only the first PREVIEW_SCAN_CHARS of `text` are
 * read, however long it is.
 */
export function previewText(text: string, limit = 140): string {
  const head = text.length > PREVIEW_SCAN_CHARS ? `${headOf(text, PREVIEW_SCAN_CHARS)}…` : text;
  const oneLine = head.replace(/\s+/g, ' ').trim();
  const points = [...oneLine];
  const cut = points.length > limit ? `${points.slice(0, limit).join('')}…` : oneLine;
  return displayText(cut);
}

/**
 * Extensions kept as they are when saving: passive documents and media that caseworkers open
 * every day. Anything else keeps its name but is saved as `.bin`, so no browser, file manager
 * or shell treats it as a page, script, shortcut or program when it is double-clicked.
 */
export const KEPT_EXTENSIONS: ReadonlySet<string> = new Set([
  'pdf',
  'txt',
  'jpg',
  'jpeg',
  'png',
  'webp',
  'gif',
  'heic',
  'mp3',
  'm4a',
  'ogg',
  'opus',
  'wav',
  'mp4',
  'webm',
  'mov',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
]);

const MAX_FILE_NAME = 100;
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * The name a decrypted attachment is saved under. The rule:
 * 1. Only ASCII letters, digits, `.`, `-` and `_`; every other character (including bidi
 *    controls and non-Latin letters, whose display order can be reversed) becomes `_`, and runs
 *    of `_` collapse to one.
 * 2. The last extension is kept only if it is in KEPT_EXTENSIONS (lower-cased); otherwise it is
 *    folded into the name and `.bin` is appended (`page.html` → `page_html.bin`,
 *    `invoice‮fdp.exe` → `invoice_fdp_exe.bin`). So the result never ends in .html, .htm,
 *    .svg, .xhtml, .js or any executable extension.
 * 3. No leading or trailing dots, dashes or underscores; an empty or device-like name (CON, NUL…)
 *    becomes `attachment`.
 * 4. At most 100 characters, the extension included (the stem is shortened).
 */
export function safeFileName(name: string): string {
  const ascii = name
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/_+/g, '_');
  const lastDot = ascii.lastIndexOf('.');
  let stem = lastDot > 0 ? ascii.slice(0, lastDot) : ascii;
  const extension = lastDot > 0 ? ascii.slice(lastDot + 1).toLowerCase() : '';
  let suffix: string;
  if (KEPT_EXTENSIONS.has(extension)) {
    suffix = extension;
  } else {
    if (extension !== '') stem = `${stem}_${extension}`;
    suffix = 'bin';
  }
  stem = stem
    .replace(/\./g, '_')
    .replace(/_+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
  if (stem === '' || WINDOWS_DEVICE_NAMES.test(stem)) stem = 'attachment';
  stem = stem.slice(0, MAX_FILE_NAME - suffix.length - 1).replace(/[._-]+$/, '') || 'attachment';
  return `${stem}.${suffix}`;
}

/** Manifest types that may be previewed: raster formats the browser decodes into a canvas. */
export const PREVIEWABLE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
]);

export function isPreviewable(type: string): boolean {
  return PREVIEWABLE_TYPES.has(type.trim().toLowerCase());
}

/** The most of a row's decrypted text the search looks in (its beginning). */
export const MAX_SEARCH_CHARS = 64 * 1024;

/**
 * A row's decrypted text prepared once for matchesSearch: at most MAX_SEARCH_CHARS of it,
 * folded (invisible characters dropped, NFKC, lower case), so `abc` finds `a\u200Bbc` and a
 * bidi override cannot split a word.
 */
export function searchableText(text: string): string {
  return fold(headOf(text, MAX_SEARCH_CHARS));
}

/**
 * Whether a row matches the in-browser search: every word of `query` occurs in `searchable`
 * (made by searchableText), case-insensitive, in any order.
 */
export function matchesSearch(searchable: string, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return words.every((word) => searchable.includes(word));
}

function fold(text: string): string {
  // Ignorables go first, so that NFKC composes a letter with a mark they separated.
  return text.replace(SEARCH_IGNORED, '').normalize('NFKC').toLocaleLowerCase();
}
