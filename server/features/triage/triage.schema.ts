import { z } from 'zod';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  COUNTRY_PATTERN,
  DAY_PATTERN,
  INCIDENT_CATEGORIES,
  LABEL_PATTERN,
  MONTH_PATTERN,
} from './triage-codes';

/** PATCH /api/cases/:caseId — every field optional, `null` clears; unknown fields refused. */
export const triageChangeSchema = z
  .object({
    status: z.enum(CASE_STATUSES),
    outcome: z.enum(CASE_OUTCOMES).nullable(),
    priority: z.enum(CASE_PRIORITIES),
    deadline: z.string().regex(DAY_PATTERN).nullable(),
    assigneeId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .nullable(),
    labels: z.array(z.string().trim().regex(LABEL_PATTERN)).max(20),
    incidentCategory: z.enum(INCIDENT_CATEGORIES).nullable(),
    hostCountry: z.string().regex(COUNTRY_PATTERN).nullable(),
    incidentMonth: z.string().regex(MONTH_PATTERN).nullable(),
    legalHold: z.boolean(),
  })
  .partial()
  .strict();
export type TriageChange = z.infer<typeof triageChangeSchema>;

const csv = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .max(200)
    .transform((text) => text.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)));

/** GET /api/cases query: strings only (Express's simple query parser), each checked. */
export const caseListQuerySchema = z
  .object({
    status: csv(CASE_STATUSES),
    priority: z.enum(CASE_PRIORITIES),
    assignee: z.union([z.literal('me'), z.literal('none'), z.string().regex(/^[0-9a-f]{32}$/)]),
    label: z.string().regex(LABEL_PATTERN),
    overdue: z.enum(['1', 'true']),
    receivedFrom: z.string().regex(DAY_PATTERN),
    receivedTo: z.string().regex(DAY_PATTERN),
    sort: z.enum(['urgency', 'deadline', 'received']),
    page: z.coerce.number().int().min(1).max(100_000),
    pageSize: z.coerce.number().int().min(1).max(100),
  })
  .partial()
  .strict();
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;
