/**
 * What every dashboard view gets from the shell: texts, the API, the key holder and routing.
 * `t` and `locale` change when the language is switched in place: a view reads them when drawn.
 */
import type { DashboardLocaleCode, DashboardTranslate } from './i18n';
import type { InboxState } from './inbox/inbox-query';
import type { KeyHolder } from './keys/key-holder';
import type { StaffApiClient } from './session/api-client';
import type { SessionApi, SessionView } from './session/session-api';

/**
 * A notice line: a text already in the current language, or drawn from the translator, so it
 * is said again in the new language when the language is switched in place.
 */
export type Notice = string | ((t: DashboardTranslate) => string);

/** The sections of a fully signed-in session, as the navigation lists them. */
export type Section = 'inbox' | 'keys' | 'admin' | 'stats' | 'account';

export interface DashboardContext {
  readonly t: DashboardTranslate;
  readonly locale: DashboardLocaleCode;
  readonly client: StaffApiClient;
  readonly session: SessionApi;
  readonly keys: KeyHolder;
  /** The latest session view (stage `none` before the first answer). */
  readonly current: SessionView;
  /** Shows what the session view's stage calls for, with an optional notice. */
  route(view: SessionView, notice?: Notice): void;
  /** Ends the session on the server, drops the key and shows sign-in. */
  signOut(notice?: Notice): Promise<void>;
  /** The inbox's filters and page: memory only, reset at sign-out. */
  readonly inbox: InboxState;
  /** Opens a section, as its navigation button does. */
  openSection(section: Section): void;
  /** Opens one case (from the inbox); its "back to inbox" returns to the same inbox page. */
  openCase(caseId: string): void;
  /** The inbox's filters or page changed (`inbox` holds them): its address follows. */
  inboxChanged(): void;
}
