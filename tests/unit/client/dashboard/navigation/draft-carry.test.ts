/**
 * The language switch's carry (client/dashboard/navigation/draft-carry.ts) in real Chromium: the
 * module is bundled as the dashboard bundles it and run on a page whose "views" are drawn here,
 * as the shell draws a view anew on a language switch. The dashboard's form() (controls.ts) comes
 * with it: an action the person starts after the switch ends the carry.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../../helpers/browser';

const DASHBOARD = join(__dirname, '../../../../../client/dashboard');

/** The module's exports, as the page has them (window.draftCarry). */
interface DraftCarry {
  typedIn(view: HTMLElement): Map<string, unknown>;
  restoreTyped(view: HTMLElement, typed: Map<string, unknown>, signal: AbortSignal): void;
  saidIn(view: HTMLElement): Map<string, string>;
  restoreSaid(
    view: HTMLElement,
    said: Map<string, string>,
    saidInLanguage: string,
    signal: AbortSignal,
  ): void;
  form(id: string, children: Node[], onSubmit: () => Promise<void>): HTMLFormElement;
}

declare global {
  interface Window {
    draftCarry: DraftCarry;
  }
}

/** A form's controls as the dashboard's views draw them (controls.ts), empty. */
const FORM_HTML = `
  <input type="text" id="filter-label">
  <textarea id="note-text"></textarea>
  <select id="priority"><option value="">any</option><option value="urgent">urgent</option></select>
  <input type="checkbox" id="overdue">
  <input type="search" id="inbox-search">
  <input type="password" id="login-password" autocomplete="current-password">
  <input type="password" id="unlock-passphrase" autocomplete="off">
  <input type="password" id="key-passphrase-new" autocomplete="off">`;

const SECRETS = ['correct horse battery staple', 'my key passphrase 2026', 'a new passphrase!!'];

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `export * from './navigation/draft-carry'; export { form } from './controls';`,
      resolveDir: DASHBOARD,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'draftCarry',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><main id="main"></main></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
});

afterAll(async () => {
  await browser.close();
});

