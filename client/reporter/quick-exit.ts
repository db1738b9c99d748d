/**
 * Quick exit: a link (a plain link to the neutral site in the pre-rendered page, so it works
 * before any script ran and without JavaScript), or Esc pressed twice within a second, blanks the
 * page and replaces it with a neutral site. `location.replace` leaves no entry of ours behind, and the
 * page never pushes history entries (language changes replace too), so Back does not return here.
 */
import { releaseEveryHold } from './leave-guard';

const ESC_WINDOW_MS = 1000;

export function leaveNow(neutralUrl: string): void {
  // Safety: no "leave this page?" question, even with a report still waiting to be sent.
  releaseEveryHold();
  document.title = '';
  document.body.replaceChildren();
  window.location.replace(neutralUrl);
}

function listenForDoubleEscape(neutralUrl: string): void {
  let lastEscape = 0;
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const now = performance.now();
    if (now - lastEscape < ESC_WINDOW_MS) leaveNow(neutralUrl);
    lastEscape = now;
  });
}

/** Makes the pre-rendered quick exit link leave without a history entry of ours. */
export function attachQuickExit(link: HTMLAnchorElement, neutralUrl: string): void {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    leaveNow(neutralUrl);
  });
  listenForDoubleEscape(neutralUrl);
}
