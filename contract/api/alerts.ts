/**
 * /api/me/alerts (a staff member's own alerts) and /api/admin/alerts/* (the webhook allow-list
 * and the deliveries that are failing). Alerts say how many of which kind, never anything of a
 * report (server/features/alerts, server/notifier).
 */
import * as z from 'zod/mini';
import { timestampSchema } from './common';

/** What a staff member may be alerted of; `operations` are admins' alone. */
export const ALERT_KINDS = ['reports', 'followUps', 'deadlines', 'operations'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * What an alert counts: new reports and follow-ups, deadlines coming due, and for admins the
 * operational conditions (directory about to expire, backup overdue, storage watermark reached,
 * audit chain broken).
 */
export const ALERT_COUNTS = [
  'reports',
  'followUps',
  'deadlines',
  'directoryExpiring',
  'backupOverdue',
  'storageWatermark',
  'auditChainBroken',
] as const;
export type AlertCount = (typeof ALERT_COUNTS)[number];

/** Longest e-mail address (RFC 5321 path limit) and webhook URL accepted. */
export const MAX_ALERT_EMAIL_CHARS = 254;
export const MAX_WEBHOOK_URL_CHARS = 2048;
/** Webhook hosts on the allow-list, at most. */
export const MAX_WEBHOOK_HOSTS = 50;

const kindsSchema = z.strictObject({
  reports: z.boolean(),
  followUps: z.boolean(),
  deadlines: z.boolean(),
  operations: z.boolean(),
});

/** The whole of one's alert settings: null switches a channel off. */
export const alertSettingsRequestSchema = z.strictObject({
  kinds: kindsSchema,
  email: z.nullable(z.string().check(z.minLength(3), z.maxLength(MAX_ALERT_EMAIL_CHARS))),
  webhookUrl: z.nullable(z.string().check(z.minLength(8), z.maxLength(MAX_WEBHOOK_URL_CHARS))),
});
export type AlertSettingsRequest = z.infer<typeof alertSettingsRequestSchema>;

export const alertSettingsAnswerSchema = z.object({
  kinds: kindsSchema,
  email: z.nullable(z.string()),
  webhookUrl: z.nullable(z.string()),
  /** The kinds this staff member's role may turn on. */
  allowedKinds: z.array(z.enum(ALERT_KINDS)),
  /** How often alerts are sent at most, in minutes (ALERT_BATCH_MINUTES); 0: alerts are off. */
  batchMinutes: z.int().check(z.nonnegative()),
});
export type AlertSettingsAnswer = z.infer<typeof alertSettingsAnswerSchema>;

/** A host webhooks may reach; `allowPrivate` lets it resolve to a private or loopback address. */
export const webhookHostSchema = z.strictObject({
  host: z.string().check(z.minLength(1), z.maxLength(253)),
  allowPrivate: z.boolean(),
});
export const webhookHostsSchema = z.strictObject({
  hosts: z.array(webhookHostSchema).check(z.maxLength(MAX_WEBHOOK_HOSTS)),
});
export type WebhookHosts = z.infer<typeof webhookHostsSchema>;

/** A delivery that failed at least once: who, which channel, how often and why; no counts. */
export const alertFailureSchema = z.object({
  username: z.nullable(z.string()),
  channel: z.enum(['email', 'webhook']),
  attempts: z.int().check(z.positive()),
  /** A stable code: smtp_unreachable, webhook_host_not_allowed, webhook_status_500, … */
  lastError: z.string(),
  /** When the next attempt is due; null once given up. */
  nextAttemptAt: z.nullable(timestampSchema),
  state: z.enum(['retrying', 'given_up']),
});
export const alertFailuresAnswerSchema = z.object({ failures: z.array(alertFailureSchema) });