describe('what a person typed, across a language switch', () => {
  test('when a view is drawn anew then text, a list choice and a checkbox come back, and no password or passphrase does', async () => {
    const result = await page.evaluate(
      ({ html, secrets }) => {
        const main = document.getElementById('main')!;
        main.innerHTML = html;
        const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
        byId<HTMLInputElement>('filter-label').value = 'family';
        byId<HTMLTextAreaElement>('note-text').value = 'Called the brother; يەنە سۆزلىشىش';
        byId<HTMLSelectElement>('priority').value = 'urgent';
        byId<HTMLInputElement>('overdue').checked = true;
        byId<HTMLInputElement>('inbox-search').value = 'Almaty';
        byId<HTMLInputElement>('login-password').value = secrets[0]!;
        byId<HTMLInputElement>('unlock-passphrase').value = secrets[1]!;
        byId<HTMLInputElement>('key-passphrase-new').value = secrets[2]!;

        const typed = window.draftCarry.typedIn(main);
        const carried = JSON.stringify([...typed]);
        // The shell draws the view anew: the same controls, empty.
        main.innerHTML = html;
        const inputs: string[] = [];
        main.addEventListener('input', (event) => inputs.push((event.target as Element).id));
        window.draftCarry.restoreTyped(main, typed, new AbortController().signal);
        return {
          carriedIds: [...typed.keys()].sort(),
          carriedHoldsASecret: secrets.some((secret) => carried.includes(secret)),
          label: byId<HTMLInputElement>('filter-label').value,
          note: byId<HTMLTextAreaElement>('note-text').value,
          priority: byId<HTMLSelectElement>('priority').value,
          overdue: byId<HTMLInputElement>('overdue').checked,
          search: byId<HTMLInputElement>('inbox-search').value,
          password: byId<HTMLInputElement>('login-password').value,
          passphrases: [
            byId<HTMLInputElement>('unlock-passphrase').value,
            byId<HTMLInputElement>('key-passphrase-new').value,
          ],
          inputs: inputs.sort(),
        };
      },
      { html: FORM_HTML, secrets: SECRETS },
    );
    expect(result.carriedIds).toEqual([
      'filter-label',
      'inbox-search',
      'note-text',
      'overdue',
      'priority',
    ]);
    expect(result.carriedHoldsASecret).toBe(false);
    expect(result).toMatchObject({
      label: 'family',
      note: 'Called the brother; يەنە سۆزلىشىش',
      priority: 'urgent',
      overdue: true,
      search: 'Almaty',
      password: '',
      passphrases: ['', ''],
    });
    // Each control filled tells its view, as typing would.
    expect(result.inputs).toEqual([
      'filter-label',
      'inbox-search',
      'note-text',
      'overdue',
      'priority',
    ]);
  });

  test('when the new view has a control of another kind, or a list without the value, under the same id then it is left as drawn', async () => {
    const result = await page.evaluate(() => {
      const main = document.getElementById('main')!;
      main.innerHTML = `
        <input type="text" id="secret-or-not">
        <select id="assignee"><option value="me">me</option><option value="bob">bob</option></select>`;
      (document.getElementById('secret-or-not') as HTMLInputElement).value = 'typed as text';
      (document.getElementById('assignee') as HTMLSelectElement).value = 'bob';
      const typed = window.draftCarry.typedIn(main);
      // Drawn anew, the field is now a password field and the list no longer offers "bob".
      main.innerHTML = `
        <input type="password" id="secret-or-not">
        <select id="assignee"><option value="me">me</option><option value="any">any</option></select>`;
      window.draftCarry.restoreTyped(main, typed, new AbortController().signal);
      return {
        field: (document.getElementById('secret-or-not') as HTMLInputElement).value,
        assignee: (document.getElementById('assignee') as HTMLSelectElement).value,
      };
    });
    expect(result).toEqual({ field: '', assignee: 'me' });
  });

  test('when the view draws a control later then it is filled as it appears, and not once the next view is shown', async () => {
    const result = await page.evaluate(async () => {
      const main = document.getElementById('main')!;
      main.innerHTML = '<textarea id="reply-text"></textarea><textarea id="note-text"></textarea>';
      (document.getElementById('reply-text') as HTMLTextAreaElement).value = 'reply draft';
      (document.getElementById('note-text') as HTMLTextAreaElement).value = 'note draft';
      const typed = window.draftCarry.typedIn(main);
      main.replaceChildren();
      const nextView = new AbortController();
      window.draftCarry.restoreTyped(main, typed, nextView.signal);
      const yieldToObservers = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));
      // The case decrypts: the reply composer appears.
      const reply = document.createElement('textarea');
      reply.id = 'reply-text';
      main.append(reply);
      await yieldToObservers();
      // Another view is shown; a composer drawn after that is not filled.
      nextView.abort();
      const note = document.createElement('textarea');
      note.id = 'note-text';
      main.append(note);
      await yieldToObservers();
      return { reply: reply.value, note: note.value };
    });
    expect(result).toEqual({ reply: 'reply draft', note: '' });
  });
});

