export { CaseExportService, type CaseExport } from './case-export.service';
export { CaseMessagesService } from './case-messages.service';
export { CaseMessagesRepository, type CaseMessage } from './case-messages.repository';
