/**
 * The server's only door to OpenPGP. It inspects structure and verifies the organisation's
 * signature; it never decrypts and never holds a secret key.
 */
export { dearmorMessage, armorMessage, ArmorError } from './armor';
export {
  inspectEncryptedMessage,
  MessageRefusedError,
  type MessageRefusalCode,
} from './encrypted-message';
export {
  inspectPublicKey,
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
export {
  removeRecipients,
  RecipientRemovalError,
  type RecipientRemoval,
  type RecipientRemovalErrorCode,
} from './recipient-removal';
export { addRecipient, keyPacketsOf, RecipientSharingError } from './recipient-sharing';
