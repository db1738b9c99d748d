export { CaseExportService, type CaseExport } from './case-export.service';
