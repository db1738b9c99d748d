/** The reporter's way back, as the API contract defines it. */
export {
  followUpRequestSchema as followUpSchema,
  openCaseRequestSchema as openCaseSchema,
} from '../../../contract/api/reporter';
