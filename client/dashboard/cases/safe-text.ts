/**
 * Decrypted text is attacker-controlled (DESIGN.md "Adversary": malicious reports aimed at
 * caseworkers). It is only ever shown through textContent; on top of that, the characters that
 * change how text is *displayed* without being seen are made visible, so a right-to-left
 * override cannot disguise `invoice‮fdp.exe` as `invoiceexe.pdf`, and file names saved to disk
 * are rebuilt from a small safe alphabet.
 */

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what
 * follows them. Shown as ⟨U+202E⟩ in every decrypted text.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * In file names, additionally every other invisible or line-breaking character: C0/C1 controls,
 * LRM/RLM/ALM, zero-width characters, line and paragraph separators, the BOM.
 */
const FILE_NAME_INVISIBLES =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g;

/** Control characters in running text other than tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

function visibleCodePoint(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Decrypted text for display: bidi controls and stray control characters made visible. */
export function displayText(text: string): string {
  return text.replace(BIDI_CONTROLS, visibleCodePoint).replace(TEXT_CONTROLS, visibleCodePoint);
}

/** A file name from a manifest for display: every invisible character made visible, one line. */
export function displayFileName(name: string): string {
  const shown = name.replace(FILE_NAME_INVISIBLES, visibleCodePoint);
  return [...shown].length > 200 ? `${[...shown].slice(0, 200).join('')}…` : shown;
}

/**
 * A one-line preview: white space collapsed, controls made visible, cut after `limit` code
 * points (with an ellipsis).
 */
export function previewText(text: string, limit = 140): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
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

/** Whether a decrypted row matches the in-browser search (case-insensitive, any order of words). */
export function matchesSearch(haystack: string, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = fold(haystack);
  return words.every((word) => text.includes(word));
}

function fold(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase().replace(BIDI_CONTROLS, '');
}
