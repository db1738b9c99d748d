/** What every dashboard view gets from the shell: texts, the API, the key holder and routing. */
import type { DashboardLocaleCode, DashboardTranslate } from './i18n';
import type { KeyHolder } from './keys/key-holder';
import type { StaffApiClient } from './session/api-client';
import type { SessionApi, SessionView } from './session/session-api';

export interface DashboardContext {
  readonly t: DashboardTranslate;
  readonly locale: DashboardLocaleCode;
  readonly client: StaffApiClient;
  readonly session: SessionApi;
  readonly keys: KeyHolder;
  /** The latest session view (stage `none` before the first answer). */
  readonly current: SessionView;
  /** Shows what the session view's stage calls for, with an optional notice. */
  route(view: SessionView, notice?: string): void;
  /** Ends the session on the server, drops the key and shows sign-in. */
  signOut(notice?: string): Promise<void>;
}
