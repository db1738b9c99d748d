import {
  displayFileName,
  displayText,
  isPreviewable,
  matchesSearch,
  MAX_SEARCH_CHARS,
  previewText,
  safeFileName,
  searchableText,
} from '../../../../../client/dashboard/cases/safe-text';

const RLO = '\u202E';
const ZWSP = '\u200B';
const ZWNJ = '\u200C';
const ZWJ = '\u200D';
/** Uyghur "ئامانەت" split by a ZWNJ between two Arabic-script letters. */
const UYGHUR_WITH_ZWNJ = `ئامان${ZWNJ}ەت`;

describe('decrypted text on screen', () => {
  test('when text carries bidi embeddings, overrides or isolates then each is shown as its code point', () => {
    expect(displayText(`a${RLO}b\u202Ac\u2066d\u2069e`)).toBe(
      'a⟨U+202E⟩b⟨U+202A⟩c⟨U+2066⟩d⟨U+2069⟩e',
    );
  });

  test('when text has line breaks, tabs and Uyghur letters then they are kept; stray controls are shown', () => {
    expect(displayText('ئامانەت\n\tline 2')).toBe('ئامانەت\n\tline 2');
    expect(displayText('bell\u0007null\u0000')).toBe('bell⟨U+0007⟩null⟨U+0000⟩');
  });

  test('when a file name hides its extension with an RTL override then the override is visible', () => {
    expect(displayFileName(`invoice${RLO}fdp.exe`)).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(displayFileName('a\u200Fb\u200Bc\nd')).toBe('a⟨U+200F⟩b⟨U+200B⟩c⟨U+000A⟩d');
  });

  test.each([
    ['zero-width space', ZWSP, '⟨U+200B⟩'],
    ['word joiner', '\u2060', '⟨U+2060⟩'],
    ['byte order mark inside the text', '\uFEFF', '⟨U+FEFF⟩'],
    ['soft hyphen', '\u00AD', '⟨U+00AD⟩'],
    ['left-to-right mark', '\u200E', '⟨U+200E⟩'],
    ['right-to-left mark', '\u200F', '⟨U+200F⟩'],
    ['Arabic letter mark', '\u061C', '⟨U+061C⟩'],
    ['invisible times', '\u2062', '⟨U+2062⟩'],
    ['Mongolian vowel separator', '\u180E', '⟨U+180E⟩'],
    ['tag letter A (hidden text)', '\u{E0041}', '⟨U+E0041⟩'],
    ['Hangul filler (an invisible letter)', '\u3164', '⟨U+3164⟩'],
    ['zero-width joiner between Latin letters', ZWJ, '⟨U+200D⟩'],
    ['zero-width non-joiner between Latin letters', ZWNJ, '⟨U+200C⟩'],
  ])('when running text hides a %s then it is shown as its code point', (_name, hidden, marker) => {
    expect(displayText(`pay${hidden}pal`)).toBe(`pay${marker}pal`);
  });

  test('when text holds line or paragraph separators then each is shown and still breaks the line', () => {
    expect(displayText('one\u2028two\u2029three')).toBe('one⟨U+2028⟩\ntwo⟨U+2029⟩\nthree');
  });

  test('when a ZWNJ or ZWJ shapes Arabic-script letters or joins an emoji then it is kept as it is', () => {
    expect(displayText(UYGHUR_WITH_ZWNJ)).toBe(UYGHUR_WITH_ZWNJ);
    // After a haraka (a combining mark written with Arabic letters), too.
    expect(displayText(`بَ${ZWNJ}ب`)).toBe(`بَ${ZWNJ}ب`);
    expect(displayText(`ب${ZWJ}ب`)).toBe(`ب${ZWJ}ب`);
    const family = `👨${ZWJ}👩${ZWJ}👧`;
    expect(displayText(family)).toBe(family);
  });

  test('when a joiner is doubled, at a word edge or between scripts then it is made visible', () => {
    expect(displayText(`ئامان${ZWNJ}${ZWNJ}ەت`)).toBe('ئامان⟨U+200C⟩⟨U+200C⟩ەت');
    expect(displayText(`ئامانەت${ZWNJ} x`)).toBe('ئامانەت⟨U+200C⟩ x');
    expect(displayText(`${ZWNJ}ئامانەت`)).toBe('⟨U+200C⟩ئامانەت');
    expect(displayText(`ئ${ZWNJ}a`)).toBe('ئ⟨U+200C⟩a');
    expect(displayText(`👨${ZWJ}a`)).toBe('👨⟨U+200D⟩a');
  });

  test.each([
    ['variation selector 1', '\uFE00', '⟨U+FE00⟩'],
    ['text presentation selector', '\uFE0E', '⟨U+FE0E⟩'],
    ['emoji presentation selector', '\uFE0F', '⟨U+FE0F⟩'],
    ['ideographic variation selector', '\u{E0100}', '⟨U+E0100⟩'],
    ['last ideographic variation selector', '\u{E01EF}', '⟨U+E01EF⟩'],
    ['combining grapheme joiner', '\u034F', '⟨U+034F⟩'],
    ['Mongolian free variation selector one', '\u180B', '⟨U+180B⟩'],
    ['Mongolian free variation selector four', '\u180F', '⟨U+180F⟩'],
    ['Khmer inherent vowel (default-ignorable)', '\u17B4', '⟨U+17B4⟩'],
  ])(
    'when running text hides a %s between Latin letters then it is shown as its code point',
    (_name, hidden, marker) => {
      expect(displayText(`pay${hidden}pal`)).toBe(`pay${marker}pal`);
    },
  );

  test('when a selector draws an emoji, a keycap or a Mongolian letter form then it is kept; anywhere else it is shown', () => {
    for (const drawn of [
      '❤\uFE0F',
      '☎\uFE0E',
      '1\uFE0F\u20E3',
      '#\uFE0F\u20E3',
      '🏳\uFE0F\u200D🌈',
    ]) {
      expect(displayText(drawn)).toBe(drawn);
    }
    // "ᠭᠠ" with a free variation selector after its first letter: a written form, kept.
    expect(displayText('\u182D\u180B\u1820')).toBe('\u182D\u180B\u1820');
    // A digit is no emoji without its keycap; selectors doubled or after a selector are not drawn.
    expect(displayText('12\uFE0F3')).toBe('12⟨U+FE0F⟩3');
    expect(displayText('❤\uFE0F\uFE0F')).toBe('❤\uFE0F⟨U+FE0F⟩');
    expect(displayText('\u182D\u180B\u180B')).toBe('\u182D\u180B⟨U+180B⟩');
    expect(displayText('a\u180Bb')).toBe('a⟨U+180B⟩b');
    // An ideographic variation selector is always shown, even after an ideograph.
    expect(displayText('葛\u{E0100}')).toBe('葛⟨U+E0100⟩');
  });

  test('whatever the search ignores is shown as a marker when it stands alone', () => {
    const unmarked: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCodePoint(code);
      // Alone, with no letter or emoji around it, no joiner or selector is kept for its context.
      if (searchableText(character) === '' && displayText(character) === character) {
        unmarked.push(code.toString(16));
      }
    }
    expect(unmarked).toEqual([]);
  });

  test('when a file name hides a joiner then it is shown even between Arabic-script letters', () => {
    expect(displayFileName(`${UYGHUR_WITH_ZWNJ}.pdf`)).toBe('ئامان⟨U+200C⟩ەت.pdf');
    expect(displayFileName('a\u00ADb\u{E0041}c')).toBe('a⟨U+00AD⟩b⟨U+E0041⟩c');
    expect(displayFileName('❤\uFE0F\u034F.jpg')).toBe('❤⟨U+FE0F⟩⟨U+034F⟩.jpg');
  });

  test('when a preview is made then white space collapses and it stops after 140 code points', () => {
    const long = `${'ئ'.repeat(150)}`;
    expect(previewText(long)).toBe(`${'ئ'.repeat(140)}…`);
    expect(previewText('  two\n\nlines  ')).toBe('two lines');
    expect(previewText(`x${RLO}y`)).toBe('x⟨U+202E⟩y');
    // Astral characters count once and are never cut in half.
    expect([...previewText('😀'.repeat(141))]).toHaveLength(141);
    expect(previewText(`pay${ZWSP}pal`)).toBe('pay⟨U+200B⟩pal');
  });

  test('when the text is megabytes long then the preview reads only its beginning', () => {
    expect(previewText(`${' '.repeat(8 * 1024 * 1024)}hidden`)).toBe('…');
    expect(previewText(`start ${'x '.repeat(8 * 1024 * 1024)}`)).toBe(`start ${'x '.repeat(67)}…`);
  });
});

