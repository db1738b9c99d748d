export { ReceiptsService, type ReporterCaseView } from './receipts.service';
export { receiptsRoutes } from './receipts.routes';
