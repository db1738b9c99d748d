/**
 * The dashboard shell: header (title, language, who is signed in, sections, sign-out), a notice
 * line, the current view, and the re-authentication dialog. It routes by the session view's
 * stage and owns the one KeyHolder, so the unlocked key survives switching sections and
 * languages and is dropped on sign-out, session expiry and any stage but `full`. While signed in,
 * every view has its own address (navigation/dashboard-address.ts): Back, Forward and reload
 * land on it. A language is switched in place (no page load), so the key stays unlocked.
 */
import { type StaffRole } from '../../contract/vocabulary';
import { element } from '../shared/dom';
import { renderAdminView } from './admin/admin-view';
import { renderCaseView } from './case-view/case-view';
import type { DashboardContext, Notice, Section } from './context';
import { actionsSettled, button, forgetRunningActions } from './controls';
import {
  createDashboardTranslator,
  dashboardDirectionOf,
  DASHBOARD_LOCALES,
  type DashboardLocaleCode,
  type DashboardTranslate,
} from './i18n';
import { defaultInboxState, type InboxState } from './inbox/inbox-query';
import { renderInboxView } from './inbox/inbox-view';
import { KeyHolder } from './keys/key-holder';
import { renderKeyPanel } from './keys/key-panel';
import { AddressBar, type AddressChange } from './navigation/address-bar';
import {
  applyInboxAddress,
  formatDashboardAddress,
  inboxAddressOf,
  isCaseId,
  type DashboardPlace,
} from './navigation/dashboard-address';
import { restoreSaid, restoreTyped, saidIn, typedIn } from './navigation/draft-carry';
import { renderAccountView } from './session/account-view';
import { StaffApiClient } from './session/api-client';
import { renderEnrolFactorView } from './session/enrol-factor-view';
import { describeFailure } from './session/error-messages';
import { renderInviteView } from './session/invite-view';
import { forgetKeyReleaseToken, forgetSignInMark, signInMark } from './session/key-release';
import { renderLoginView } from './session/login-view';
import { ReauthDialog } from './session/reauth-dialog';
import { renderRecoveryCodesView } from './session/recovery-codes-view';
import { renderSecondFactorView } from './session/second-factor-view';
import { SessionApi, type SessionView } from './session/session-api';
import { renderStatsView } from './stats/stats-view';

export type { Section } from './context';

/** The navigation, in order, per role. */
const SECTIONS_BY_ROLE: Readonly<Record<StaffRole, readonly Section[]>> = {
  admin: ['inbox', 'admin', 'stats', 'keys', 'account'],
  caseworker: ['inbox', 'keys', 'account'],
  analyst: ['stats', 'account'],
};

/**
 * Where a signed-in session starts: a caseworker at their key (it must be unlocked before the
 * inbox can show anything), an admin at administration, an analyst at statistics.
 */
const LANDING_BY_ROLE: Readonly<Record<StaffRole, Section>> = {
  admin: 'admin',
  caseworker: 'keys',
  analyst: 'stats',
};

const DEFAULT_IDLE_SECONDS = 900;

/**
 * The longest a language switch waits for the running actions to say their outcome. A request
 * that never answers (a hung connection, a security-key prompt left open) must not leave the
 * language links dead for someone who needs the dashboard in a language they read: after this
 * the switch happens anyway, and an outcome said later is said in the view that left the screen.
 */
const LONGEST_SWITCH_WAIT_MS = 10_000;

function signedOutView(idleTimeoutSeconds: number): SessionView {
  return { stage: 'none', csrfToken: null, user: null, factors: null, idleTimeoutSeconds };
}

/** The section a place belongs to: a case is part of the inbox. */
function sectionOf(place: DashboardPlace): Section {
  return place.view === 'case' ? 'inbox' : place.view;
}

