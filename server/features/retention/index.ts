export { RetentionService, type RetentionDeps } from './retention.service';
