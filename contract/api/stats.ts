/**
 * /api/stats/* (docs/http-api.md "Statistics"): analysts and admins. Nothing here carries a
 * report, a message or a name: protected tables of triage codes, their disclosure risk, and the
 * ledger of releases.
 */
import * as z from 'zod/mini';
import {
  AUDIENCES,
  COUNTRY_PATTERN,
  HEX_ID_PATTERN,
  MONTH_PATTERN,
  PERIOD_UNITS,
  SHA256_HEX_PATTERN,
  STATS_COLUMNS,
} from '../vocabulary';
import { hexIdSchema, timestampSchema } from './common';

const month = z.string().check(z.regex(MONTH_PATTERN));

/**
 * One statistics table: rows are periods, columns one code, optionally restricted to one
 * country. k, rounding and ε are checked against the configured minimums, and the partner id
 * against the registry, by the service.
 */
export const statsRequestSchema = z.strictObject({
  columns: z.enum(STATS_COLUMNS),
  periodUnit: z.enum(PERIOD_UNITS),
  from: month,
  to: month,
  // One country only, for category or outcome columns (e.g. "pressure through relatives in
  // Germany"): filters on other codes would link tables in ways the audit does not model
  // cheaply (server/features/stats/disclosure-control.ts).
  filter: z.optional(z.strictObject({ country: z.string().check(z.regex(COUNTRY_PATTERN)) })),
  audience: z.enum(AUDIENCES),
  // The id of a registered partner, never a name: free text would let "Partner A" and
  // "partner a " be two audiences, each audited without the other's releases.
  partnerId: z.optional(z.string().check(z.regex(HEX_ID_PATTERN))),
  k: z.optional(z.int().check(z.minimum(2), z.maximum(1000))),
  roundingBase: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
  epsilon: z.optional(z.number().check(z.minimum(0.01), z.maximum(10))),
});
export type StatsRequest = z.infer<typeof statsRequestSchema>;

/**
 * A release: the table request; optionally the digest of the preview it was decided on (the
 * dashboard always sends it; a different table today is refused with 409 `preview_outdated`);
 * and consent to spend more ε than the budget: `acceptedEpsilonSpent` is the spend the analyst
 * saw and accepted (a higher one is refused), `confirmBudgetOverrun` the CLI's plain yes.
 */
export const releaseRequestSchema = z.strictObject({
  ...statsRequestSchema.def.shape,
  previewDigest: z.optional(z.string().check(z.regex(SHA256_HEX_PATTERN))),
  acceptedEpsilonSpent: z.optional(z.number().check(z.minimum(0), z.maximum(1000))),
  confirmBudgetOverrun: z.optional(z.literal(true)),
});
export type ReleaseRequest = z.infer<typeof releaseRequestSchema>;

const statsValue = z.nullable(z.int().check(z.nonnegative()));
const header = z.object({ key: z.string(), label: z.string() });
const nonNegative = z.number().check(z.nonnegative());

/** A published table: `null` is a suppressed value. */
export const statsTableSchema = z.object({
  unit: z.enum(PERIOD_UNITS),
  rows: z.array(header),
  columns: z.array(header),
  cells: z.array(z.array(statsValue)),
  rowTotals: z.array(statsValue),
  columnTotals: z.array(statsValue),
  grandTotal: statsValue,
});
export type StatsTableAnswer = z.infer<typeof statsTableSchema>;

export const statsRiskSchema = z.object({
  k: z.int().check(z.nonnegative()),
  roundingBase: z.int().check(z.nonnegative()),
  epsilon: z.nullable(nonNegative),
  cellsPublished: z.int().check(z.nonnegative()),
  cellsSuppressed: z.int().check(z.nonnegative()),
  totalsSuppressed: z.int().check(z.nonnegative()),
  smallestPublished: z.nullable(z.int().check(z.nonnegative())),
  casesCounted: z.nullable(z.int().check(z.nonnegative())),
  earlierReleasesConsidered: z.int().check(z.nonnegative()),
  epsilonSpent: nonNegative,
  epsilonBudget: nonNegative,
  budgetExceeded: z.boolean(),
});
export type StatsRiskAnswer = z.infer<typeof statsRiskSchema>;

const sha256 = z.string().check(z.regex(SHA256_HEX_PATTERN));

/**
 * `digest`: SHA-256 of what decides the released files' shape and protection (columns, rows,
 * published values, suppressed cells, linked releases, k, rounding, ε and ε spent); a release
 * that sends it back is refused when any of it changed since.
 */
export const statsPreviewSchema = z.object({
  table: statsTableSchema,
  risk: statsRiskSchema,
  digest: sha256,
});

/** The files of a release, as the server wrote and hashed them. */
export const statsReleaseSchema = z.object({
  id: hexIdSchema,
  createdAt: timestampSchema,
  table: statsTableSchema,
  risk: statsRiskSchema,
  files: z.object({ csv: z.string(), json: z.string(), svg: z.string(), timelineSvg: z.string() }),
  sha256: z.object({ csv: sha256, json: sha256, svg: sha256, timelineSvg: sha256 }),
});
export const releasedAnswerSchema = z.object({ release: statsReleaseSchema });

/** Thresholds, defaults and the codes the form offers. */
export const statsOptionsSchema = z.object({
  audiences: z.object({
    public: z.object({ k: z.int().check(z.nonnegative()) }),
    partner: z.object({ k: z.int().check(z.nonnegative()) }),
  }),
  /** Partner organisations an administrator registered; releases name them by id. */
  partners: z.array(z.object({ id: hexIdSchema, name: z.string() })),
  /** The configured rounding base: the smallest the server accepts. */
  roundingBase: z.int().check(z.nonnegative()),
  epsilonBudget: nonNegative,
  categories: z.array(z.string()),
  outcomes: z.array(z.string()),
  columns: z.array(z.enum(STATS_COLUMNS)),
});

/** One line of the ledger: what was released, when, by whom, under which rules. */
export const ledgerEntrySchema = z.object({
  id: z.string(),
  createdAt: timestampSchema,
  /** `account:<id>` or `admin-cli`. */
  actor: z.string(),
  audience: z.enum(AUDIENCES),
  /** null for public releases and partner releases named by free text before the registry. */
  partnerId: z.nullable(z.string()),
  partner: z.nullable(z.string()),
  request: z.object({
    columns: z.enum(STATS_COLUMNS),
    periodUnit: z.enum(PERIOD_UNITS),
    from: month,
    to: month,
    filter: z.nullable(z.object({ country: z.string() })),
  }),
  k: z.int(),
  roundingBase: z.int(),
  epsilon: z.nullable(z.number()),
  /** Releases from before timelines have no `timelineSvg` hash. */
  sha256: z.record(z.string(), z.string()),
});
export const ledgerAnswerSchema = z.object({ releases: z.array(ledgerEntrySchema) });