/** The page's language, direction and title (the tab's name) for `locale`. */
export function showLanguage(locale: DashboardLocaleCode, t: DashboardTranslate): void {
  document.documentElement.lang = locale;
  document.documentElement.dir = dashboardDirectionOf(locale);
  document.title = t('app.title');
}

export class Dashboard implements DashboardContext {
  readonly element: HTMLElement;
  readonly client = new StaffApiClient();
  readonly session = new SessionApi(this.client);
  readonly keys = new KeyHolder(DEFAULT_IDLE_SECONDS);
  current: SessionView = signedOutView(DEFAULT_IDLE_SECONDS);
  readonly inbox: InboxState = defaultInboxState();
  readonly #main: HTMLElement;
  readonly #notice: HTMLElement;
  readonly #account: HTMLElement;
  readonly #title: HTMLElement;
  readonly #languages: HTMLElement;
  #reauth: ReauthDialog;
  /** Draws the view on screen anew: again, in the new language, after a language switch. */
  #draw: (() => HTMLElement) | null = null;
  /** The view on screen while fully signed in (null on sign-in, enrolment and invitation). */
  #place: DashboardPlace | null = null;
  #viewListening = new AbortController();
  /** The language a switch waits to show until the actions running have said their outcome. */
  #switchingTo: DashboardLocaleCode | null = null;
  /** The notice on screen, drawn again in the new language on a language switch. */
  #noticeShown: Notice = '';
  #languageLinks: readonly { readonly code: DashboardLocaleCode; readonly link: HTMLElement }[] =
    [];

