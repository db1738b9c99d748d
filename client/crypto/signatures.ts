/**
 * Who signed a message on the reply path (SECURITY.md "Authenticated replies"). Anyone who can
 * write to the database can plant a message encrypted to a reporter's reply key or to the
 * caseworkers: encryption says nothing about the sender. So caseworker replies are signed with
 * the caseworker's key and checked against the organisation-signed directory, and reporter
 * follow-ups are signed with the report's reply key and checked against the key the encrypted
 * report names. Exactly one signature, valid, by an expected key: anything else is unsigned.
 *
 * A former caseworker's key (retired in the directory) is kept to verify what they signed while
 * they were one, never anything signed after the day it was retired: keys are offboarded
 * precisely because they may be in the wrong hands. Its holder can still backdate a signature to
 * before that day (the signature's time is theirs to write), which is why such a signer is only
 * ever shown as a former caseworker, with the day the signature itself names.
 */
import { encrypt, readKey, type Message, type PublicKey } from 'openpgp';
import { armorBlockCount, MAX_ARMORED_KEY_CHARS } from '../../contract/key-policy';
import { OPENPGP_CONFIG } from './config';
import type { VerifiedDirectory } from './directory';

/**
 * The notation every caseworker reply signature carries: the fingerprint of the reply key it was
 * written for. A reporter's page accepts a signed reply only for its own reply key, so a reply
 * someone received on their own report cannot be re-encrypted and planted in another case.
 */
export const REPLY_KEY_NOTATION = 'reply-key@amanat';

/**
 * How far a signer's clock may run ahead of the reader's: a signature "from the future" does not
 * verify, and a genuine reply must not look forged because a phone's clock is late.
 */
const SIGNATURE_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

/** What one signature packet inside a message turned out to be. */
export interface CheckedSignature {
  /** The issuer key id it names (16 lower-case hex digits): a primary key or a signing subkey. */
  readonly keyId: string;
  /** True only when it verified with one of the verification keys (at its creation time). */
  readonly valid: boolean;
  /** Its human-readable notations (name → text), read only from a valid signature. */
  readonly notations: ReadonlyMap<string, string>;
  /** When a valid signature says it was made (its signer's clock); null when not valid. */
  readonly created: Date | null;
}

/** A key that may have signed, with what the directory says about it. */
export interface SignerKey {
  /** Lower-case hex v4 fingerprint of the primary key. */
  readonly fingerprint: string;
  /** True for a former caseworker's key: kept to verify, never encrypted to. */
  readonly retired: boolean;
  /**
   * For a retired key: the first instant its signatures are refused, the end of the day it was
   * retired (UTC). Null for a current key.
   */
  readonly refusedFrom: Date | null;
  readonly key: PublicKey;
}

/** Who signed, as shown to people. */
export interface Signer {
  readonly fingerprint: string;
  readonly retired: boolean;
  /** The day (YYYY-MM-DD, UTC) the signature says it was made. */
  readonly signedOn: string;
}

/** Which directory keys may have signed: a reply-key confirmation only ever a current one. */
export type SignerChoice = 'current' | 'current-and-retired';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The latest signature time accepted when verifying now (see SIGNATURE_CLOCK_SKEW_MS). */
export function latestSignatureTime(): Date {
  return new Date(Date.now() + SIGNATURE_CLOCK_SKEW_MS);
}

interface VerificationShape {
  readonly keyID: { toHex(): string };
  readonly verified: Promise<unknown>;
  readonly signature: Promise<{ readonly packets: readonly unknown[] }>;
}

interface SignaturePacketShape {
  readonly rawNotations?: readonly NotationShape[];
  readonly created?: Date | null;
}

interface NotationShape {
  readonly name: string;
  readonly value: Uint8Array;
  readonly humanReadable: boolean;
}

/**
 * Settles one of openpgp's verification results. Any exception while verifying means "not
 * valid": nothing about a bad signature is trusted, and nothing about it throws.
 */
export async function checkSignature(verification: VerificationShape): Promise<CheckedSignature> {
  const keyId = verification.keyID.toHex().toLowerCase();
  try {
    await verification.verified;
    const signature = await verification.signature;
    const packet = signature.packets[0] as SignaturePacketShape | undefined;
    const notations = new Map<string, string>();
    for (const notation of packet?.rawNotations ?? []) {
      if (notation.humanReadable) {
        notations.set(notation.name, new TextDecoder().decode(notation.value));
      }
    }
    const created = packet?.created;
    // A signature without a creation time says nothing about when it was made: not valid.
    if (!(created instanceof Date) || Number.isNaN(created.getTime())) throw new Error('no time');
    return { keyId, valid: true, notations, created };
  } catch {
    return { keyId, valid: false, notations: new Map(), created: null };
  }
}

