/**
 * The decrypted report, as text only: each answer in its own labelled block (white space kept,
 * bidi controls made visible, isolated with dir=auto). Never HTML, never a link, never markdown.
 * A report that does not decrypt for this caseworker gets a plain note and nothing else.
 */
import { element } from '../../shared/dom';
import { countryLabel, incidentLabel } from '../cases/case-labels';
import type { ReadReport } from '../cases/report-reader';
import { displayText } from '../cases/safe-text';
import type { DashboardContext } from '../context';
import type { DashboardMessageKey } from '../i18n';
import type { DecryptedReport } from './decrypt-case';

function answer(
  key: string,
  label: string,
  value: string,
  attributes: Readonly<Record<string, string>> = {},
): HTMLElement {
  const headingId = `answer-${key}`;
  return element(
    'div',
    { class: 'answer', 'data-answer': key, role: 'group', 'aria-labelledby': headingId },
    [
      element('h4', { id: headingId }, [label]),
      // Security: textContent only (element() appends a text node); never parsed as markup.
      element('p', { class: 'answer-text', dir: 'auto', ...attributes }, [displayText(value)]),
    ],
  );
}

function answersOf(ctx: DashboardContext, report: ReadReport): HTMLElement[] {
  const { t } = ctx;
  const blocks: HTMLElement[] = [];
  const add = (key: string, labelKey: DashboardMessageKey, value: string | null): void => {
    if (value !== null && value !== '') blocks.push(answer(key, t(labelKey), value));
  };
  add(
    'incidentType',
    'report.incidentType',
    report.incidentType ? incidentLabel(t, report.incidentType) : null,
  );
  add('month', 'report.month', report.month);
  add(
    'country',
    'report.country',
    report.country ? countryLabel(ctx.locale, report.country) : null,
  );
  add('city', 'report.city', report.city);
  blocks.push(
    answer(
      'whatHappened',
      t('report.whatHappened'),
      report.whatHappened === '' ? t('report.notAnswered') : report.whatHappened,
    ),
  );
  add('involved', 'report.involved', report.involved);
  add(
    'relativesAffected',
    'report.relatives',
    report.relativesAffected ? t(`report.relatives.${report.relativesAffected}`) : null,
  );
  add('deadlineDate', 'report.deadlineDate', report.deadlineDate);
  add('deadlineDetails', 'report.deadlineDetails', report.deadlineDetails);
  add(
    'contactMethod',
    'report.contact',
    report.contactMethod ? t(`report.contact.${report.contactMethod}`) : null,
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

export function renderReportPanel(ctx: DashboardContext, decrypted: DecryptedReport): HTMLElement {
  const { t } = ctx;
  const children: (Node | string)[] = [
    element('h3', { id: 'case-report-title' }, [t('report.title')]),
  ];
  if (!decrypted.readable) {
    children.push(
      element('p', { id: 'case-report-undecryptable', class: 'notice-box', role: 'note' }, [
        t('report.undecryptable'),
      ]),
    );
  } else if (decrypted.report === null) {
    // Not our report format (e.g. sent with GnuPG): the whole plaintext, as text.
    children.push(answer('plaintext', t('report.plaintext'), decrypted.plaintext));
  } else {
    children.push(element('div', { class: 'answers' }, answersOf(ctx, decrypted.report)));
  }
  return element(
    'section',
    {
      id: 'case-report',
      class: 'case-panel',
      'aria-labelledby': 'case-report-title',
      'data-state': decrypted.readable ? 'decrypted' : 'undecryptable',
    },
    children,
  );
}
