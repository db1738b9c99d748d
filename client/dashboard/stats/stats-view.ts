/**
 * The analyst's statistics page: choose a table (period × one code), preview it
 * suppressed and rounded with its disclosure-risk summary, then release it — the server draws
 * any noise once, records the release in the ledger and returns the CSV, JSON and SVG files
 * with their SHA-256. A release is sent only after the analyst confirmed, in a dialog, exactly
 * what goes out and to whom (release-confirmation.ts). Only aggregate counts of coded cases
 * ever reach this page; nothing is decrypted here. A release is always of exactly the settings
 * last previewed.
 */
import { AUDIENCES, MAX_PARTNER_NAME_LENGTH, PERIOD_UNITS } from '../../../contract/vocabulary';
import { element } from '../../shared/dom';
import { displayText } from '../cases/safe-text';
import { saveBytes } from '../cases/save-file';
import type { DashboardContext } from '../context';
import {
  button,
  checkboxField,
  field,
  form,
  outcomeLines,
  selectInput,
  submitButton,
  textInput,
  viewSection,
} from '../controls';
import { describeError, describeFailure } from '../session/error-messages';
import {
  StatsApi,
  type ReleaseFile,
  type StatsOptions,
  type StatsPreview,
  type StatsRelease,
  type StatsRequest,
} from './stats-api';
import { columnsName, shownText, unitName } from './stats-labels';
import { confirmRelease } from './release-confirmation';
import { createStatsLedger } from './stats-ledger';
import {
  alignToQuarters,
  buildStatsRequest,
  defaultRange,
  MAX_EPSILON,
  MAX_K,
  MAX_ROUNDING_BASE,
  MIN_EPSILON,
} from './stats-request';
import { formatDecimal, renderStatsResult } from './stats-result';

/** What was last previewed: the release sends exactly this request. */
interface Previewed {
  readonly request: StatsRequest;
  readonly result: StatsPreview;
}

export function renderStatsView(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const api = new StatsApi(ctx.client);
  const ledger = createStatsLedger(ctx, api);
  const { problem, status } = outcomeLines('stats');
  const formArea = element('div', { id: 'stats-form-area' }, [
    element('p', { role: 'status' }, [t('common.loading')]),
  ]);
  const result = element('div', { id: 'stats-result' });
  const released = element('div', { id: 'stats-release-result' });

  const view = viewSection('stats', t('stats.title'), [
    element('p', {}, [t('stats.intro')]),
    formArea,
    problem,
    status,
    result,
    released,
    ledger.element,
  ]);

  void (async () => {
    const options = await api.options();
    if (!view.isConnected) return;
    if (!options.ok) {
      formArea.replaceChildren();
      problem.textContent = describeFailure(t, options);
      return;
    }
    formArea.replaceChildren(
      renderForm(ctx, api, options.body, { problem, status, result, released }, () =>
        ledger.refresh(),
      ),
    );
  })();
  void ledger.refresh();
  return view;
}

interface Areas {
  readonly problem: HTMLElement;
  readonly status: HTMLElement;
  readonly result: HTMLElement;
  readonly released: HTMLElement;
}

function numberInput(id: string, attributes: Readonly<Record<string, string>>): HTMLInputElement {
  return element('input', {
    type: 'number',
    id,
    name: id,
    inputmode: 'decimal',
    dir: 'ltr',
    autocomplete: 'off',
    ...attributes,
  });
}

function monthInput(id: string, value: string): HTMLInputElement {
  const input = element('input', {
    type: 'month',
    id,
    name: id,
    dir: 'ltr',
    pattern: '[0-9]{4}-[0-9]{2}',
    placeholder: 'YYYY-MM',
    required: '',
  });
  input.value = value;
  return input;
}

