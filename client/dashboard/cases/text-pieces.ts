/**
 * Decrypted text is attacker-sized: up to the decryption bound (plaintext-bounds.ts), megabytes
 * of it. Put into the page as one text node, 12 MiB of text kept Chromium's main thread busy
 * laying it out for minutes (measured: 171 s). The dashboard therefore shows long text in
 * pieces of at most TEXT_PIECE_CHARS, each its own block, and adds the next piece only when the
 * caseworker asks for it. These helpers cut the pieces; they never copy the whole text.
 */

/** Characters (UTF-16 code units) of a decrypted text put into the page at once. */
export const TEXT_PIECE_CHARS = 20_000;

/** How far back from a piece's end a line break or space is looked for, to cut there. */
const NATURAL_CUT_WINDOW = 2_000;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The first `maxChars` code units of `text` (fewer by one rather than half a surrogate pair). */
export function headOf(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = isHighSurrogate(text.charCodeAt(maxChars - 1)) ? maxChars - 1 : maxChars;
  return text.slice(0, end);
}

/**
 * Where the piece of `text` that starts at `start` ends: at most `size` code units later, after
 * the last line break (else space) in its final NATURAL_CUT_WINDOW code units if there is one,
 * so pieces split between lines or words; never inside a surrogate pair; always past `start`.
 */
export function pieceEnd(text: string, start: number, size = TEXT_PIECE_CHARS): number {
  const limit = start + size;
  if (limit >= text.length) return text.length;
  const earliest = Math.max(start + 1, limit - NATURAL_CUT_WINDOW);
  for (const separator of ['\n', ' ']) {
    const at = text.lastIndexOf(separator, limit - 1);
    if (at + 1 >= earliest) return at + 1;
  }
  return isHighSurrogate(text.charCodeAt(limit - 1)) && limit - 1 > start ? limit - 1 : limit;
}
