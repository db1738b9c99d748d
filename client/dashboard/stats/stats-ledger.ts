/**
 * The release ledger: every statistics release so far, newest first (date, who, columns,
 * period, audience, ε), so the analyst sees what was already published before adding more.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { problemLine, scrollRegion } from '../controls';
import { createListTable } from '../list-table';
import type { LedgerEntry, StatsApi } from './stats-api';
import { ledgerColumnsName, ledgerUnitName, partnerSentence, shownText } from './stats-labels';
import { formatDecimal } from './stats-result';

export interface StatsLedger {
  readonly element: HTMLElement;
  refresh(): Promise<void>;
}

/** `2026-03-05T14:07:…Z` as `2026-03-05 14:07 UTC`; anything else as text. */
function releaseTime(createdAt: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(createdAt);
  return match ? `${match[1] ?? ''} ${match[2] ?? ''} UTC` : shownText(createdAt, 40);
}

/**
 * Who released: the server names staff as `account:<id>`; the signed-in person's own releases
 * show their username, anyone else's the id as sent (the ledger holds no other names).
 */
function actorName(ctx: DashboardContext, actor: string): string {
  const user = ctx.current.user;
  if (user && actor === `account:${user.id}`) {
    return ctx.t('stats.ledger.you', { username: user.username });
  }
  return shownText(actor, 64);
}

export function createStatsLedger(ctx: DashboardContext, api: StatsApi): StatsLedger {
  const { t } = ctx;
  const problem = problemLine('stats-ledger-problem');

  const renderRow = (entry: LedgerEntry): HTMLElement =>
    element('tr', { 'data-release-id': entry.id }, [
      element('td', {}, [
        element('span', { dir: 'ltr', class: 'day' }, [releaseTime(entry.createdAt)]),
      ]),
      element('td', {}, [element('span', { dir: 'auto' }, [actorName(ctx, entry.actor)])]),
      element('td', {}, [ledgerColumnsName(t, entry.columns)]),
      element('td', {}, [
        element('span', { dir: 'ltr' }, [
          `${shownText(entry.from, 10)} – ${shownText(entry.to, 10)}`,
        ]),
        ` (${ledgerUnitName(t, entry.periodUnit)})`,
      ]),
      element('td', {}, [
        ...(entry.audience === 'partner'
          ? partnerSentence(
              t,
              entry.partnerId === null ? 'stats.ledger.legacyPartner' : 'stats.ledger.partner',
              entry.partner ?? '',
            )
          : [
              entry.audience === 'public'
                ? t('stats.audience.public')
                : shownText(entry.audience, 20),
            ]),
      ]),
      element('td', {}, [
        entry.epsilon === null ? t('stats.risk.noNoise') : formatDecimal(ctx, entry.epsilon),
      ]),
    ]);

  const { table, refresh } = createListTable(t, {
    attributes: { id: 'stats-ledger', 'aria-labelledby': 'stats-ledger-title' },
    titles: [
      t('stats.ledger.date'),
      t('stats.ledger.actor'),
      t('stats.ledger.columns'),
      t('stats.ledger.period'),
      t('stats.ledger.audience'),
      t('stats.ledger.epsilon'),
    ],
    empty: t('stats.ledger.none'),
    problem,
    load: () => api.releases(),
    renderRow,
  });

  return {
    // Not a landmark itself: the table's scroll region is, named by the same heading (two
    // landmarks of one name could not be told apart).
    element: element('section', { class: 'stats-ledger' }, [
      element('h3', { id: 'stats-ledger-title' }, [t('stats.ledger.title')]),
      element('p', { class: 'hint' }, [t('stats.ledger.intro')]),
      problem,
      scrollRegion(table, 'stats-ledger-title'),
    ]),
    refresh,
  };
}
