/**
 * The decrypted report, as text only: each answer in its own labelled block (white space kept,
 * invisible characters made visible, isolated with dir=auto, long answers in bounded pieces).
 * Never HTML, never a link, never markdown. A report that does not decrypt for this caseworker,
 * or would decrypt to more than this service accepts, gets a plain note with the case reference
 * and nothing else.
 */
import { element } from '../../shared/dom';
import { countryLabel, incidentLabel } from '../cases/case-labels';
import type { ReadReport } from '../cases/report-reader';
import type { DashboardContext } from '../context';
import type { DashboardMessageKey } from '../i18n';
import { renderBoundedText } from './bounded-text';
import type { DecryptedReport } from './decrypt-case';

function answer(ctx: DashboardContext, key: string, label: string, value: string): HTMLElement {
  const headingId = `answer-${key}`;
  return element(
    'div',
    { class: 'answer', 'data-answer': key, role: 'group', 'aria-labelledby': headingId },
    [element('h4', { id: headingId }, [label]), renderBoundedText(ctx, value, 'answer-text')],
  );
}

function answersOf(ctx: DashboardContext, report: ReadReport): HTMLElement[] {
  const { t } = ctx;
  const blocks: HTMLElement[] = [];
  const add = (key: string, labelKey: DashboardMessageKey, value: string | null): void => {
    if (value !== null && value !== '') blocks.push(answer(ctx, key, t(labelKey), value));
  };
  /** An answer from a closed list, shown by its label. */
  const addChoice = <V extends string>(
    key: string,
    labelKey: DashboardMessageKey,
    value: V | null,
    label: (value: V) => string,
  ): void => add(key, labelKey, value ? label(value) : null);
  addChoice('incidentType', 'report.incidentType', report.incidentType, (v) => incidentLabel(t, v));
  add('month', 'report.month', report.month);
  addChoice('country', 'report.country', report.country, (v) => countryLabel(ctx.locale, v));
  add('city', 'report.city', report.city);
  blocks.push(
    answer(
      ctx,
      'whatHappened',
      t('report.whatHappened'),
      report.whatHappened === '' ? t('report.notAnswered') : report.whatHappened,
    ),
  );
  add('involved', 'report.involved', report.involved);
  add('contactedBy', 'report.contactedBy', report.contactedBy);
  addChoice('relativesAffected', 'report.relatives', report.relativesAffected, (v) =>
    t(`report.relatives.${v}`),
  );
  add('deadlineDate', 'report.deadlineDate', report.deadlineDate);
  add('deadlineDetails', 'report.deadlineDetails', report.deadlineDetails);
  addChoice('contactMethod', 'report.contact', report.contactMethod, (v) =>
    t(`report.contact.${v}`),
  );
  add('contactDetails', 'report.contactDetails', report.contactDetails);
  const yesNo = (value: boolean | null): string =>
    value === null ? t('report.notAnswered') : value ? t('common.yes') : t('common.no');
  add(
    'consents',
    'report.consents',
    t('report.consents.value', {
      read: yesNo(report.consentRead),
      statistics: yesNo(report.consentStatistics),
    }),
  );
  add('locale', 'report.locale', report.locale);
  return blocks;
}

export function renderReportPanel(
  ctx: DashboardContext,
  caseId: string,
  decrypted: DecryptedReport,
): HTMLElement {
  const { t } = ctx;
  const children: (Node | string)[] = [
    element('h3', { id: 'case-report-title' }, [t('report.title')]),
  ];
  if (!decrypted.readable) {
    children.push(
      element(
        'p',
        {
          id: decrypted.tooLarge ? 'case-report-too-large' : 'case-report-undecryptable',
          class: 'notice-box',
          role: 'note',
        },
        [
          decrypted.tooLarge ? t('report.tooLarge') : t('report.undecryptable'),
          ' ',
          t('case.reference'),
          ' ',
          element('code', { dir: 'ltr' }, [caseId.slice(0, 8)]),
        ],
      ),
    );
  } else if (decrypted.report === null) {
    // Not our report format (e.g. sent with GnuPG): the whole plaintext, as text, in pieces.
    children.push(answer(ctx, 'plaintext', t('report.plaintext'), decrypted.plaintext));
  } else {
    children.push(element('div', { class: 'answers' }, answersOf(ctx, decrypted.report)));
  }
  return element(
    'section',
    {
      id: 'case-report',
      class: 'case-panel',
      'aria-labelledby': 'case-report-title',
      'data-state': decrypted.readable
        ? 'decrypted'
        : decrypted.tooLarge
          ? 'too-large'
          : 'undecryptable',
    },
    children,
  );
}
