/**
 * Small builders for the dashboard's accessible controls: every input has a <label>, every view
 * is a <section data-view="…"> headed by an <h2> that takes focus when the view opens. Text
 * only, through element(); no HTML strings anywhere.
 */
import { element } from '../shared/dom';
import { field } from '../shared/field';
import { normaliseCode } from './format';

/** The labelled field, shared by both front ends. */
export { field } from '../shared/field';

export function viewSection(
  name: string,
  title: string,
  children: readonly (Node | string)[] = [],
): HTMLElement {
  const headingId = `${name}-title`;
  return element('section', { 'data-view': name, 'aria-labelledby': headingId, class: 'view' }, [
    element('h2', { id: headingId, tabindex: '-1' }, [title]),
    ...children,
  ]);
}

/**
 * A panel of the case view, `<id>` headed by its <h3> (`<id>-title`), which names it for
 * assistive technology.
 */
export function casePanel(
  id: string,
  title: string,
  children: readonly (Node | string)[],
): HTMLElement {
  const headingId = `${id}-title`;
  return element('section', { id, class: 'case-panel', 'aria-labelledby': headingId }, [
    element('h3', { id: headingId }, [title]),
    ...children,
  ]);
}

/** Where a view, panel or form says how its actions went. */
export interface OutcomeLines {
  /** An alert line: what went wrong. */
  readonly problem: HTMLParagraphElement;
  /** A status line: progress and success. */
  readonly status: HTMLParagraphElement;
}

/** The outcome lines of `name`: `<name>-problem` and `<name>-status`. */
export function outcomeLines(name: string): OutcomeLines {
  return { problem: problemLine(`${name}-problem`), status: statusLine(`${name}-status`) };
}

/** An input whose value is taken literally: never spell-checked or auto-capitalised. */
function literalInput(
  type: 'text' | 'password',
  id: string,
  attributes: Readonly<Record<string, string>>,
): HTMLInputElement {
  return element('input', {
    type,
    id,
    name: id,
    spellcheck: 'false',
    autocapitalize: 'none',
    ...attributes,
  });
}

export function textInput(
  id: string,
  attributes: Readonly<Record<string, string>> = {},
): HTMLInputElement {
  return literalInput('text', id, { autocomplete: 'off', ...attributes });
}

/**
 * A password or passphrase input. `autocomplete` tells password managers what it is; key
 * passphrases use 'off' so they are not offered to sign-in forms.
 */
export function passwordInput(
  id: string,
  autocomplete: 'current-password' | 'new-password' | 'off',
  attributes: Readonly<Record<string, string>> = {},
): HTMLInputElement {
  return literalInput('password', id, { autocomplete, dir: 'ltr', ...attributes });
}

/** A box for an armored OpenPGP block: left to right, never spell-checked or autofilled. */
export function armoredTextarea(id: string, rows: number): HTMLTextAreaElement {
  return element('textarea', {
    id,
    name: id,
    rows: String(rows),
    dir: 'ltr',
    spellcheck: 'false',
    autocomplete: 'off',
    class: 'armored',
  });
}

/** A six-digit code field (authenticator app). */
export function codeInput(id: string): HTMLInputElement {
  return textInput(id, {
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9 ]*',
    maxlength: '9',
    dir: 'ltr',
    class: 'code',
  });
}

export function button(
  text: string,
  attributes: Readonly<Record<string, string>> = {},
  kind: 'primary' | 'secondary' | 'danger' = 'secondary',
): HTMLButtonElement {
  return element('button', { type: 'button', class: kind, ...attributes }, [text]);
}

export function submitButton(text: string, attributes: Readonly<Record<string, string>> = {}) {
  return element('button', { type: 'submit', class: 'primary', ...attributes }, [text]);
}

/** An empty alert line; setting its text announces a problem. */
export function problemLine(id: string): HTMLParagraphElement {
  return element('p', { id, role: 'alert', class: 'problem' });
}

/** An empty status line for progress and success messages. */
export function statusLine(id: string): HTMLParagraphElement {
  return element('p', { id, role: 'status', class: 'status-line' });
}

/**
 * The actions a person started here (a form sent, a button's work) that have not said their
 * outcome yet. A language switch draws the view anew (shell.ts): it waits for these first, so
 * no outcome is written into a view that has left the screen.
 */
const running = new Set<Promise<void>>();

/**
 * Aborted as the next action starts. After a language switch the new view's controls and
 * outcome lines are filled, as they appear, with what the view before held (draft-carry.ts). An
 * action started after the switch draws what it produced (a new invitation link and its
 * "copied" line): filling that with what an earlier action produced would hand one person's
 * invitation to another.
 */
let nextAction = new AbortController();

export function nextActionStarts(): AbortSignal {
  return nextAction.signal;
}

function tracked(action: () => Promise<void>): Promise<void> {
  nextAction.abort();
  nextAction = new AbortController();
  const work = action();
  running.add(work);
  return work.finally(() => running.delete(work));
}

/**
 * Resolves once no action is running (including any started while waiting), or after
 * `limitMs`, whichever comes first.
 */
