/**
 * What a person typed, carried across a language switch. The switch draws the view on screen
 * anew with the new texts (shell.ts), so without this a reply or note draft, a filter typed but
 * not applied or a half-filled form would be lost. Controls are matched by id and kind; a view
 * that draws its controls later (a case once decrypted) gets them filled when they appear.
 * Secrets are not carried: a password or passphrase field is short-lived by design (views clear
 * it after use), and the person types it again.
 */

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

interface Typed {
  readonly kind: string;
  readonly value: string;
  readonly checked: boolean;
}

const NOT_CARRIED = new Set(['password', 'file', 'hidden', 'submit', 'button', 'reset', 'image']);

function kindOf(control: Control): string | null {
  if (control instanceof HTMLInputElement) {
    return NOT_CARRIED.has(control.type) ? null : `input:${control.type}`;
  }
  return control.tagName.toLowerCase();
}

function isChoice(control: Control): control is HTMLInputElement {
  return control instanceof HTMLInputElement && ['checkbox', 'radio'].includes(control.type);
}

/** A list offers the value (a value it lacks would blank it); any other control takes any. */
function offers(control: Control, value: string): boolean {
  if (!(control instanceof HTMLSelectElement)) return true;
  return Array.from(control.options).some((option) => option.value === value);
}

/** The values of `view`'s controls that have an id, before the view is drawn anew. */
export function typedIn(view: HTMLElement): Map<string, Typed> {
  const typed = new Map<string, Typed>();
  for (const control of view.querySelectorAll<Control>('input[id], textarea[id], select[id]')) {
    const kind = kindOf(control);
    if (kind === null) continue;
    typed.set(control.id, {
      kind,
      value: control.value,
      checked: isChoice(control) && control.checked,
    });
  }
  return typed;
}

/**
 * Puts `typed` back into the controls of the same id and kind in `view`, each once, as soon as
 * it appears there, until `signal` ends (the next view). The new view was drawn from the same
 * state as the one replaced, so what the person had on screen is the newest value. An 'input'
 * event tells a view that tracks its controls.
 */
export function restoreTyped(
  view: HTMLElement,
  typed: Map<string, Typed>,
  signal: AbortSignal,
): void {
  const left = new Map(typed);
  const fill = (): void => {
    for (const [id, entry] of left) {
      const control = view.querySelector<Control>(`#${CSS.escape(id)}`);
      if (control === null || !control.matches('input, textarea, select')) continue;
      left.delete(id);
      if (kindOf(control) !== entry.kind || !offers(control, entry.value)) continue;
      if (isChoice(control)) {
        if (control.checked === entry.checked) continue;
        control.checked = entry.checked;
      } else {
        if (control.value === entry.value) continue;
        control.value = entry.value;
      }
      control.dispatchEvent(new Event('input', { bubbles: true }));
    }
    if (left.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(fill);
  observer.observe(view, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  fill();
}
