export { ReceiptsService, type ReporterCaseView } from './receipts.service';
export { receiptsRoutes } from './receipts.routes';
export { FollowUpAllowance } from './follow-up-allowance';