describe('the safe file name rule', () => {
  test.each([
    ['photo.jpg', 'photo.jpg'],
    ['Scan 2025-11-02.PDF', 'Scan_2025-11-02.pdf'],
    ['page.html', 'page_html.bin'],
    ['page.HTM', 'page_htm.bin'],
    ['drawing.svg', 'drawing_svg.bin'],
    ['x.xhtml', 'x_xhtml.bin'],
    ['script.js', 'script_js.bin'],
    ['invoice.pdf.exe', 'invoice_pdf_exe.bin'],
    [`invoice${RLO}fdp.exe`, 'invoice_fdp_exe.bin'],
    ['.bashrc', 'bashrc.bin'],
    ['...', 'attachment.bin'],
    ['', 'attachment.bin'],
    ['ئەرز.pdf', 'attachment.pdf'],
    ['NUL.txt', 'attachment.txt'],
    ['a/b\\c:d.txt', 'a_b_c_d.txt'],
    ['notes', 'notes.bin'],
    ['trailing.', 'trailing.bin'],
  ])('%j is saved as %j', (name, expected) => {
    expect(safeFileName(name)).toBe(expected);
  });

  test('when a name is long then it is cut to 100 characters and keeps its extension', () => {
    const saved = safeFileName(`${'a'.repeat(300)}.pdf`);
    expect(saved).toHaveLength(100);
    expect(saved.endsWith('.pdf')).toBe(true);
  });

  test('whatever the name, the result uses the safe alphabet and never ends in a web extension', () => {
    const hostile = [
      `evil${RLO}lmth.txt`,
      'x.html.',
      'x.html ',
      'x.svg\u0000',
      'x.js\u200B',
      '\u202Ex.htm',
      'CON',
      '-rf .html',
    ];
    for (const name of hostile) {
      const saved = safeFileName(name);
      expect(saved).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
      expect(saved).not.toMatch(/\.(html?|svg|xhtml|js)$/i);
    }
  });
});

