/** POST /api/reports, as the API contract defines it. */
export { reportSubmissionSchema, type ReportSubmission } from '../../../contract/api/reporter';
