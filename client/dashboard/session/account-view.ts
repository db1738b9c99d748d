/**
 * The account page: one part after another, each in its own module (own-factors-section.ts,
 * password-section.ts). A new part is one more line here.
 */
import type { DashboardContext } from '../context';
import { viewSection } from '../controls';
import { renderAlertSettingsSection } from './alert-settings-section';
import { renderOwnFactorsSection } from './own-factors-section';
import { renderPasswordSection } from './password-section';

export function renderAccountView(ctx: DashboardContext): HTMLElement {
  return viewSection('account', ctx.t('account.title'), [
    renderOwnFactorsSection(ctx),
    renderPasswordSection(ctx),
    renderAlertSettingsSection(ctx),
  ]);
}
