import { z } from 'zod';
import { COUNTRY_PATTERN, MONTH_PATTERN } from '../triage';

export const STATS_COLUMNS = ['category', 'country', 'outcome'] as const;
export type StatsColumn = (typeof STATS_COLUMNS)[number];
export const PERIOD_UNITS = ['month', 'quarter'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export const AUDIENCES = ['public', 'partner'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** A registered partner's id: random, 32 lower-case hex digits. */
export const PARTNER_ID_PATTERN = /^[0-9a-f]{32}$/;
export const MAX_PARTNER_NAME_LENGTH = 80;
/** A partner's display name: names only, no control or bidi characters in file headers. */
export const PARTNER_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .,&()'-]*$/u;

/** Ten years of months: enough for any advocacy period, small enough to audit. */
export const MAX_RANGE_MONTHS = 120;

/**
 * One statistics table (docs/staff-api.md "Statistics"): rows are periods, columns one code,
 * optionally restricted to one category or one country. k, rounding and ε are checked against
 * the configured minimums, and the partner id against the registry, by the service.
 */
export const statsRequestSchema = z
  .object({
    columns: z.enum(STATS_COLUMNS),
    periodUnit: z.enum(PERIOD_UNITS),
    from: z.string().regex(MONTH_PATTERN),
    to: z.string().regex(MONTH_PATTERN),
    // One country only, for category or outcome columns (e.g. "pressure through relatives in
    // Germany"): filters on other codes would link tables in ways the audit does not model
    // cheaply (disclosure-control.ts).
    filter: z
      .object({ country: z.string().regex(COUNTRY_PATTERN) })
      .strict()
      .optional(),
    audience: z.enum(AUDIENCES),
    // The id of a registered partner (stats-partners.ts), never a name: free text would let
    // "Partner A" and "partner a " be two audiences, each audited without the other's releases.
    partnerId: z.string().regex(PARTNER_ID_PATTERN).optional(),
    k: z.number().int().min(2).max(1000).optional(),
    roundingBase: z.number().int().min(1).max(100).optional(),
    epsilon: z.number().min(0.01).max(10).optional(),
  })
  .strict();
export type StatsRequest = z.infer<typeof statsRequestSchema>;

export const releaseRequestSchema = statsRequestSchema
  .extend({ confirmBudgetOverrun: z.literal(true).optional() })
  .strict();
export type ReleaseRequest = z.infer<typeof releaseRequestSchema>;
