export {
  referenceOf,
  StoredCiphertextRepository,
  type CiphertextKind,
  type CiphertextRef,
  type NextCiphertext,
  type RewriteOutcome,
  type StoredCiphertext,
} from './stored-ciphertext.repository';
export {
  StoredCiphertextService,
  type CiphertextChange,
  type SettledRewrite,
} from './stored-ciphertext.service';
