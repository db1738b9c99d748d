/**
 * The set-up the alert tests share: a test app with one caseworker whose clock is frozen (every
 * report of a step falls in one batch window) and whose staff stay signed in while the clock
 * moves a window on; its recipient directory published; and, when asked, a webhook receiver and
 * a mail server on loopback (alert-receivers.ts), stopped after the suite; and, when named, a
 * caseworker and an admin enrolled once for the whole suite.
 */
import {
  startMailServer,
  startWebhookReceiver,
  type MailServer,
  type WebhookReceiver,
} from './alert-receivers';
import { enrolStaff, reauthenticate, type EnrolledStaff } from './staff';
import type { TestApp } from './test-app';
import { useTestApp } from './use-test-app';

export interface AlertsDesk {
  readonly t: TestApp;
  /** The webhook receiver (only when asked for). */
  readonly hook: WebhookReceiver;
  /** The mail server (only when asked for). */
  readonly mail: MailServer;
  /** The caseworker enrolled for the suite (only when `staff` names one). */
  readonly caseworker: EnrolledStaff;
  /** The admin enrolled for the suite (only when `staff` names one). */
  readonly admin: EnrolledStaff;
}

export interface AlertsDeskOptions {
  readonly hook?: boolean;
  readonly mail?: boolean;
  /** Usernames of a caseworker and an admin to enrol after the directory is published. */
  readonly staff?: { readonly caseworker: string; readonly admin: string };
}

export function useAlertsDesk(label: string, receivers: AlertsDeskOptions = {}): AlertsDesk {
  const t = useTestApp({
    label,
    caseworkers: 1,
    env: { SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' },
  });
  let hook: WebhookReceiver | undefined;
  let mail: MailServer | undefined;
  let caseworker: EnrolledStaff | undefined;
  let admin: EnrolledStaff | undefined;
  beforeAll(async () => {
    t.clock.freeze();
    t.directory = await t.publishDirectory();
    if (receivers.hook) hook = await startWebhookReceiver();
    if (receivers.mail) mail = await startMailServer();
    if (receivers.staff) {
      caseworker = await enrolStaff(t, receivers.staff.caseworker, 'caseworker');
      admin = await enrolStaff(t, receivers.staff.admin, 'admin');
    }
  });
  afterAll(async () => {
    await mail?.stop();
    await hook?.close();
  });
  return {
    t,
    get hook() {
      return askedFor(hook, 'webhook receiver');
    },
    get mail() {
      return askedFor(mail, 'mail server');
    },
    get caseworker() {
      return askedFor(caseworker, 'caseworker');
    },
    get admin() {
      return askedFor(admin, 'admin');
    },
  };
}

/** `part` of the desk, which exists only when the suite asked for it (after its beforeAll). */
function askedFor<T>(part: T | undefined, what: string): T {
  if (!part) throw new Error(`useAlertsDesk: no ${what} was asked for`);
  return part;
}

/**
 * Enrols admin `username`, re-authenticated, who allow-lists the loopback host (a private address,
 * allowed on purpose) so that webhooks may reach the test receiver. Throws when refused: a refused
 * set-up is a broken test.
 */
export async function adminAllowingLoopbackWebhooks(
  t: TestApp,
  username: string,
): Promise<EnrolledStaff> {
  const admin = await enrolStaff(t, username, 'admin');
  await reauthenticate(t, admin.client, admin);
  const listed = await admin.client.put('/api/admin/alerts/webhook-hosts', {
    hosts: [{ host: '127.0.0.1', allowPrivate: true }],
  });
  if (listed.status !== 200) throw new Error(`webhook hosts: ${listed.status} ${listed.text}`);
  return admin;
}