function renderForm(
  ctx: DashboardContext,
  api: StatsApi,
  options: StatsOptions,
  areas: Areas,
  refreshLedger: () => Promise<void>,
): HTMLElement {
  const { t } = ctx;
  const range = defaultRange(new Date());

  const columns = selectInput(
    'stats-columns',
    options.columns.map((value) => [value, columnsName(t, value)] as const),
    options.columns.includes('category') ? 'category' : (options.columns[0] ?? 'category'),
  );
  const unit = selectInput(
    'stats-period-unit',
    PERIOD_UNITS.map((value) => [value, unitName(t, value)] as const),
    'month',
  );
  const from = monthInput('stats-from', range.from);
  const to = monthInput('stats-to', range.to);

  const filterCountry = textInput('stats-filter-country', {
    maxlength: '2',
    dir: 'ltr',
    autocapitalize: 'characters',
    pattern: '[A-Za-z]{2}',
  });
  const countryField = field(
    t('stats.filter.countryLabel'),
    filterCountry,
    t('stats.filter.countryHint'),
  );

  const audience = selectInput(
    'stats-audience',
    AUDIENCES.map((value) => [value, t(`stats.audience.${value}`)] as const),
    'public',
  );
  // Registered partners only: a release names its partner by id, so no typing makes a new
  // audience that the ledger would audit without the partner's earlier releases.
  const partner = selectInput(
    'stats-partner',
    [
      ['', t('stats.partner.choose')],
      ...options.partners.map(
        (registered) =>
          [registered.id, shownText(registered.name, MAX_PARTNER_NAME_LENGTH)] as const,
      ),
    ],
    '',
    { dir: 'auto' },
  );
  const partnerField = field(
    t('stats.partner'),
    partner,
    t(options.partners.length > 0 ? 'stats.partner.hint' : 'stats.partner.none'),
  );
  const k = numberInput('stats-k', {
    min: String(options.audiences.public.k),
    max: String(MAX_K),
    step: '1',
    inputmode: 'numeric',
  });
  k.value = String(options.audiences.public.k);
  const kField = field(t('stats.k'), k, t('stats.k.hint', { k: options.audiences.public.k }));
  const rounding = numberInput('stats-rounding', {
    min: String(options.roundingBase),
    max: String(MAX_ROUNDING_BASE),
    step: '1',
    inputmode: 'numeric',
  });
  rounding.value = String(options.roundingBase);
  const noise = checkboxField('stats-noise', t('stats.noise.add'), false);
  const epsilon = numberInput('stats-epsilon', {
    min: String(MIN_EPSILON),
    max: String(MAX_EPSILON),
    step: '0.01',
  });
  epsilon.value = formatPlain(Math.min(1, options.epsilonBudget));
  const epsilonField = field(
    t('stats.epsilon'),
    epsilon,
    t('stats.epsilon.hint', { budget: formatDecimal(ctx, options.epsilonBudget) }),
  );

  const filterSet = element('fieldset', {}, [
    element('legend', {}, [t('stats.filter')]),
    element('div', { class: 'filter-grid' }, [countryField]),
  ]);

  /** Shows only the controls that apply: the country filter is for category or outcome columns. */
  const sync = (): void => {
    filterSet.hidden = columns.value === 'country';
    if (filterSet.hidden) filterCountry.value = '';
    partnerField.hidden = audience.value !== 'partner';
    epsilonField.hidden = !noise.input.checked;
    epsilon.disabled = !noise.input.checked;
  };
  const defaultKs = AUDIENCES.map((value) => String(options.audiences[value].k));
  audience.addEventListener('change', () => {
    const chosen = AUDIENCES.find((value) => value === audience.value) ?? 'public';
    const minimum = options.audiences[chosen].k;
    k.min = String(minimum);
    // The threshold follows the audience's own minimum unless the analyst chose a stricter one.
    if (!(Number(k.value) >= minimum) || defaultKs.includes(k.value.trim())) {
      k.value = String(minimum);
    }
    const hint = kField.querySelector('.hint');
    if (hint) hint.textContent = t('stats.k.hint', { k: minimum });
  });
  unit.addEventListener('change', () => {
    if (unit.value !== 'quarter') return;
    const aligned = alignToQuarters(from.value, to.value);
    from.value = aligned.from;
    to.value = aligned.to;
  });
  for (const control of [columns, audience, noise.input]) {
    control.addEventListener('change', sync);
  }
  sync();

  let previewed: Previewed | null = null;
  const stale = element('p', { id: 'stats-stale', class: 'hint' });
  const releaseButton = button(t('stats.release'), { id: 'stats-release' }, 'primary');
  const confirm = checkboxField('stats-confirm-budget', t('stats.budget.confirm'), false);
  const budgetText = element('p', { id: 'stats-budget-text' });
  const budgetWarning = element('div', { id: 'stats-budget-warning', class: 'notice-box' }, [
    budgetText,
    confirm.element,
  ]);
  budgetWarning.hidden = true;
  const releaseArea = element('div', { id: 'stats-release-area', class: 'panel' }, [
    element('h3', {}, [t('stats.release.title')]),
    element('p', { class: 'hint' }, [t('stats.release.intro')]),
    budgetWarning,
    stale,
    releaseButton,
  ]);

  const node = form(
    'stats-form',
    [
      element('div', { class: 'filter-grid' }, [
        field(t('stats.columns'), columns),
        field(t('stats.unit'), unit),
        field(t('stats.from'), from, t('stats.range.hint')),
        field(t('stats.to'), to),
      ]),
      filterSet,
      element('fieldset', {}, [
        element('legend', {}, [t('stats.protection')]),
        element('div', { class: 'filter-grid' }, [
          field(t('stats.audience'), audience),
          partnerField,
          kField,
          field(
            t('stats.rounding'),
            rounding,
            t('stats.rounding.hint', { minimum: options.roundingBase }),
          ),
        ]),
        noise.element,
        epsilonField,
      ]),
      submitButton(t('stats.preview'), { id: 'stats-preview' }),
    ],
    async () => {
      areas.problem.textContent = '';
      areas.status.textContent = '';
      const built = buildStatsRequest(
        {
          columns: options.columns.find((value) => value === columns.value) ?? 'category',
          periodUnit: PERIOD_UNITS.find((value) => value === unit.value) ?? 'month',
          from: from.value.trim(),
          to: to.value.trim(),
          filterCountry: filterCountry.value,
          audience: AUDIENCES.find((value) => value === audience.value) ?? 'public',
          partnerId: partner.value,
          k: k.value,
          roundingBase: rounding.value,
          addNoise: noise.input.checked,
          epsilon: epsilon.value,
        },
        options,
      );
      if ('problem' in built) {
        areas.problem.textContent = t(`stats.problem.${built.problem}`, {
          minimum: options.roundingBase,
        });
        return;
      }
      areas.status.textContent = t('stats.previewing');
      const answer = await api.preview(built.request);
      areas.status.textContent = '';
      if (!answer.ok) {
        areas.problem.textContent = describeFailure(t, answer);
        return;
      }
      previewed = { request: built.request, result: answer.body };
      areas.released.replaceChildren();
      showResult(answer.body, built.request, 'preview');
    },
  );

  const showResult = (
    shown: StatsPreview,
    request: StatsRequest,
    mode: 'preview' | 'released',
  ): void => {
    try {
      const rendered = renderStatsResult(ctx, shown, request, mode);
      if (mode === 'preview') {
        const { risk } = shown;
        budgetWarning.hidden = !risk.budgetExceeded;
        confirm.input.checked = false;
        budgetText.textContent = t('stats.budget.exceeded', {
          spent: formatDecimal(ctx, risk.epsilonSpent),
          budget: formatDecimal(ctx, risk.epsilonBudget),
        });
        stale.textContent = '';
        releaseButton.disabled = false;
        rendered.append(releaseArea);
      }
      areas.result.replaceChildren(rendered);
      // Screen readers and keyboards continue at the new numbers, not at the button.
      rendered.querySelector<HTMLElement>('#stats-result-title')?.focus();
    } catch (error) {
      areas.problem.textContent = describeError(t, error);
    }
  };

  // A release is of what was reviewed: any change to the settings asks for a new preview.
  const markStale = (): void => {
    if (!previewed) return;
    previewed = null;
    releaseButton.disabled = true;
    stale.textContent = t('stats.stale');
  };
  node.addEventListener('input', markStale);
  node.addEventListener('change', markStale);

  let releasing = false;
  /** Nothing is sent before the analyst confirmed exactly what goes out, and to whom. */
  const askAndRelease = async (): Promise<void> => {
    if (releasing) return;
    areas.problem.textContent = '';
    areas.status.textContent = '';
    const current = previewed;
    if (!current) {
      areas.problem.textContent = t('stats.stale');
      return;
    }
    const overrun = current.result.risk.budgetExceeded;
    if (overrun && !confirm.input.checked) {
      areas.problem.textContent = t('stats.budget.confirmFirst');
      confirm.input.focus();
      return;
    }
    const partnerName =
      options.partners.find((registered) => registered.id === current.request.partnerId)?.name ??
      null;
    const confirmed = await confirmRelease(ctx, {
      request: current.request,
      preview: current.result,
      partnerName,
    });
    if (!confirmed) {
      areas.status.textContent = t('stats.confirm.cancelled');
      return;
    }
    releasing = true;
    releaseButton.disabled = true;
    try {
      areas.status.textContent = t('stats.releasing');
      const answer = await api.release(current.request, {
        previewDigest: current.result.digest,
        acceptedEpsilonSpent: overrun ? current.result.risk.epsilonSpent : null,
      });
      areas.status.textContent = '';
      if (!answer.ok) {
        // The server refuses a table that changed since its preview: it must be checked again.
        if (answer.code === 'preview_outdated') {
          areas.problem.textContent = t('stats.outdated');
          markStale();
          return;
        }
        areas.problem.textContent = describeFailure(t, answer);
        return;
      }
      previewed = null;
      showResult(answer.body, current.request, 'released');
      areas.released.replaceChildren(renderReleaseFiles(ctx, answer.body));
      areas.status.textContent = t('stats.released');
      void refreshLedger();
    } finally {
      releasing = false;
      // Enabled again only beside a preview that still stands: after "preview outdated" (or any
      // change since) Release waits for a fresh preview.
      releaseButton.disabled = previewed === null;
    }
  };
  releaseButton.addEventListener('click', () => void askAndRelease());

  return node;
}

