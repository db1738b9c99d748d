export {
  CasesRepository,
  type CaseRecord,
  type CodedCaseCount,
  type InboxPageQuery,
} from './cases.repository';
export { TriageService, DEFAULT_PAGE_SIZE } from './triage.service';
export {
  triageChangeSchema,
  caseListQuerySchema,
  type CaseListQuery,
  type TriageChange,
} from './triage.schema';
export * from './triage-codes';