  constructor(
    public t: DashboardTranslate,
    public locale: DashboardLocaleCode,
    private readonly address: AddressBar,
  ) {
    this.#reauth = this.newReauthDialog();
    this.client.connect({
      reauthenticate: async (need) => await this.#reauth.ask(need),
      sessionExpired: () => this.expireSession(),
    });
    this.#main = element('main', { id: 'dashboard', tabindex: '-1' }, [
      element('p', { id: 'loading', role: 'status' }, [t('common.loading')]),
    ]);
    this.#notice = element('p', { id: 'notice', role: 'status', class: 'notice' });
    this.#account = element('div', { id: 'account-bar', class: 'account-bar' });
    this.#title = element('h1', {}, [t('app.title')]);
    this.#languages = element('nav', { class: 'languages' });
    this.renderLanguages();
    this.element = element('div', { class: 'shell' }, [
      element('header', { class: 'masthead' }, [this.#title, this.#languages, this.#account]),
      this.#notice,
      this.#main,
      this.#reauth.element,
    ]);
  }

  /**
   * First view: an invitation from the URL fragment, else whatever the session calls for. Back
   * and Forward are followed from here on.
   */
  async begin(inviteToken: string | null): Promise<void> {
    window.addEventListener('popstate', () => this.followAddress());
    if (inviteToken !== null) {
      this.showView(() => renderInviteView(this, inviteToken));
      return;
    }
    await this.resume();
  }

  /**
   * Whatever the session calls for, as the server sees it now: on load, and when the page comes
   * back from the back-forward cache (main.ts; the session may have ended meanwhile).
   */
  async resume(): Promise<void> {
    const result = await this.session.current();
    if (!result.ok) {
      this.route(signedOutView(DEFAULT_IDLE_SECONDS), (t) => describeFailure(t, result));
      return;
    }
    // Inside a live session: a key unlocked before lived in the page before this one, or was
    // locked when the page was left.
    if (result.body.stage === 'full') this.keys.noteReload();
    this.route(result.body);
  }

  route(view: SessionView, notice?: Notice): void {
    this.current = view;
    this.client.useCsrfToken(view.csrfToken);
    this.keys.setIdleTimeout(view.idleTimeoutSeconds);
    // Security: a key is unlocked only inside a fully signed-in session.
    if (view.stage !== 'full') {
      this.keys.lock('signed-out');
      forgetKeyReleaseToken();
      // Security: the next person at this screen starts from a fresh inbox, not the last one's
      // filters, and at their own landing view. Entries the last one left in this tab's
      // history carry the forgotten mark and are never followed again (followAddress).
      forgetSignInMark();
      Object.assign(this.inbox, defaultInboxState());
      this.#place = null;
      if (!this.address.hasFragment()) this.writeAddress('replace');
    }
    this.showNotice(notice ?? '');
    this.renderAccountBar(null);
    switch (view.stage) {
      case 'none':
        this.showView(() => renderLoginView(this));
        return;
      case 'second-factor':
        this.showView(() => renderSecondFactorView(this, view));
        return;
      case 'enrol-factor':
        this.showView(() =>
          renderEnrolFactorView(this, (enrolled) => {
            const codes = enrolled.recoveryCodes;
            if (codes && codes.length > 0) {
              this.current = enrolled.session;
              this.showView(() =>
                renderRecoveryCodesView(this.t, codes, () => this.route(enrolled.session)),
              );
            } else {
              this.route(enrolled.session, (t) => t('enrol.done'));
            }
          }),
        );
        return;
      case 'full':
        // The view the address names when this sign-in wrote it (a reload) or no one did (a
        // bookmark, an address typed in); else the landing view.
        this.openPlace(this.placeOfEntry(), 'replace');
        return;
    }
  }

  async signOut(notice?: Notice): Promise<void> {
    this.keys.lock('signed-out');
    this.#reauth.dismiss();
    forgetRunningActions();
    // The server clears the cookie and site data; whatever it answers, this page forgets.
    await this.session.logout();
    this.route(
      signedOutView(this.current.idleTimeoutSeconds),
      notice ?? ((t) => t('notice.signedOut')),
    );
  }

  private expireSession(): void {
    this.keys.lock('signed-out');
    this.#reauth.dismiss();
    forgetRunningActions();
    this.route(signedOutView(this.current.idleTimeoutSeconds), (t) => t('notice.sessionExpired'));
  }

  openSection(section: Section): void {
    this.openPlace(this.placeOf(section), 'push');
  }

  openCase(caseId: string): void {
    this.openPlace({ view: 'case', caseId }, 'push');
  }

  /** The inbox view changed its filters or page: its address follows, in the same entry. */
  inboxChanged(): void {
    if (this.#place?.view !== 'inbox') return;
    this.#place = this.placeOf('inbox');
    this.writeAddress('replace');
  }

  /**
   * Shows `place` if the role has it, else the role's landing view (null, or a case id that is
   * not one: that view too), and writes the address of what is shown, so an address naming a
   * view the role lacks is fixed.
   */
  private openPlace(place: DashboardPlace | null, change: AddressChange): void {
    const role = this.current.user?.role ?? 'analyst';
    const allowed =
      place !== null &&
      SECTIONS_BY_ROLE[role].includes(sectionOf(place)) &&
      (place.view !== 'case' || isCaseId(place.caseId));
    const shown = allowed ? place : this.placeOf(LANDING_BY_ROLE[role]);
    if (shown.view === 'inbox') applyInboxAddress(this.inbox, shown.inbox);
    this.#place = shown;
    // The address first: a view that reports a change while drawn (the inbox) must find its
    // own entry, not the one before it.
    this.writeAddress(change);
    this.renderAccountBar(sectionOf(shown));
    this.showView(() => this.renderPlace(shown));
  }

  /**
   * Back or Forward. A pasted invitation link is left to main.ts (it loads the page again).
   * Before full sign-in the screen stays and the entry's address is replaced by the bare
   * language: sign-in is no place in history, and an earlier person's entry must not be left
   * in the address for the next sign-in. While signed in: the entry's view, when this sign-in
   * wrote the entry; an entry of an earlier sign-in is overwritten with what is on screen.
   */
  private followAddress(): void {
    if (this.address.hasFragment()) return;
    if (this.current.stage !== 'full') {
      this.writeAddress('replace');
      return;
    }
    const place = this.placeOfEntry();
    // An inbox entry is the inbox as its address says: the label and days typed in for
    // another entry are not carried into it.
    if (place?.view === 'inbox') Object.assign(this.inbox, defaultInboxState());
    // The entry may be from before a language switch: the language chosen last stays.
    this.openPlace(place ?? this.#place, 'replace');
  }

  /** The place the address names, when the entry may be followed by this sign-in. */
  private placeOfEntry(): DashboardPlace | null {
    if (!this.address.entryBelongsTo(signInMark())) return null;
    return this.address.read()?.place ?? null;
  }

  private placeOf(section: Section): DashboardPlace {
    return section === 'inbox'
      ? { view: 'inbox', inbox: inboxAddressOf(this.inbox) }
      : { view: section };
  }

  private renderPlace(place: DashboardPlace): HTMLElement {
    switch (place.view) {
      case 'case':
        return renderCaseView(this, place.caseId);
      case 'inbox':
        return renderInboxView(this);
      case 'admin':
        return renderAdminView(this);
      case 'keys':
        return renderKeyPanel(this);
      case 'stats':
        return renderStatsView(this);
      case 'account':
        return renderAccountView(this);
    }
  }

  /**
   * Writes the address of what is on screen, in the current language, marked with this
   * sign-in: the place while fully signed in. Before that, the place of an unmarked entry (a
   * bookmark, kept for after sign-in) and otherwise the bare language.
   */
  private writeAddress(change: AddressChange): void {
    const place = this.addressedPlace();
    const mark = this.current.stage === 'full' ? signInMark() : null;
    this.address.show(this.locale, place, change, mark);
    this.pointLanguageLinks(place);
  }

  private addressedPlace(): DashboardPlace | null {
    if (this.current.stage === 'full') return this.#place;
    return this.address.entryBelongsTo(null) ? (this.address.read()?.place ?? null) : null;
  }

  /**
   * Each language link names this view in its language: a plain click switches in place, a
   * new tab or window loads that address.
   */
  private pointLanguageLinks(place: DashboardPlace | null): void {
    for (const { code, link } of this.#languageLinks) {
      link.setAttribute('href', formatDashboardAddress(code, place));
    }
  }

  /** Puts a view on screen and moves focus to its heading, so a screen reader announces it. */
  private showView(draw: () => HTMLElement): void {
    // The view replaced stops listening to the key (KeyHolder.listenFor).
    this.#viewListening.abort();
    this.#viewListening = new AbortController();
    this.keys.listenFor(this.#viewListening.signal);
    this.#draw = draw;
    const view = draw();
    this.#main.replaceChildren(view);
    const heading = view.querySelector('h2');
    (heading ?? this.#main).focus({ preventScroll: false });
  }

  /**
   * Another language, in place: texts, direction and the view on screen are drawn anew and the
   * address's entry gets the new language. No page load, so the unlocked key and an invitation
   * token (held in memory only, never put back in the address) stay. An action still running (a
   * form sent, a case shared) would say its outcome in a view no longer on screen, and the
   * person would not know whether it was done: the switch waits until every action has said its
   * outcome (for LONGEST_SWITCH_WAIT_MS at most), which the new view then says again. The
   * language chosen last wins.
   */
  async switchLanguage(locale: DashboardLocaleCode): Promise<void> {
    const waiting = this.#switchingTo !== null;
    this.#switchingTo = locale;
    if (waiting) return;
    this.#languages.setAttribute('aria-busy', 'true');
    await actionsSettled(LONGEST_SWITCH_WAIT_MS);
    this.#languages.removeAttribute('aria-busy');
    const chosen = this.#switchingTo ?? locale;
    this.#switchingTo = null;
    this.showLocale(chosen);
  }

  private showLocale(locale: DashboardLocaleCode): void {
    if (locale === this.locale) return;
    const before = this.locale;
    this.locale = locale;
    this.t = createDashboardTranslator(locale);
    showLanguage(locale, this.t);
    this.#title.textContent = this.t('app.title');
    this.renderLanguages();
    // A dialog open or waiting for an answer keeps its language: replacing it would detach the
    // element a pending re-authentication is about to show.
    if (!this.#reauth.element.open && !this.#reauth.busy) {
      const old = this.#reauth.element;
      this.#reauth = this.newReauthDialog();
      old.replaceWith(this.#reauth.element);
    }
    // A notice given as text is in the language before: it is not carried over half translated.
    this.showNotice(typeof this.#noticeShown === 'string' ? '' : this.#noticeShown);
    this.renderAccountBar(this.#place === null ? null : sectionOf(this.#place));
    if (this.#draw !== null) {
      const typed = typedIn(this.#main);
      const said = saidIn(this.#main);
      this.showView(this.#draw);
      restoreTyped(this.#main, typed, this.#viewListening.signal);
      restoreSaid(this.#main, said, before, this.#viewListening.signal);
    }
    this.writeAddress('replace');
  }

  private showNotice(notice: Notice): void {
    this.#noticeShown = notice;
    this.#notice.textContent = typeof notice === 'string' ? notice : notice(this.t);
  }

  private newReauthDialog(): ReauthDialog {
    return new ReauthDialog(this.t, this.session, () => this.current.factors);
  }

  private renderLanguages(): void {
    const links = DASHBOARD_LOCALES.map((locale) => {
      const link = element('a', { lang: locale.code, dir: locale.dir }, [locale.nativeName]);
      if (locale.code === this.locale) link.setAttribute('aria-current', 'true');
      link.addEventListener('click', (event) => {
        // A new tab or window (modifier or middle click) loads the link's address as usual.
        if (
          event.button !== 0 ||
          event.metaKey ||
          event.ctrlKey ||
          event.shiftKey ||
          event.altKey
        ) {
          return;
        }
        event.preventDefault();
        void this.switchLanguage(locale.code);
      });
      return { code: locale.code, link };
    });
    this.#languageLinks = links;
    this.#languages.setAttribute('aria-label', this.t('language.label'));
    this.#languages.replaceChildren(
      element(
        'ul',
        {},
        links.map(({ link }) => element('li', {}, [link])),
      ),
    );
    this.pointLanguageLinks(this.addressedPlace());
  }

  /** Who is signed in, the sections their role has, and sign-out: only with a session. */
  private renderAccountBar(active: Section | null): void {
    const { t } = this;
    const view = this.current;
    if (view.stage === 'none') {
      this.#account.replaceChildren();
      return;
    }
    const logout = button(t('nav.logout'), { id: 'logout' });
    logout.addEventListener('click', () => void this.signOut());
    const children: Node[] = [];
    if (view.user) {
      children.push(
        element('p', { id: 'signed-in-as' }, [
          t('header.signedInAs', {
            username: view.user.username,
            role: t(`role.${view.user.role}`),
          }),
        ]),
      );
    }
    if (view.stage === 'full') {
      const labels: Record<Section, string> = {
        inbox: t('nav.inbox'),
        keys: t('nav.keys'),
        admin: t('nav.admin'),
        stats: t('nav.stats'),
        account: t('nav.account'),
      };
      const items = SECTIONS_BY_ROLE[view.user?.role ?? 'analyst'].map((section) => {
        const link = button(labels[section], { 'data-nav': section });
        if (section === active) link.setAttribute('aria-current', 'page');
        link.addEventListener('click', () => this.openSection(section));
        return element('li', {}, [link]);
      });
      children.push(
        element('nav', { class: 'sections', 'aria-label': t('nav.label') }, [
          element('ul', {}, [...items, element('li', {}, [logout])]),
        ]),
      );
    } else {
      children.push(logout);
    }
    this.#account.replaceChildren(...children);
  }
}
