import { z } from 'zod';
import { COUNTRY_PATTERN, MONTH_PATTERN } from '../triage';

export const STATS_COLUMNS = ['category', 'country', 'outcome'] as const;
export type StatsColumn = (typeof STATS_COLUMNS)[number];
export const PERIOD_UNITS = ['month', 'quarter'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export const AUDIENCES = ['public', 'partner'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Ten years of months: enough for any advocacy period, small enough to audit. */
export const MAX_RANGE_MONTHS = 120;

/**
 * One statistics table (docs/staff-api.md "Statistics"): rows are periods, columns one code,
 * optionally restricted to one category or one country. k, rounding and ε are checked against
 * the configured minimums by the service, which knows them.
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
    partner: z
      .string()
      .trim()
      .min(1)
      .max(80)
      // Names only: no control or bidi characters in what lands in file headers.
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} .,&()'-]*$/u)
      .optional(),
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
