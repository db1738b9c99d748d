/**
 * The staff dashboard (served at /staff/). Same rules as the reporter page: no third-party
 * code, nothing secret in storage, all text through the i18n layer and textContent. The session
 * lives in an HttpOnly cookie the page cannot read; unlocked keys live in memory only.
 */
import { chooseDashboardLocale, createDashboardTranslator } from './i18n';
import { AddressBar } from './navigation/address-bar';
import { takeInviteToken } from './session/invite-token';
import { Dashboard, showLanguage } from './shell';

function start(): void {
  // Read (and remove) the invitation fragment before anything else can see or log the URL.
  const inviteToken = takeInviteToken(window.location, window.history);
  const address = new AddressBar(window.location, window.history);
  // A refused address names no language either: the browser's choice applies.
  const locale = chooseDashboardLocale(address.read()?.locale ?? null, navigator.languages);
  const t = createDashboardTranslator(locale);
  showLanguage(locale, t);
  const dashboard = new Dashboard(t, locale, address);
  document.body.replaceChildren(dashboard.element);
  void dashboard.begin(inviteToken);
  // Security: an invitation link opened in a tab that already shows the dashboard changes only
  // the fragment, which loads nothing; without this the token would stay in the address bar.
  // Start again so it is read and removed as on any load.
  window.addEventListener('hashchange', () => {
    if (window.location.hash.length > 1) window.location.reload();
  });
  // Security: a page kept whole in the back-forward cache would come back with the key unlocked
  // and the session as it was when left. Leaving locks the key; coming back from that cache
  // asks the server for the session again (it may have ended) and routes from its answer.
  window.addEventListener('pagehide', () => dashboard.keys.lock('reload'));
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) void dashboard.resume();
  });
}

start();
