/**
 * What the reporter is told when the server refuses a file part for good. Every message says
 * that the report, and the files sent before, were received: a refusal never undoes them.
 */
import type { MessageKey } from '../../shared/i18n/catalogues';

const REFUSAL_MESSAGES: ReadonlyMap<string, MessageKey> = new Map([
  // The deployment is near full: nothing the reporter can change now, but later may work.
  ['storage_full', 'form.attachments.storageFull'],
  // The report (with its follow-ups) already holds as many files, or bytes, as one may.
  ['too_many_attachments', 'form.attachments.tooMany'],
  ['attachments_too_large', 'form.attachments.reportFull'],
]);

export function attachmentRefusalMessage(code: string | null): MessageKey {
  return REFUSAL_MESSAGES.get(code ?? '') ?? 'form.attachments.failed';
}
