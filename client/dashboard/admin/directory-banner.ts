/**
 * The recipient directory's expiry where admins look. Intake stops when the directory expires
 * (reporters are answered 503), and only an admin can have the next one signed, offline; so from
 * DIRECTORY_EXPIRY_WARNING_DAYS before, the admin view says how many days are left, and once it
 * has expired (or no directory can be used) it says so urgently. Whole days only, as /readyz
 * reports them. Nothing is shown while the directory is current or readiness cannot be read.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import type { AdminApi, DirectoryExpiry } from './admin-api';

export function renderDirectoryBanner(ctx: DashboardContext, api: AdminApi): HTMLElement {
  const banner = element('p', { id: 'directory-banner', class: 'notice-box directory-banner' });
  banner.hidden = true;
  void api.directoryExpiry().then((result) => {
    if (result.ok && result.body) show(ctx, banner, result.body);
  });
  return banner;
}

function show(ctx: DashboardContext, banner: HTMLElement, expiry: DirectoryExpiry): void {
  const { t } = ctx;
  if (expiry.state === 'current') return;
  banner.dataset['state'] = expiry.state;
  const urgent = expiry.state !== 'expiring';
  banner.setAttribute('role', urgent ? 'alert' : 'status');
  banner.classList.toggle('urgent', urgent);
  // Text only: the code comes from the server and is never parsed as markup.
  banner.textContent =
    expiry.state === 'unusable'
      ? t('admin.directory.unusable', { code: expiry.code })
      : expiry.state === 'expired'
        ? t('admin.directory.expired')
        : t('admin.directory.expiring', { count: expiry.daysLeft });
  banner.hidden = false;
}
