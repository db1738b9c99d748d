/**
 * The dashboard shell: header (title, language, who is signed in, sections, sign-out), a notice
 * line, the current view, and the re-authentication dialog. It routes by the session view's
 * stage and owns the one KeyHolder, so the unlocked key survives switching sections and is
 * dropped on sign-out, session expiry and any stage but `full`.
 */
import { type StaffRole } from '../../contract/vocabulary';
import { element } from '../shared/dom';
import { renderAdminView } from './admin/admin-view';
import { renderCaseView } from './case-view/case-view';
import type { DashboardContext, Section } from './context';
import { button } from './controls';
import { DASHBOARD_LOCALES, type DashboardLocaleCode, type DashboardTranslate } from './i18n';
import { defaultInboxState, type InboxState } from './inbox/inbox-query';
import { renderInboxView } from './inbox/inbox-view';
import { KeyHolder } from './keys/key-holder';
import { renderKeyPanel } from './keys/key-panel';
import { renderAccountView } from './session/account-view';
import { StaffApiClient } from './session/api-client';
import { renderEnrolFactorView } from './session/enrol-factor-view';
import { describeFailure } from './session/error-messages';
import { renderInviteView } from './session/invite-view';
import { forgetKeyReleaseToken } from './session/key-release';
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

function signedOutView(idleTimeoutSeconds: number): SessionView {
  return { stage: 'none', csrfToken: null, user: null, factors: null, idleTimeoutSeconds };
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
  readonly #reauth: ReauthDialog;
  /** While the invitation view is open: kept so a language switch does not lose it. */
  #inviteToken: string | null = null;

  constructor(
    readonly t: DashboardTranslate,
    readonly locale: DashboardLocaleCode,
  ) {
    this.#reauth = new ReauthDialog(t, this.session, () => this.current.factors);
    this.client.connect({
      reauthenticate: async () => await this.#reauth.ask(),
      sessionExpired: () => this.expireSession(),
    });
    this.#main = element('main', { id: 'dashboard', tabindex: '-1' }, [
      element('p', { id: 'loading', role: 'status' }, [t('common.loading')]),
    ]);
    this.#notice = element('p', { id: 'notice', role: 'status', class: 'notice' });
    this.#account = element('div', { id: 'account-bar', class: 'account-bar' });
    this.element = element('div', { class: 'shell' }, [
      element('header', { class: 'masthead' }, [
        element('h1', {}, [t('app.title')]),
        this.renderLanguages(),
        this.#account,
      ]),
      this.#notice,
      this.#main,
      this.#reauth.element,
    ]);
  }

  /** First view: an invitation from the URL fragment, else whatever the session calls for. */
  async begin(inviteToken: string | null): Promise<void> {
    if (inviteToken !== null) {
      this.#inviteToken = inviteToken;
      this.showView(renderInviteView(this, inviteToken));
      return;
    }
    const result = await this.session.current();
    if (!result.ok) {
      this.route(signedOutView(DEFAULT_IDLE_SECONDS), describeFailure(this.t, result));
      return;
    }
    this.route(result.body);
  }

  route(view: SessionView, notice?: string): void {
    this.#inviteToken = null;
    this.current = view;
    this.client.useCsrfToken(view.csrfToken);
    this.keys.setIdleTimeout(view.idleTimeoutSeconds);
    // Security: a key is unlocked only inside a fully signed-in session.
    if (view.stage !== 'full') {
      this.keys.lock('signed-out');
      forgetKeyReleaseToken();
      // The next person at this screen starts from a fresh inbox, not the last one's filters.
      Object.assign(this.inbox, defaultInboxState());
    }
    this.#notice.textContent = notice ?? '';
    this.renderAccountBar(null);
    switch (view.stage) {
      case 'none':
        this.showView(renderLoginView(this));
        return;
      case 'second-factor':
        this.showView(renderSecondFactorView(this, view));
        return;
      case 'enrol-factor':
        this.showView(
          renderEnrolFactorView(this, (enrolled) => {
            const codes = enrolled.recoveryCodes;
            if (codes && codes.length > 0) {
              this.current = enrolled.session;
              this.showView(
                renderRecoveryCodesView(this.t, codes, () => this.route(enrolled.session)),
              );
            } else {
              this.route(enrolled.session, this.t('enrol.done'));
            }
          }),
        );
        return;
      case 'full':
        this.openSection(LANDING_BY_ROLE[view.user?.role ?? 'analyst']);
        return;
    }
  }

  async signOut(notice?: string): Promise<void> {
    this.keys.lock('signed-out');
    this.#reauth.dismiss();
    // The server clears the cookie and site data; whatever it answers, this page forgets.
    await this.session.logout();
    this.route(
      signedOutView(this.current.idleTimeoutSeconds),
      notice ?? this.t('notice.signedOut'),
    );
  }

  private expireSession(): void {
    this.keys.lock('signed-out');
    this.#reauth.dismiss();
    this.route(signedOutView(this.current.idleTimeoutSeconds), this.t('notice.sessionExpired'));
  }

  openSection(section: Section): void {
    const allowed = SECTIONS_BY_ROLE[this.current.user?.role ?? 'analyst'];
    const target = allowed.includes(section) ? section : 'account';
    this.renderAccountBar(target);
    if (target === 'admin') this.showView(renderAdminView(this));
    else if (target === 'inbox') this.showView(renderInboxView(this));
    else if (target === 'keys') this.showView(renderKeyPanel(this));
    else if (target === 'stats') this.showView(renderStatsView(this));
    else this.showView(renderAccountView(this));
  }

  openCase(caseId: string): void {
    if (!SECTIONS_BY_ROLE[this.current.user?.role ?? 'analyst'].includes('inbox')) return;
    this.renderAccountBar('inbox');
    this.showView(renderCaseView(this, caseId));
  }

  private showView(view: HTMLElement): void {
    this.#main.replaceChildren(view);
    const heading = view.querySelector('h2');
    (heading ?? this.#main).focus({ preventScroll: false });
  }

  private renderLanguages(): HTMLElement {
    const items = DASHBOARD_LOCALES.map((locale) => {
      const link = element(
        'a',
        { href: `?lang=${locale.code}`, lang: locale.code, dir: locale.dir },
        [locale.nativeName],
      );
      if (locale.code === this.locale) link.setAttribute('aria-current', 'true');
      link.addEventListener('click', (event) => {
        if (this.#inviteToken === null) return;
        // The fragment was removed on load; carry it over once, replacing this history entry.
        event.preventDefault();
        window.location.replace(
          `?lang=${locale.code}#invite=${encodeURIComponent(this.#inviteToken)}`,
        );
      });
      return element('li', {}, [link]);
    });
    return element('nav', { class: 'languages', 'aria-label': this.t('language.label') }, [
      element('ul', {}, items),
    ]);
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
