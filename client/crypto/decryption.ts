/**
 * The one place the clients decrypt a message. Whatever it is (report, follow-up, note, reply,
 * attachment part), what comes out is attacker-controlled and attacker-sized: a few kilobytes
 * compressed inside the encryption (stock GnuPG and Sequoia compress by default) can expand to
 * hundreds of megabytes. Every decryption therefore names the most plaintext it accepts, and the
 * library stops decompressing there. Compression itself stays accepted: hand-made reports from
 * GnuPG and Sequoia arrive compressed.
 */
import { decrypt, readMessage, type Message, type PrivateKey, type PublicKey } from 'openpgp';
import { STRICT_CONFIG } from './config';
import { CryptoError } from './errors';
import type { VerifiedDirectory } from './directory';
import {
  checkSignature,
  latestSignatureTime,
  readDirectorySigners,
  signerOf,
  type CheckedSignature,
  type FoundSigner,
  type SignerKey,
} from './signatures';

/** OpenPGP framing around the plaintext of an uncompressed message: key packets, headers, MDC. */
const FRAMING_ALLOWANCE_BYTES = 64 * 1024;

/**
 * Decrypts `message` (armored or binary) with an unlocked key, producing at most `maxBytes` of
 * plaintext. Throws CryptoError('plaintext_too_large') when the message is, or would decompress
 * to, more than that, and CryptoError('decryption_failed') when the key does not open it or it
 * was altered. Never returns unauthenticated data (SEIPD integrity is enforced).
 */
export async function decryptBounded(
  message: Uint8Array | string,
  decryptionKey: PrivateKey,
  maxBytes: number,
): Promise<Uint8Array> {
  return (await decryptBoundedVerifying(message, decryptionKey, maxBytes, [], new Date())).data;
}

/**
 * Like decryptBounded, and also checks every signature packet inside the encryption against
 * `verificationKeys`, as of `verificationDate` (a signature made after it is not valid). An
 * unsigned message, or one signed by a key not among them, still decrypts: the caller decides
 * how to label it, from `signatures`. Signature failures never throw; the decryption failures
 * are decryptBounded's.
 */
export async function decryptBoundedVerifying(
  message: Uint8Array | string,
  decryptionKey: PrivateKey,
  maxBytes: number,
  verificationKeys: readonly PublicKey[],
  verificationDate: Date,
): Promise<{ data: Uint8Array; signatures: readonly CheckedSignature[] }> {
  // Security: refuse before parsing what cannot be an uncompressed message within the bound.
  const ciphertextBound = maxBytes + FRAMING_ALLOWANCE_BYTES;
  if (
    typeof message === 'string'
      ? message.length > Math.ceil(ciphertextBound * 1.4)
      : message.length > ciphertextBound
  ) {
    throw tooLarge(maxBytes);
  }
  const config = { ...STRICT_CONFIG, maxDecompressedMessageSize: maxBytes };
  let data: Uint8Array;
  let signatures: readonly CheckedSignature[];
  try {
    const parsed: Message<Uint8Array | string> =
      typeof message === 'string'
        ? await readMessage({ armoredMessage: message, config })
        : await readMessage({ binaryMessage: message, config });
    const result = await decrypt({
      message: parsed,
      decryptionKeys: decryptionKey,
      verificationKeys: [...verificationKeys],
      // Security: an unsigned or foreign-signed message is returned for the caller to label,
      // never hidden; each signature's own check below decides.
      expectSigned: false,
      date: verificationDate,
      format: 'binary',
      config,
    });
    data = result.data as Uint8Array;
    signatures = await Promise.all(result.signatures.map(checkSignature));
  } catch (error) {
    // The library reports an exceeded decompression bound only through its message text.
    if (error instanceof Error && /maximum decompressed/i.test(error.message)) {
      throw tooLarge(maxBytes);
    }
    throw new CryptoError('decryption_failed', 'This message cannot be decrypted with this key.');
  }
  if (data.length > maxBytes) throw tooLarge(maxBytes);
  return { data, signatures };
}

/**
 * decryptBoundedVerifying against the caseworker keys of a verified directory, current and
 * retired (readDirectorySigners), as of now, and the one of them that made the message's only
 * valid signature (signerOf): null when unsigned, signed otherwise, or `directory` is null
 * (nothing can be verified). The caller still checks what the signature binds it to.
 */
export async function decryptSignedByDirectory(
  message: Uint8Array | string,
  decryptionKey: PrivateKey,
  maxBytes: number,
  directory: VerifiedDirectory | null,
): Promise<{
  data: Uint8Array;
  signatures: readonly CheckedSignature[];
  found: FoundSigner<SignerKey> | null;
}> {
  const signers = directory ? await readDirectorySigners(directory, 'current-and-retired') : [];
  const { data, signatures } = await decryptBoundedVerifying(
    message,
    decryptionKey,
    maxBytes,
    signers.map((signer) => signer.key),
    latestSignatureTime(),
  );
  return { data, signatures, found: signerOf(signatures, signers) };
}

function tooLarge(maxBytes: number): CryptoError {
  return new CryptoError(
    'plaintext_too_large',
    `This message holds more than ${maxBytes} bytes, more than the service accepts; it is not opened.`,
  );
}
