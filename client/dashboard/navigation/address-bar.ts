/**
 * The browser's address bar and history for the dashboard: reads the address through
 * parseDashboardAddress and writes only what formatDashboardAddress makes. A view opened by the
 * person is a new history entry (pushState), so Back and Forward move between views; a change
 * within a view (the inbox's filters and page, the language) replaces the entry (replaceState),
 * so Back leaves the view instead of stepping through every filter tried. Each entry written
 * here carries the sign-in's mark in its state (session/key-release.ts signInMark), so the shell
 * can tell an entry of this sign-in from one an earlier person left in this tab.
 */
import type { DashboardLocaleCode } from '../i18n/locales';
import {
  formatDashboardAddress,
  parseDashboardAddress,
  type DashboardAddress,
  type DashboardPlace,
} from './dashboard-address';

export type AddressChange = 'push' | 'replace';

export class AddressBar {
  constructor(
    private readonly location: Pick<Location, 'hash' | 'pathname' | 'search'>,
    private readonly history: Pick<History, 'pushState' | 'replaceState' | 'state'>,
  ) {}

  /**
   * Whether the entry shown may be followed by the sign-in marked `mark` (null: before sign-in):
   * it was written by that sign-in, or by no one (a fresh load, a bookmark, an address typed in).
   */
  entryBelongsTo(mark: string | null): boolean {
    const entryMark = this.markOfEntry();
    return entryMark === null || entryMark === mark;
  }

  /** The address now; null when it was refused (see parseDashboardAddress). */
  read(): DashboardAddress | null {
    return parseDashboardAddress(this.location.search);
  }

  /**
   * A fragment is an invitation link pasted into this tab: main.ts loads the page again so it
   * is read and removed; nothing here may write over it first.
   */
  hasFragment(): boolean {
    return this.location.hash.length > 1;
  }

  /**
   * Shows `place` in `locale`, the entry marked `mark` (null: no sign-in, nothing to follow);
   * an address already shown with that mark adds no history entry.
   */
  show(
    locale: DashboardLocaleCode,
    place: DashboardPlace | null,
    change: AddressChange,
    mark: string | null,
  ): void {
    const query = formatDashboardAddress(locale, place);
    const state = mark === null ? null : { mark };
    if (query === this.location.search && this.markOfEntry() === mark) return;
    const url = `${this.location.pathname}${query}`;
    if (change === 'push' && query !== this.location.search) {
      this.history.pushState(state, '', url);
    } else {
      this.history.replaceState(state, '', url);
    }
  }

  private markOfEntry(): string | null {
    const state: unknown = this.history.state;
    return typeof state === 'object' && state !== null && 'mark' in state
      ? String(state.mark)
      : null;
  }
}
