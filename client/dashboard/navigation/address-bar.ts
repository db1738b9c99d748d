/**
 * The browser's address bar and history for the dashboard: reads the address through
 * parseDashboardAddress and writes only what formatDashboardAddress makes. A view opened by the
 * person is a new history entry (pushState), so Back and Forward move between views; a change
 * within a view (the inbox's filters and page, the language) replaces the entry (replaceState),
 * so Back leaves the view instead of stepping through every filter tried.
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
    private readonly history: Pick<History, 'pushState' | 'replaceState'>,
  ) {}

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

  /** Shows `place` in `locale`; an address already shown adds no history entry. */
  show(locale: DashboardLocaleCode, place: DashboardPlace | null, change: AddressChange): void {
    const query = formatDashboardAddress(locale, place);
    if (query === this.location.search) return;
    const url = `${this.location.pathname}${query}`;
    if (change === 'push') this.history.pushState(null, '', url);
    else this.history.replaceState(null, '', url);
  }
}