describe('previews and search', () => {
  test('when a manifest names a raster image then it may be previewed; anything else may not', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp', 'image/gif', ' IMAGE/PNG '])
      expect(isPreviewable(type)).toBe(true);
    for (const type of ['image/svg+xml', 'text/html', 'application/pdf', '', 'image/jpeg; x'])
      expect(isPreviewable(type)).toBe(false);
  });

  const matches = (text: string, query: string): boolean =>
    matchesSearch(searchableText(text), query);

  test('when searching then every word must occur, in any case, ignoring bidi controls', () => {
    expect(matches('Pressure from the EMBASSY in Ankara', 'embassy ankara')).toBe(true);
    expect(matches('Pressure from the embassy', 'embassy istanbul')).toBe(false);
    expect(matches(`ئەل${RLO}چىخانا`, 'ئەلچىخانا')).toBe(true);
    expect(matches('anything', '   ')).toBe(true);
  });

  test('when a word hides invisible format characters then the search still finds it', () => {
    expect(matches(`a${ZWSP}bc`, 'abc')).toBe(true);
    expect(matches('a\u00ADb\u2060c\uFEFFd', 'abcd')).toBe(true);
    expect(matches(`x a\u{E0041}bc`, 'abc')).toBe(true);
    expect(matches('pay\uFE0Fpa\u034Fl\u{E0100}', 'paypal')).toBe(true);
    expect(matches(UYGHUR_WITH_ZWNJ, 'ئامانەت')).toBe(true);
    // Typed with the invisible character, the query finds the plain word too.
    expect(matches('ئامانەت', UYGHUR_WITH_ZWNJ)).toBe(true);
    expect(matches('abc', `a${ZWSP}bc`)).toBe(true);
    // A mark separated from its letter by a zero-width space still composes (NFKC).
    expect(matches(`cafe${ZWSP}\u0301`, 'café')).toBe(true);
    expect(matches(`a${ZWSP}bd`, 'abc')).toBe(false);
  });

  test('when a line separator splits two words then the search sees two words', () => {
    expect(matches('police\u2028visit', 'police visit')).toBe(true);
    expect(matches('police\u2028visit', 'policevisit')).toBe(false);
  });

  test('when a text is longer than the search reads then only its beginning is searched', () => {
    const text = `${'a '.repeat(MAX_SEARCH_CHARS)}needle`;
    expect(searchableText(text).length).toBeLessThanOrEqual(MAX_SEARCH_CHARS);
    expect(matches(text, 'needle')).toBe(false);
    expect(matches(`needle ${text}`, 'needle')).toBe(true);
  });
});
