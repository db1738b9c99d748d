/**
 * The staff dashboard (served at /staff/). Same rules as the reporter page: no third-party
 * code, nothing secret in storage, all text through the i18n layer and textContent. The session
 * lives in an HttpOnly cookie the page cannot read; unlocked keys live in memory only.
 */
import { chooseDashboardLocale, createDashboardTranslator, dashboardDirectionOf } from './i18n';
import { takeInviteToken } from './session/invite-token';
import { Dashboard } from './shell';

function start(): void {
  // Read (and remove) the invitation fragment before anything else can see or log the URL.
  const inviteToken = takeInviteToken(window.location, window.history);
  const params = new URLSearchParams(window.location.search);
  const locale = chooseDashboardLocale(params.get('lang'), navigator.languages);
  const t = createDashboardTranslator(locale);
  document.documentElement.lang = locale;
  document.documentElement.dir = dashboardDirectionOf(locale);
  document.title = t('app.title');
  const dashboard = new Dashboard(t, locale);
  document.body.replaceChildren(dashboard.element);
  void dashboard.begin(inviteToken);
  // Security: an invitation link opened in a tab that already shows the dashboard changes only
  // the fragment, which loads nothing; without this the token would stay in the address bar.
  // Start again so it is read and removed as on any load.
  window.addEventListener('hashchange', () => {
    if (window.location.hash.length > 1) window.location.reload();
  });
}

start();
