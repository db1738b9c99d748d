/**
 * client/crypto: the only module of the clients and tools that imports openpgp.
 * Intention-named functions; every call passes OPENPGP_CONFIG; failures are typed CryptoErrors.
 */
export { CryptoError, type CryptoErrorCode } from './errors';
export {
  generateProtectedKeyPair,
  generateReplyKey,
  REPLY_KEY_USER_ID,
  type GeneratedKeyPair,
} from './keys';
export {
  signRecipientDirectory,
  verifyRecipientDirectory,
  type DirectoryRecipient,
  type RetiredDirectoryKey,
  type VerifiedDirectory,
} from './directory';
export { encryptForDirectory, encryptReport, armorBinaryMessage, decryptMessage } from './messages';
export { MAX_PLAINTEXT_BYTES } from './plaintext-limits';
export {
  createReceipt,
  normaliseReceipt,
  deriveReceiptVerifier,
  deriveReplyKeyPassphrase,
} from './receipt';
export { createAttachmentId, createMessageId, createSubmissionId } from './random';
export {
  prepareReportSubmission,
  type PreparedSubmission,
  type ReportSubmissionBody,
} from './submission';
export {
  generateCaseworkerKey,
  importGnuPGSecretKey,
  reprotectCaseworkerKey,
  unlockCaseworkerKey,
  lockCaseworkerKey,
  decryptWithCaseworkerKey,
  CaseworkerKeyError,
  CASEWORKER_KEY_USER_ID,
  MIN_KEY_PASSPHRASE_LENGTH,
  type CaseworkerKeyErrorCode,
  type ProtectedCaseworkerKey,
  type UnlockedCaseworkerKey,
} from './caseworker-keys';
export {
  encryptCaseNote,
  encryptSignedReply,
  decryptCaseworkerMessage,
  decryptFollowUp,
  replyKeyFingerprintOf,
  rewrapKeyPackets,
  recipientKeyIdsOf,
  CaseMessageError,
  CASE_NOTE_NOTATION,
  type CaseMessageErrorCode,
  type CaseworkerMessagePlace,
  type CaseworkerSignature,
  type CaseworkerSigner,
} from './case-messages';
export { MESSAGE_ID_NOTATION, storedMessageId, type ThreadEntryRef } from './message-ids';
export {
  unlockReplyKey,
  decryptReply,
  encryptSignedFollowUp,
  type DecryptedReply,
  type UnlockedReplyKey,
} from './reporter-messages';
export {
  signReplyKeyConfirmation,
  verifyReplyKeyConfirmation,
  type VerifiedReplyKeyConfirmation,
} from './reply-key-confirmations';
export { REPLY_KEY_NOTATION, type Signer } from './signatures';
export {
  wrapLinkingKey,
  unwrapLinkingKey,
  linkingKeyMissingRecipients,
  encryptLinkIdentifiers,
  decryptLinkIdentifiers,
  LinkingKeyError,
  type LinkingKeyErrorCode,
  type StatedIdentifier,
} from './linking-keys';
export {
  encryptBackupToOrganisation,
  unsafeDecryptBackupStream,
  BackupError,
  type BackupErrorCode,
} from './backups';
