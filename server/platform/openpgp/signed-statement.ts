/**
 * Verifies a short statement a caseworker signed with their own key (the confirmation of a
 * legacy report's reply key) before the server stores it for every caseworker to rely on. Only
 * a signed OpenPGP message counts (one-pass signature, literal data, signature; GnuPG's
 * `--sign`); it must carry exactly one signature, and that one must verify with the given key.
 * A second signature, by anyone, is refused rather than ignored: what is stored must say one
 * thing about one signer.
 */
import { readKey, readMessage, verify, type Key } from 'openpgp';
import { MIN_RSA_BITS } from '../../../contract/key-policy';

export class StatementSignatureError extends Error {
  override readonly name = 'StatementSignatureError';
}

export interface SignedStatementOptions {
  /** The statement's text is never allowed to decompress past this. */
  readonly maxBytes: number;
  /** Signatures made after this are not valid (the signer's clock may run a little ahead). */
  readonly latestSignatureTime: Date;
}

/**
 * The signed text, when `armoredMessage` carries exactly one signature and it is a valid one by
 * `armoredSignerKey`, whose fingerprint must be `signerFingerprint`. Throws
 * StatementSignatureError otherwise, saying why in words an admin can act on.
 */
export async function verifySignedStatement(
  armoredMessage: string,
  armoredSignerKey: string,
  signerFingerprint: string,
  options: SignedStatementOptions,
): Promise<string> {
  const config = { minRSABits: MIN_RSA_BITS, maxDecompressedMessageSize: options.maxBytes };
  let signer: Key;
  try {
    signer = await readKey({ armoredKey: armoredSignerKey, config });
  } catch {
    throw new StatementSignatureError('The signing key cannot be read.');
  }
  if (signer.getFingerprint().toLowerCase() !== signerFingerprint.toLowerCase()) {
    throw new StatementSignatureError('The signing key is not the expected key.');
  }
  let result;
  try {
    result = await verify({
      message: await readMessage({ armoredMessage, config }),
      verificationKeys: [signer],
      expectSigned: false, // the count and validity are checked below, one signature exactly
      date: options.latestSignatureTime,
      format: 'utf8',
      config,
    });
  } catch {
    throw new StatementSignatureError('This is not a signed OpenPGP message.');
  }
  if (result.signatures.length !== 1) {
    throw new StatementSignatureError(
      `A statement carries exactly one signature; this one carries ${result.signatures.length}.`,
    );
  }
  try {
    await result.signatures[0]!.verified;
  } catch {
    throw new StatementSignatureError('The signature is not a valid signature by your key.');
  }
  if (typeof result.data !== 'string' || result.data.length > options.maxBytes) {
    throw new StatementSignatureError('The signed statement is not short text.');
  }
  return result.data;
}
