export { CasesRepository, type CaseRecord, type CodedCaseCount } from './cases.repository';
export { CaseSnapshot } from './case-snapshot';
export { TriageService, DEFAULT_PAGE_SIZE } from './triage.service';
export {
  triageChangeSchema,
  caseListQuerySchema,
  type CaseListQuery,
  type TriageChange,
} from './triage.schema';
export * from './triage-codes';
