export { CaseReadsRepository } from './case-reads.repository';
