/**
 * What a person typed, and what the view last said to them, carried across a language switch.
 * The switch draws the view on screen anew with the new texts (shell.ts), so without this a
 * reply or note draft, a filter typed but not applied or a half-filled form would be lost, and
 * so would the outcome of what they just did ("saved", or why it was refused). Controls and
 * lines are matched by id; a view that draws them later (a case once decrypted) gets them filled
 * when they appear, until the next view or the next action the person starts, whichever comes
 * first: what an action draws after the switch is what it produced. Secrets are not carried: a
 * password, passphrase or one-time code (authenticator or recovery code) is short-lived by
 * design (views clear it after use), and the person types it again. Nor is what nobody typed: a
 * read-only or disabled control holds what the view put there (an invitation link).
 */
import { element } from '../../shared/dom';
import { nextActionStarts } from '../controls';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

interface Typed {
  readonly kind: string;
  readonly value: string;
  readonly checked: boolean;
}

const NOT_CARRIED = new Set(['password', 'file', 'hidden', 'submit', 'button', 'reset', 'image']);

/** One-time codes (controls.ts codeInput, the recovery code), and what a view filled itself. */
const NEVER_CARRIED = '[autocomplete="one-time-code"], .code, [readonly], :disabled';

function kindOf(control: Control): string | null {
  if (control.matches(NEVER_CARRIED)) return null;
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
 * Calls `fill` with each entry of `carried` once the element of its id is in `view` (now, or as
 * soon as the view draws it), until `signal` ends (the next view) or the next action starts.
 */
function fillAsTheyAppear<T>(
  view: HTMLElement,
  carried: ReadonlyMap<string, T>,
  signal: AbortSignal,
  fill: (target: Element, entry: T) => void,
): void {
  const left = new Map(carried);
  const fillPresent = (): void => {
    for (const [id, entry] of left) {
      const target = view.querySelector(`#${CSS.escape(id)}`);
      if (target === null) continue;
      left.delete(id);
      fill(target, entry);
    }
    if (left.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(fillPresent);
  observer.observe(view, { childList: true, subtree: true });
  for (const until of [signal, nextActionStarts()]) {
    until.addEventListener('abort', () => observer.disconnect(), { once: true });
  }
  fillPresent();
}

/**
 * Puts `typed` back into the controls of the same id and kind in `view`, each once. The new
 * view was drawn from the same state as the one replaced, so what the person had on screen is
 * the newest value. An 'input' event tells a view that tracks its controls.
 */
export function restoreTyped(
  view: HTMLElement,
  typed: ReadonlyMap<string, Typed>,
  signal: AbortSignal,
): void {
  fillAsTheyAppear(view, typed, signal, (target, entry) => {
    if (!target.matches('input, textarea, select')) return;
    const control = target as Control;
    if (kindOf(control) !== entry.kind || !offers(control, entry.value)) return;
    if (isChoice(control)) {
      if (control.checked === entry.checked) return;
      control.checked = entry.checked;
    } else {
      if (control.value === entry.value) return;
      control.value = entry.value;
    }
    control.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** An outcome line: a problem (alert) or status line with an id (controls.ts). */
const OUTCOME_LINES = '[role="alert"][id], [role="status"][id]';

/** What `view`'s outcome lines say, before the view is drawn anew. */
export function saidIn(view: HTMLElement): Map<string, string> {
  const said = new Map<string, string>();
  for (const line of view.querySelectorAll(OUTCOME_LINES)) {
    const text = line.textContent ?? '';
    if (text !== '') said.set(line.id, text);
  }
  return said;
}

/**
 * Says `said` again in the outcome lines of the same id in `view` that the new view left empty
 * (a line the new view fills itself, a count or "loading", is newer). The words are those of
 * the language before: they are marked with it (`lang`), for screen readers to pronounce them.
 */
export function restoreSaid(
  view: HTMLElement,
  said: ReadonlyMap<string, string>,
  saidInLanguage: string,
  signal: AbortSignal,
): void {
  fillAsTheyAppear(view, said, signal, (line, text) => {
    if (!line.matches(OUTCOME_LINES) || (line.textContent ?? '') !== '') return;
    line.replaceChildren(element('span', { lang: saidInLanguage, dir: 'auto' }, [text]));
  });
}
