import {
  headOf,
  pieceEnd,
  TEXT_PIECE_CHARS,
} from '../../../../../client/dashboard/cases/text-pieces';

/** Every piece of `text`, as the case view adds them one "Show more" at a time. */
function piecesOf(text: string, size?: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length;) {
    const end = pieceEnd(text, start, size);
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

describe('long decrypted text in pieces', () => {
  test('when a text fits in one piece then it is one piece', () => {
    expect(piecesOf('short')).toEqual(['short']);
    expect(pieceEnd('x'.repeat(TEXT_PIECE_CHARS), 0)).toBe(TEXT_PIECE_CHARS);
  });

  test('when a text is longer then no piece exceeds the bound and together they are the text', () => {
    const text = 'TEST ONLY line of a long report\n'.repeat(5_000);
    const pieces = piecesOf(text);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(TEXT_PIECE_CHARS);
    expect(pieces.join('')).toBe(text);
    // Cut after a line break, so no line is split between two pieces.
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n')).toBe(true);
  });

  test('when there is no line break near the end then it is cut after a space, else at the bound', () => {
    const words = 'word '.repeat(10);
    expect(pieceEnd(words, 0, 12)).toBe(10);
    expect(pieceEnd('x'.repeat(50), 0, 12)).toBe(12);
  });

  test('when the bound falls inside a surrogate pair then the pair stays whole', () => {
    const text = `a${'😀'.repeat(30)}`;
    const pieces = piecesOf(text, 10);
    expect(pieces.join('')).toBe(text);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const piece of pieces) expect(loneSurrogate.test(piece)).toBe(false);
    expect(headOf(text, 2)).toBe('a');
    expect(headOf(text, 3)).toBe('a😀');
  });

  test('when a piece would be empty then it still moves on', () => {
    expect(pieceEnd('\n'.repeat(5), 0, 1)).toBe(1);
    expect(pieceEnd('😀', 0, 1)).toBe(1);
  });
});