/** A number for an input's value: plain digits and a dot, whatever the locale. */
function formatPlain(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * The name a release file is saved under: `amanat-stats-<id>.<format>` (the timeline SVG gets
 * `-timeline`); the id keeps only letters, digits, `-` and `_`.
 */
export function releaseFileName(id: string, file: Pick<ReleaseFile, 'format' | 'part'>): string {
  const safe = id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64) || 'release';
  return `amanat-stats-${safe}${file.part === 'timeline' ? '-timeline' : ''}.${file.format}`;
}

async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  if (typeof crypto === 'undefined' || !('subtle' in crypto)) return null;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The files of a release (CSV, JSON, the SVG chart and, when sent, the SVG timeline), each a
 * download — saved as bytes, never rendered: an SVG opened in the page could run script — with
 * its SHA-256, checked here against the file's bytes.
 */
function renderReleaseFiles(ctx: DashboardContext, release: StatsRelease): HTMLElement {
  const { t } = ctx;
  const encoder = new TextEncoder();
  const items = release.files.map((file) => {
    const key = file.part === 'timeline' ? 'timeline' : file.format;
    const bytes = encoder.encode(file.text);
    const name = releaseFileName(release.id, file);
    const download = button(t(`stats.download.${key}`), {
      'data-download': key,
      'aria-describedby': `stats-sha-${key}`,
    });
    download.addEventListener('click', () => saveBytes(bytes, name));
    const check = element('span', { class: 'sha-check', 'data-check': 'pending' });
    void sha256Hex(bytes).then((actual) => {
      if (actual === null) return;
      const matches = actual === file.sha256;
      check.dataset['check'] = matches ? 'match' : 'mismatch';
      check.textContent = t(matches ? 'stats.sha.matches' : 'stats.sha.mismatch');
      if (!matches) check.classList.add('problem');
    });
    return element('li', { 'data-file': key }, [
      download,
      element('p', { id: `stats-sha-${key}`, class: 'sha' }, [
        `${t('stats.sha.label', { file: name })} `,
        element('code', { dir: 'ltr', class: 'fingerprint', 'data-sha256': key }, [file.sha256]),
        ' ',
        check,
      ]),
    ]);
  });
  return element('section', { class: 'panel', 'aria-labelledby': 'stats-files-title' }, [
    element('h3', { id: 'stats-files-title', tabindex: '-1' }, [t('stats.files.title')]),
    element('p', {}, [
      t('stats.files.intro', {
        id: shownText(release.id, 64),
        // The day of an ISO time stamp: its first ten characters, never cut with an ellipsis.
        date: displayText(release.createdAt.slice(0, 10)),
      }),
    ]),
    element('ul', { class: 'release-files' }, items),
  ]);
}
