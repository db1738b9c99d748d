/**
 * /api/me/alerts: a staff member's own alerts (CSRF-checked, audited). /api/admin/alerts/*: the
 * webhook allow-list (re-authenticated, audited) and the deliveries that are failing, which the
 * admin page shows (not /readyz: a failing mail server must not take instances out of service).
 */
import { Router } from 'express';
import {
  alertFailuresAnswerSchema,
  alertSettingsAnswerSchema,
  alertSettingsRequestSchema,
  webhookHostsSchema,
} from '../../../contract/api/alerts';
import type { AnswerOf } from '../../../contract/api/common';
import { requireRecentReauth } from '../sessions';
import { actorOf, parseBody, signedInAccountOf, staffGuards, type StaffDeps } from '../sign-in';
import type { AlertSettingsService, OwnAlertSettings } from './alert-settings.service';

export interface AlertsRoutesDeps extends StaffDeps {
  readonly alerts: AlertSettingsService;
  /** ALERT_BATCH_MINUTES, shown with the settings. */
  readonly batchMinutes: number;
}

export function alertsRoutes(deps: AlertsRoutesDeps): Router {
  const router = Router();
  const staff = staffGuards(deps, ['admin', 'caseworker', 'analyst']);
  // Analysts may be alerted of nothing: they read their (empty) settings but change none.
  const alerted = staffGuards(deps, ['admin', 'caseworker']);
  const admin = staffGuards(deps, ['admin']);
  const answer = (settings: OwnAlertSettings): AnswerOf<typeof alertSettingsAnswerSchema> => ({
    kinds: settings.kinds,
    email: settings.email,
    webhookUrl: settings.webhookUrl,
    allowedKinds: [...settings.allowedKinds],
    batchMinutes: deps.batchMinutes,
  });

  router.get('/api/me/alerts', staff.signedIn, async (_req, res) => {
    res.json(answer(await deps.alerts.ownSettings(signedInAccountOf(res))));
  });

  router.put('/api/me/alerts', ...alerted.write(), async (req, res) => {
    const request = parseBody(alertSettingsRequestSchema, req);
    const account = signedInAccountOf(res);
    // A new address or URL needs a fresh re-authentication (it throws 403 reauth_required);
    // turning kinds or channels on and off needs the CSRF check only.
    if (await deps.alerts.changesDestination(account, request))
      requireRecentReauth(deps.sessions)(req, res, () => undefined);
    res.json(answer(await deps.alerts.changeOwnSettings(account, request)));
  });

  router.get('/api/admin/alerts/webhook-hosts', admin.signedIn, async (_req, res) => {
    res.json({ hosts: await deps.alerts.webhookHosts() } satisfies AnswerOf<
      typeof webhookHostsSchema
    >);
  });

  router.put(
    '/api/admin/alerts/webhook-hosts',
    ...admin.sensitive({ byFactor: true }),
    async (req, res) => {
      const request = parseBody(webhookHostsSchema, req);
      const hosts = await deps.alerts.replaceWebhookHosts(actorOf(signedInAccountOf(res)), request);
      res.json({ hosts } satisfies AnswerOf<typeof webhookHostsSchema>);
    },
  );

  router.get('/api/admin/alerts/failures', admin.signedIn, async (_req, res) => {
    const failures = await deps.alerts.failures();
    res.json({
      failures: failures.map((failure) => ({
        ...failure,
        nextAttemptAt: failure.nextAttemptAt?.toISOString() ?? null,
      })),
    } satisfies AnswerOf<typeof alertFailuresAnswerSchema>);
  });

  return router;
}