/**
 * Every key of a verified directory that may have signed: the current caseworkers and, with
 * 'current-and-retired', the retired keys of former ones, each with the end of its retirement
 * day. A retired key whose day the directory does not name is left out: nothing says until when
 * it signed as a caseworker (format 1 directories list no retired keys at all, and format 2
 * always names the day). An entry whose key does not read or does not have its listed
 * fingerprint is left out too (it then verifies nothing).
 */
export async function readDirectorySigners(
  directory: VerifiedDirectory,
  choice: SignerChoice,
): Promise<SignerKey[]> {
  const entries = [
    ...directory.recipients.map((recipient) => ({ ...recipient, refusedFrom: null })),
    ...(choice === 'current-and-retired'
      ? directory.retired.flatMap((retired) => {
          const refusedFrom = endOfDay(retired.retiredOn);
          return refusedFrom ? [{ ...retired, refusedFrom }] : [];
        })
      : []),
  ];
  const signers: SignerKey[] = [];
  for (const entry of entries) {
    const key = await readPublicKey(entry.publicKey);
    if (key && key.getFingerprint().toLowerCase() === entry.fingerprint.toLowerCase()) {
      signers.push({
        fingerprint: entry.fingerprint.toLowerCase(),
        retired: entry.refusedFrom !== null,
        refusedFrom: entry.refusedFrom,
        key,
      });
    }
  }
  return signers;
}

/** The instant a day (YYYY-MM-DD, UTC) ends, or null when it is not a real day. */
function endOfDay(day: string | null): Date | null {
  if (day === null) return null;
  const start = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== day) return null;
  return new Date(start.getTime() + DAY_MS);
}

/** One armored public key, or null when it is oversized, not exactly one key, or unreadable. */
export async function readPublicKey(armored: string): Promise<PublicKey | null> {
  if (armored.length > MAX_ARMORED_KEY_CHARS) return null;
  if (armorBlockCount(armored) !== 1) return null;
  try {
    const key = await readKey({ armoredKey: armored, config: OPENPGP_CONFIG });
    return key.isPrivate() ? null : key;
  } catch {
    return null;
  }
}

/** What signerOf found: the key, the signature's notations and the day it names. */
export interface FoundSigner<T extends SignerKey> {
  readonly signer: T;
  readonly notations: ReadonlyMap<string, string>;
  /** The day (YYYY-MM-DD, UTC) the signature says it was made. */
  readonly signedOn: string;
}

/**
 * The one key among `candidates` that made the message's only signature, or null: unsigned,
 * more than one signature, a signature that does not verify, one by any other key, or one by a
 * retired key that says it was made after the day that key was retired.
 */
export function signerOf<T extends SignerKey>(
  signatures: readonly CheckedSignature[],
  candidates: readonly T[],
): FoundSigner<T> | null {
  const [only, ...others] = signatures;
  if (!only || others.length > 0 || !only.valid || only.created === null) return null;
  const signer = candidates.find((candidate) =>
    candidate.key.getKeys().some((key) => key.getKeyID().toHex().toLowerCase() === only.keyId),
  );
  if (!signer) return null;
  // Security: an offboarded key may be in the wrong hands; what it signs afterwards is not a
  // caseworker's. Keep before any caller names the signer.
  if (signer.refusedFrom !== null && only.created.getTime() >= signer.refusedFrom.getTime()) {
    return null;
  }
  return { signer, notations: only.notations, signedOn: only.created.toISOString().slice(0, 10) };
}

/** A found signer as shown to people. */
export function shownSigner(found: FoundSigner<SignerKey>): Signer {
  return {
    fingerprint: found.signer.fingerprint,
    retired: found.signer.retired,
    signedOn: found.signedOn,
  };
}

/** The public keys of a verified directory's current caseworkers: who every message is for. */
export async function readRecipientKeys(directory: VerifiedDirectory): Promise<PublicKey[]> {
  return await Promise.all(
    directory.recipients.map((recipient) =>
      readKey({ armoredKey: recipient.publicKey, config: OPENPGP_CONFIG }),
    ),
  );
}

/**
 * Encrypts an already signed message (one-pass signature, literal data, signature) to `keys`:
 * PKESK v3 per key + SEIPD v1, binary, uncompressed. Done apart from signing so the signature
 * keeps its own time while the recipients' keys are checked as of now.
 */
export async function encryptSignedMessage(
  signed: Message<Uint8Array>,
  keys: readonly PublicKey[],
): Promise<Uint8Array> {
  // openpgp's stream-aware return types do not resolve without its optional stream typings.
  return (await encrypt({
    message: signed,
    encryptionKeys: [...keys],
    format: 'binary',
    config: OPENPGP_CONFIG,
  })) as Uint8Array;
}
