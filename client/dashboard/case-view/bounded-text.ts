/**
 * Decrypted text on the page, bounded: a text up to TEXT_PIECE_CHARS is one text node, as
 * before; a longer one shows its first piece, and "Show more" adds the next, each piece its own
 * block (cases/text-pieces.ts). A hostile report of megabytes thus never becomes one giant text
 * node that holds the page's main thread for minutes, and the page holds only as much of it as
 * the caseworker asked to see. Every piece goes in through textContent, invisible characters
 * made visible (safe-text.ts).
 */
import { element } from '../../shared/dom';
import { displayText } from '../cases/safe-text';
import { pieceEnd } from '../cases/text-pieces';
import type { DashboardContext } from '../context';
import { button } from '../controls';

/** `className` styles the text box (answer-text for report answers, message-text in the thread). */
export function renderBoundedText(
  ctx: DashboardContext,
  text: string,
  className: 'answer-text' | 'message-text',
): HTMLElement {
  if (pieceEnd(text, 0) === text.length) {
    // Security: textContent only (element() appends a text node); never parsed as markup.
    return element('p', { class: className, dir: 'auto' }, [displayText(text)]);
  }
  const { t } = ctx;
  const numbers = new Intl.NumberFormat(ctx.locale);
  // dir=auto on the box only: every piece takes the direction of the text's beginning. The box
  // scrolls (styles.css caps its height), so it takes keyboard focus to be scrolled without a mouse.
  const box = element('div', {
    class: className,
    dir: 'auto',
    tabindex: '0',
    'data-total-chars': String(text.length),
  });
  const shown = element('p', { class: 'hint', role: 'status' });
  const more = button(t('text.more'), { 'data-action': 'show-more' });
  let position = 0;
  const addPiece = (): void => {
    const end = pieceEnd(text, position);
    box.append(element('div', { class: 'text-piece' }, [displayText(text.slice(position, end))]));
    position = end;
    box.dataset['shownChars'] = String(position);
    if (position >= text.length) {
      shown.remove();
      more.remove();
      return;
    }
    shown.textContent = t('text.shown', {
      shown: numbers.format(position),
      total: numbers.format(text.length),
    });
  };
  more.addEventListener('click', addPiece);
  addPiece();
  return element('div', { class: 'bounded-text' }, [box, shown, more]);
}
