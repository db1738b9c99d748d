export {
  IntakeService,
  REPLY_KEY_USER_ID,
  hashReceiptVerifier,
  type AcceptedReport,
  type MessageStorageGuard,
} from './intake.service';
export { ReportRepository, type StoredReport } from './report.repository';
export { intakeRoutes } from './intake.routes';
export {
  caseworkersAndReporter,
  caseworkersOf,
  validateEncryptedBytes,
  validateEncryptedMessage,
  type RecipientPolicy,
} from './encrypted-messages';
