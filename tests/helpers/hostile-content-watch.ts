/**
 * What a hostile text could make a staff tab do, recorded for the tests that open attacker-written
 * reports in the dashboard: every request the tab sends, every dialog it opens (dismissed), and
 * every element matching `activeTags` that is added to any document of the tab, from the first
 * page load on. Nothing of a decrypted text may become an element, a request or a dialog.
 */
import type { Page } from 'playwright-core';
import { signInAtDesk } from './caseworker-desk';
import { unlockInInbox, type StaffPage } from './dashboard';
import type { EnrolledStaff } from './staff';
import type { ReporterSite } from './reporter-site';

export interface HostileContentWatch {
  /** The URL of every request the tab's context sent. */
  readonly requests: string[];
  /** The message of every dialog the page opened. */
  readonly dialogs: string[];
}

/** Starts recording on `tab`; call before its first navigation. */
export async function watchForHostileContent(
  tab: StaffPage,
  activeTags: string,
): Promise<HostileContentWatch> {
  const watch: HostileContentWatch = { requests: [], dialogs: [] };
  tab.context.on('request', (sent) => watch.requests.push(sent.url()));
  tab.page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await tab.page.addInitScript((selector: string) => {
    const created: string[] = [];
    (window as unknown as { __created: string[] }).__created = created;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          for (const found of [node, ...node.querySelectorAll('*')]) {
            if (found.matches(selector)) created.push(found.outerHTML.slice(0, 200));
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  }, activeTags);
  return watch;
}

/** The active elements added since the last call (outer HTML, cut at 200 characters). */
export async function createdSinceLastLook(page: Page): Promise<string[]> {
  return await page.evaluate(() => {
    const created = (window as unknown as { __created: string[] }).__created;
    return created.splice(0, created.length);
  });
}

/**
 * Signs `staff` in at the desk, forgets what the sign-in itself added, and unlocks the key in the
 * inbox: what is recorded from here on comes from the decrypted inbox.
 */
export async function unlockWatchedInbox(
  site: ReporterSite,
  page: Page,
  staff: EnrolledStaff,
  passphrase: string,
): Promise<void> {
  await signInAtDesk(site, page, staff);
  await createdSinceLastLook(page);
  await unlockInInbox(page, passphrase);
}
