/** /api/stats/* requests and the statistics vocabulary, as the API contract defines them. */
export {
  releaseRequestSchema,
  statsRequestSchema,
  type ReleaseRequest,
  type StatsRequest,
} from '../../../contract/api/stats';
export {
  AUDIENCES,
  HEX_ID_PATTERN as PARTNER_ID_PATTERN,
  MAX_PARTNER_NAME_LENGTH,
  MAX_RANGE_MONTHS,
  PARTNER_NAME_PATTERN,
  PERIOD_UNITS,
  STATS_COLUMNS,
  type Audience,
  type PeriodUnit,
  type StatsColumn,
} from '../../../contract/vocabulary';
