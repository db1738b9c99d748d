export {
  AuditLogService,
  caseRefOf,
  GENESIS_HASH,
  hashEntry,
  type ChainVerdict,
} from './audit-log.service';
export { AuditLogRepository, type AuditEntry } from './audit-log.repository';
