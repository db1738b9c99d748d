/** PATCH /api/cases/:caseId and GET /api/cases, as the API contract defines them. */
export {
  caseListQuerySchema,
  triageChangeSchema,
  type CaseListQuery,
  type TriageChange,
} from '../../../contract/api/cases';
