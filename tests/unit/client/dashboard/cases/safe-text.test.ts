import {
  displayFileName,
  displayText,
  isPreviewable,
  matchesSearch,
  previewText,
  safeFileName,
} from '../../../../../client/dashboard/cases/safe-text';

const RLO = '\u202E';

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

  test('when a preview is made then white space collapses and it stops after 140 code points', () => {
    const long = `${'ئ'.repeat(150)}`;
    expect(previewText(long)).toBe(`${'ئ'.repeat(140)}…`);
    expect(previewText('  two\n\nlines  ')).toBe('two lines');
    expect(previewText(`x${RLO}y`)).toBe('x⟨U+202E⟩y');
    // Astral characters count once and are never cut in half.
    expect([...previewText('😀'.repeat(141))]).toHaveLength(141);
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

  test('when searching then every word must occur, in any case, ignoring bidi controls', () => {
    expect(matchesSearch('Pressure from the EMBASSY in Ankara', 'embassy ankara')).toBe(true);
    expect(matchesSearch('Pressure from the embassy', 'embassy istanbul')).toBe(false);
    expect(matchesSearch(`ئەل${RLO}چىخانا`, 'ئەلچىخانا')).toBe(true);
    expect(matchesSearch('anything', '   ')).toBe(true);
  });
});
