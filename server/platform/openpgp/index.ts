/**
 * The server's only door to OpenPGP. It inspects structure and verifies signatures (the
 * organisation's on the directory, a caseworker's on a statement they sign); it never decrypts
 * and never unlocks a secret key. For the no-JavaScript form alone it encrypts, as the reporter's
 * browser would, and makes that report's reply key, protected before it leaves the library.
 */
export { dearmorMessage, armorMessage, ArmorError } from './armor';
export {
  inspectEncryptedMessage,
  MessageRefusedError,
  type MessageRefusalCode,
} from './encrypted-message';
export {
  inspectPublicKey,
  publicKeyFingerprint,
  KeyRefusedError,
  MAX_ARMORED_KEY_CHARS,
  type InspectedPublicKey,
} from './public-keys';
export {
  verifySignedDirectory,
  inspectOrganisationKey,
  DirectorySignatureError,
  type VerifiedDirectoryPayload,
} from './signed-directory';
export { checkProtectedSecretKey } from './protected-secret-keys';
export { verifySignedStatement, StatementSignatureError } from './signed-statement';
export {
  removeRecipients,
  RecipientRemovalError,
  type RecipientRemoval,
  type RecipientRemovalErrorCode,
} from './recipient-removal';
export { addRecipient, keyPacketsOf, RecipientSharingError } from './recipient-sharing';
export { encryptToRecipients, generateReplyKeyPair, type ReplyKeyPair } from './report-encryption';