describe('what a person did not type, across a language switch', () => {
  test('when a control is read-only or disabled, or holds a one-time code, then it is not carried', async () => {
    const result = await page.evaluate(() => {
      const main = document.getElementById('main')!;
      const draw = (): void => {
        main.innerHTML = `
          <input type="text" id="new-invite-link" readonly>
          <textarea id="armored-public" readonly></textarea>
          <select id="new-invite-role" disabled><option value="">none</option><option value="admin">admin</option></select>
          <input type="text" id="totp-code" autocomplete="one-time-code" class="code">
          <input type="text" id="recovery-code" class="code">`;
      };
      draw();
      const set = (id: string, value: string): void => {
        (document.getElementById(id) as HTMLInputElement).value = value;
      };
      set('new-invite-link', 'https://x/staff/#invite=FIRST-TOKEN');
      set('armored-public', '-----BEGIN PGP PUBLIC KEY BLOCK-----');
      set('new-invite-role', 'admin');
      set('totp-code', '123 456');
      set('recovery-code', 'ABCD-EFGH-JKLM');
      const typed = window.draftCarry.typedIn(main);
      draw();
      set('new-invite-link', 'https://x/staff/#invite=SECOND-TOKEN');
      window.draftCarry.restoreTyped(main, typed, new AbortController().signal);
      return {
        carried: [...typed.keys()],
        link: (document.getElementById('new-invite-link') as HTMLInputElement).value,
        codes: ['totp-code', 'recovery-code'].map(
          (id) => (document.getElementById(id) as HTMLInputElement).value,
        ),
      };
    });
    expect(result).toEqual({
      carried: [],
      link: 'https://x/staff/#invite=SECOND-TOKEN',
      codes: ['', ''],
    });
  });

  test('when the person starts an action after the switch then what it draws is not filled with what the view before held', async () => {
    const result = await page.evaluate(async () => {
      const main = document.getElementById('main')!;
      main.innerHTML = `
        <input type="text" id="new-invite-username">
        <input type="text" id="new-invite-link" readonly>
        <p id="new-invite-copied" role="status">Link copied</p>`;
      (document.getElementById('new-invite-username') as HTMLInputElement).value = 'first.person';
      (document.getElementById('new-invite-link') as HTMLInputElement).value = 'FIRST-TOKEN';
      const typed = window.draftCarry.typedIn(main);
      const said = window.draftCarry.saidIn(main);
      // Drawn anew: the invitation's result panel is empty until the next invitation.
      let invited = (): void => undefined;
      const done = new Promise<void>((resolve) => (invited = resolve));
      const result = document.createElement('div');
      const inviteForm = window.draftCarry.form('new-invite-form', [result], async () => {
        await new Promise((resolve) => setTimeout(resolve));
        const username = document.createElement('input');
        username.id = 'new-invite-username';
        const link = document.createElement('input');
        link.id = 'new-invite-link';
        link.value = 'SECOND-TOKEN';
        const copied = document.createElement('p');
        copied.id = 'new-invite-copied';
        copied.setAttribute('role', 'status');
        result.replaceChildren(username, link, copied);
        invited();
      });
      main.replaceChildren(inviteForm);
      const view = new AbortController();
      window.draftCarry.restoreTyped(main, typed, view.signal);
      window.draftCarry.restoreSaid(main, said, 'en', view.signal);
      inviteForm.requestSubmit();
      await done;
      await new Promise((resolve) => setTimeout(resolve));
      const value = (id: string): string => (document.getElementById(id) as HTMLInputElement).value;
      return {
        username: value('new-invite-username'),
        link: value('new-invite-link'),
        copied: document.getElementById('new-invite-copied')!.textContent,
      };
    });
    expect(result).toEqual({ username: '', link: 'SECOND-TOKEN', copied: '' });
  });
});

describe('what the view said, across a language switch', () => {
  test('when an outcome line said something then the new view says it again, marked with the language it was said in, unless it fills the line itself', async () => {
    const result = await page.evaluate(async () => {
      const main = document.getElementById('main')!;
      const draw = (): void => {
        main.innerHTML = `
          <p id="triage-status-line" role="status"></p>
          <p id="access-problem" role="alert"></p>
          <p id="inbox-count" role="status"></p>
          <p id="export-status" role="status"></p>`;
      };
      draw();
      document.getElementById('triage-status-line')!.textContent = 'Saved.';
      document.getElementById('access-problem')!.textContent = 'You need to sign in again.';
      document.getElementById('inbox-count')!.textContent = '12 cases';
      const said = window.draftCarry.saidIn(main);
      draw();
      // The new view fills its own count line as it is drawn ("Loading…", in the new language).
      document.getElementById('inbox-count')!.textContent = 'يۈكلىنىۋاتىدۇ…';
      document.getElementById('access-problem')!.remove();
      window.draftCarry.restoreSaid(main, said, 'en', new AbortController().signal);
      // A panel drawn later (after decryption) gets its line back as it appears.
      const problem = document.createElement('p');
      problem.id = 'access-problem';
      problem.setAttribute('role', 'alert');
      main.append(problem);
      await new Promise((resolve) => setTimeout(resolve));
      const line = (id: string): { text: string; lang: string | null } => {
        const node = document.getElementById(id)!;
        return {
          text: node.textContent ?? '',
          lang: node.querySelector('span')?.getAttribute('lang') ?? null,
        };
      };
      return {
        carried: [...said.keys()].sort(),
        saved: line('triage-status-line'),
        problem: line('access-problem'),
        count: line('inbox-count'),
        exportStatus: line('export-status'),
      };
    });
    expect(result.carried).toEqual(['access-problem', 'inbox-count', 'triage-status-line']);
    expect(result.saved).toEqual({ text: 'Saved.', lang: 'en' });
    expect(result.problem).toEqual({ text: 'You need to sign in again.', lang: 'en' });
    expect(result.count).toEqual({ text: 'يۈكلىنىۋاتىدۇ…', lang: null });
    expect(result.exportStatus).toEqual({ text: '', lang: null });
  });
});
