/**
 * What a reporter's browser does with OpenPGP, done on the server for the no-JavaScript form
 * (features/no-js-forms): encrypt a report to the directory's caseworkers and make the report's
 * reply key. In memory only; nothing here decrypts or unlocks anything.
 *
 * The profile is the reporter page's (contract/openpgp-profile.ts), so every message and key
 * opens with stock GnuPG 2.2 and passes the same intake checks as the browser's
 * (tests/integration/no-js-forms.test.ts). One difference: the reply key's S2K count
 * (REPLY_KEY_S2K_COUNT_BYTE).
 */
import {
  armor,
  createMessage,
  encrypt,
  enums,
  generateKey,
  readKey,
  readPrivateKey,
  type PartialConfig,
} from 'openpgp';
import { OPENPGP_PROFILE } from '../../../contract/openpgp-profile';
import { REPORTER_TIMESTAMP } from '../../../contract/reporter-time';

/**
 * The reply key's S2K count: the lowest (octet 0, 1,024 octets hashed). Its passphrase is an
 * HKDF output of the receipt (contract/receipt.ts), 160 random bits, far beyond guessing, so
 * stretching adds nothing; the browser's count (octet 255, 65 MB hashed per secret part) held
 * this server's event loop for hundreds of milliseconds per form post. Still iterated S2K, as
 * intake requires; the page unlocks a key at any count.
 */
const REPLY_KEY_S2K_COUNT_BYTE = 0;

const REPORTER_PROFILE: PartialConfig = Object.freeze({
  ...OPENPGP_PROFILE,
  s2kIterationCountByte: REPLY_KEY_S2K_COUNT_BYTE,
});

/**
 * Encrypts `plaintext` to exactly these public keys (the current directory's recipients) and
 * armors it, with the CRC24 line, as POST /api/reports takes it. The literal data packet carries
 * REPORTER_TIMESTAMP, not the moment of encryption, like the browser's.
 */
export async function encryptToRecipients(
  plaintext: Uint8Array,
  armoredPublicKeys: readonly string[],
): Promise<string> {
  if (armoredPublicKeys.length === 0) throw new Error('A report needs at least one recipient.');
  const encryptionKeys = await Promise.all(
    armoredPublicKeys.map((armoredKey) => readKey({ armoredKey, config: REPORTER_PROFILE })),
  );
  const message = await createMessage({
    binary: plaintext,
    format: 'binary',
    date: REPORTER_TIMESTAMP,
  });
  // openpgp's stream-aware return types do not resolve without its optional stream typings.
  const bytes = (await encrypt({
    message,
    encryptionKeys,
    format: 'binary',
    config: REPORTER_PROFILE,
  })) as Uint8Array;
  return armor(enums.armor.message, bytes, undefined, undefined, undefined, true);
}

export interface ReplyKeyPair {
  /** Lower-case hex, as the encrypted report names it. */
  readonly fingerprint: string;
  readonly armoredPublicKey: string;
  /** Protected with the passphrase (iterated S2K, lowest count): the server never holds it unlocked. */
  readonly armoredSecretKey: string;
}

/**
 * A report's reply key pair as the browser makes it: Ed25519 with a Curve25519 encryption
 * subkey, the one user id intake allows, every key and self-signature at REPORTER_TIMESTAMP,
 * the secret half protected with `passphrase` (the receipt-derived one).
 */
export async function generateReplyKeyPair(
  userId: string,
  passphrase: string,
): Promise<ReplyKeyPair> {
  if (passphrase.length === 0) throw new Error('A passphrase is required to protect a secret key.');
  const { privateKey, publicKey } = await generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name: userId }],
    passphrase,
    format: 'armored',
    date: REPORTER_TIMESTAMP,
    config: REPORTER_PROFILE,
  });
  const parsed = await readPrivateKey({ armoredKey: privateKey, config: REPORTER_PROFILE });
  return {
    fingerprint: parsed.getFingerprint().toLowerCase(),
    armoredPublicKey: publicKey,
    armoredSecretKey: privateKey,
  };
}
