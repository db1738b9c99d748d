import { CodedError } from '../../contract/coded-error';

export type CryptoErrorCode =
  | 'directory_signature_invalid'
  | 'directory_wrong_organisation'
  | 'directory_expired'
  | 'directory_outdated'
  | 'directory_malformed'
  | 'recipient_key_invalid'
  | 'wrong_passphrase'
  | 'decryption_failed'
  | 'plaintext_too_large';

/** Every crypto failure is typed and final: callers stop, they never retry with weaker settings. */
export class CryptoError extends CodedError<CryptoErrorCode> {
  override readonly name = 'CryptoError';
}
