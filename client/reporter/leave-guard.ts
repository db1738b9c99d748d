/**
 * While encrypted data waits in this page's memory for the server (delivery.ts), leaving or
 * reloading the page would lose it: the browser asks first. Quick exit never asks (it releases
 * every hold before it leaves): a reporter's safety comes before the report.
 */
let holds = 0;

function askBeforeLeaving(event: BeforeUnloadEvent): void {
  event.preventDefault();
  // Older browsers need returnValue set; the text itself is never shown.
  event.returnValue = '';
}

/** Asks before the page is left until the returned function is called (once is enough). */
export function holdPage(): () => void {
  if (holds++ === 0) window.addEventListener('beforeunload', askBeforeLeaving);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds = Math.max(0, holds - 1);
    if (holds === 0) window.removeEventListener('beforeunload', askBeforeLeaving);
  };
}

/** For quick exit: drop every hold so nothing delays leaving. */
export function releaseEveryHold(): void {
  holds = 0;
  window.removeEventListener('beforeunload', askBeforeLeaving);
}
