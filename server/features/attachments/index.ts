export { AttachmentsService, type AttachmentLimits } from './attachments.service';
export { ConcurrentUploads } from './concurrent-uploads';
export { AttachmentPartsRepository, type AttachmentPart } from './attachment-parts.repository';
export {
  AttachmentReservationsRepository,
  type SlotRange,
} from './attachment-reservations.repository';
export { BYTE_SLOT_SIZE, ReportAllowance } from './report-allowance';
export { StorageUsageRepository, type StorageUsage } from './storage-usage.repository';
export { StorageWatermark, storageRefusal, type StorageLimits } from './storage-watermark';
export { attachmentsRoutes } from './attachments.routes';
