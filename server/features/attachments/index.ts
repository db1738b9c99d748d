export { AttachmentsService, type AttachmentLimits } from './attachments.service';
export { AttachmentPartsRepository, type AttachmentPart } from './attachment-parts.repository';
export { attachmentsRoutes } from './attachments.routes';