export async function actionsSettled(limitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, limitMs);
  });
  const settled = (async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running]);
  })();
  try {
    await Promise.race([settled, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * At sign-out: an action the person before left running (a request that never answers) does
 * not hold the next person's language switch.
 */
export function forgetRunningActions(): void {
  running.clear();
}

/** A form that never navigates: submit runs `onSubmit`, with the submit buttons disabled meanwhile. */
export function form(
  id: string,
  children: readonly (Node | string)[],
  onSubmit: () => Promise<void>,
): HTMLFormElement {
  const node = element('form', { id, autocomplete: 'off', novalidate: '' }, children);
  let busy = false;
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    node.setAttribute('aria-busy', 'true');
    const buttons = [...node.querySelectorAll('button')];
    for (const control of buttons) control.disabled = true;
    void tracked(onSubmit).finally(() => {
      busy = false;
      node.removeAttribute('aria-busy');
      for (const control of buttons) control.disabled = false;
    });
  });
  return node;
}

/** A form of one labelled field (`input`, with its hint if any) and its submit button. */
export function fieldForm(
  id: string,
  text: { readonly label: string; readonly submit: string; readonly hint?: string },
  input: HTMLInputElement,
  onSubmit: () => Promise<void>,
): HTMLFormElement {
  return form(id, [field(text.label, input, text.hint), submitButton(text.submit)], onSubmit);
}

/**
 * A form that sends one authenticator code, typed in `<inputId>`: sent without spaces, and the
 * input is emptied as soon as it has been read.
 */
export function codeForm(
  id: string,
  inputId: string,
  text: { readonly label: string; readonly submit: string },
  send: (code: string) => Promise<void>,
): HTMLFormElement {
  const code = codeInput(inputId);
  return fieldForm(id, text, code, async () => {
    const typed = normaliseCode(code.value);
    code.value = '';
    await send(typed);
  });
}

/**
 * A form headed by its <h3> (`<name>-title`): `<name>-form` holds the title, `children` (hints,
 * fields, outcome lines), the submit button `<name>-submit`, then `after` (what it produced).
 */
export function titledForm(
  name: string,
  text: { readonly title: string; readonly submit: string },
  children: readonly (Node | string)[],
  onSubmit: () => Promise<void>,
  after: readonly Node[] = [],
): HTMLFormElement {
  return form(
    `${name}-form`,
    [
      element('h3', { id: `${name}-title` }, [text.title]),
      ...children,
      submitButton(text.submit, { id: `${name}-submit` }),
      ...after,
    ],
    onSubmit,
  );
}

/**
 * A wide table in a box that scrolls sideways on a narrow screen. A scrollable region must be
 * reachable by keyboard (tabindex 0), and it is named by the element `labelledBy` (a heading or
 * the table's caption).
 */
export function scrollRegion(table: HTMLTableElement, labelledBy: string): HTMLDivElement {
  return element(
    'div',
    { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-labelledby': labelledBy },
    [table],
  );
}

/** Runs an async click handler once at a time, with the button disabled meanwhile. */
export function onClick(target: HTMLButtonElement, handler: () => Promise<void>): void {
  target.addEventListener('click', () => {
    if (target.disabled) return;
    target.disabled = true;
    void tracked(handler).finally(() => {
      target.disabled = false;
    });
  });
}

/**
 * A two-step action in `holder`: the `offer` button asks first (the question, then `yes`, which
 * takes focus, and `no`). `no` goes back to the offer; `yes` runs `act`, which is given the way
 * back for an action that failed or may be offered again. Used where one click must not do
 * something that cannot be taken back (vetting a key, resetting factors, sharing a case,
 * confirming a reply key).
 */
export function confirmedAction(
  holder: HTMLElement,
  action: {
    readonly offer: HTMLButtonElement;
    readonly question: string;
    readonly yes: HTMLButtonElement;
    readonly no: HTMLButtonElement;
    readonly act: (back: () => void) => Promise<void>;
  },
): void {
  const { offer, question, yes, no, act } = action;
  const back = (): void => holder.replaceChildren(offer);
  offer.addEventListener('click', () => {
    holder.replaceChildren(element('p', {}, [question]), yes, no);
    yes.focus();
  });
  no.addEventListener('click', back);
  onClick(yes, () => act(back));
  back();
}

/** A <select> of value/label pairs with one selected. */
export function selectInput(
  id: string,
  options: readonly (readonly [value: string, label: string])[],
  selected: string,
  attributes: Readonly<Record<string, string>> = {},
): HTMLSelectElement {
  const node = element(
    'select',
    { id, name: id, ...attributes },
    options.map(([value, label]) => element('option', { value }, [label])),
  );
  node.value = options.some(([value]) => value === selected) ? selected : (options[0]?.[0] ?? '');
  return node;
}

/** A checkbox with its label beside it (label after the box, as people expect). */
export function checkboxField(
  id: string,
  label: string,
  checked: boolean,
  attributes: Readonly<Record<string, string>> = {},
): { readonly element: HTMLElement; readonly input: HTMLInputElement } {
  const input = element('input', { type: 'checkbox', id, name: id, ...attributes });
  input.checked = checked;
  return {
    element: element('div', { class: 'choice' }, [input, element('label', { for: id }, [label])]),
    input,
  };
}
