/**
 * The account page's alerts: which kinds the person's role may turn on (the server says which),
 * an e-mail address and a webhook URL. An alert holds only how many of which kind, never content
 * or case ids; the section says so, and what the mail provider or chat service learns. Every
 * value from the server is rendered as text.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import {
  checkboxField,
  field,
  form,
  problemLine,
  statusLine,
  submitButton,
  textInput,
} from '../controls';
import type { DashboardMessageKey } from '../i18n';
import { AlertSettingsApi, type AlertKind, type AlertSettingsAnswer } from './alert-settings-api';
import { describeFailure } from './error-messages';

const KIND_LABELS: Readonly<Record<AlertKind, DashboardMessageKey>> = {
  reports: 'alerts.kind.reports',
  followUps: 'alerts.kind.followUps',
  deadlines: 'alerts.kind.deadlines',
  operations: 'alerts.kind.operations',
};

export function renderAlertSettingsSection(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const api = new AlertSettingsApi(ctx.client);
  const problem = problemLine('alert-settings-problem');
  const status = statusLine('alert-settings-status');
  const kindsHolder = element('fieldset', { class: 'choices', id: 'alert-kinds' });
  const batch = element('p', { class: 'hint', id: 'alert-batch' });
  const email = textInput('alert-email', {
    type: 'email',
    autocomplete: 'email',
    inputmode: 'email',
    dir: 'ltr',
    maxlength: '254',
  });
  const webhook = textInput('alert-webhook', { type: 'url', dir: 'ltr', maxlength: '2048' });
  let shown: AlertSettingsAnswer | null = null;
  const boxes = new Map<AlertKind, HTMLInputElement>();

  const show = (settings: AlertSettingsAnswer): void => {
    shown = settings;
    boxes.clear();
    const choices = settings.allowedKinds.map((kind) => {
      const choice = checkboxField(
        `alert-kind-${kind}`,
        t(KIND_LABELS[kind]),
        settings.kinds[kind],
      );
      boxes.set(kind, choice.input);
      return choice.element;
    });
    kindsHolder.replaceChildren(
      element('legend', {}, [t('alerts.kinds')]),
      ...(choices.length > 0
        ? choices
        : [element('p', { id: 'alert-kinds-none' }, [t('alerts.noKinds')])]),
    );
    batch.textContent =
      settings.batchMinutes === 0
        ? t('alerts.off')
        : t('alerts.batch', { count: settings.batchMinutes });
    email.value = settings.email ?? '';
    webhook.value = settings.webhookUrl ?? '';
  };

  void api.load().then((result) => {
    if (result.ok) show(result.body);
    else problem.textContent = describeFailure(t, result);
  });

  const settingsForm = form(
    'alert-settings-form',
    [
      kindsHolder,
      field(t('alerts.email'), email, t('alerts.emailHint')),
      field(t('alerts.webhook'), webhook, t('alerts.webhookHint')),
      problem,
      status,
      submitButton(t('alerts.save'), { id: 'alert-settings-save' }),
    ],
    async () => {
      if (!shown) return;
      problem.textContent = '';
      status.textContent = '';
      const kinds = { ...shown.kinds };
      for (const [kind, box] of boxes) kinds[kind] = box.checked;
      const result = await api.save({
        kinds,
        email: email.value.trim() === '' ? null : email.value.trim(),
        webhookUrl: webhook.value.trim() === '' ? null : webhook.value.trim(),
      });
      if (!result.ok) {
        problem.textContent = describeFailure(t, result);
        return;
      }
      show(result.body);
      status.textContent = t('alerts.saved');
    },
  );
  return element(
    'section',
    { id: 'alert-settings-section', 'aria-labelledby': 'alert-settings-title' },
    [
      element('h3', { id: 'alert-settings-title' }, [t('alerts.title')]),
      element('p', { class: 'hint', id: 'alert-contents' }, [t('alerts.contents')]),
      element('p', { class: 'hint' }, [t('alerts.provider')]),
      batch,
      settingsForm,
    ],
  );
}
