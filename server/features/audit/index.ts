export {
  AuditLogService,
  caseRefOf,
  GENESIS_HASH,
  hashEntry,
  type ChainVerdict,
  type RecordOptions,
} from './audit-log.service';
export { AuditLogRepository, type AuditEntry } from './audit-log.repository';
