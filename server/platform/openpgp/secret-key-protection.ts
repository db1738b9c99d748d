/**
 * How each part of a passphrase-protected secret key is protected (RFC 4880 sections 3.7 and
 * 5.5.3): the S2K usage octet, the S2K specifier (type, hash, iteration count) and the cipher.
 * The server never unlocks the key; it reads these fields so a caller's policy can refuse
 * protection that makes an offline guess at the passphrase cheap.
 */
import { enums, readPrivateKey, type PrivateKey } from 'openpgp';
import { armorBlockCount } from '../../../contract/key-policy';
import { KeyRefusedError, MAX_ARMORED_KEY_CHARS } from './public-keys';

export interface SecretPartProtection {
  /** 0 for the primary key, 1… for the subkeys in the order the key lists them. */
  readonly index: number;
  /**
   * The S2K usage octet: 0 unprotected, 254 CFB with a SHA-1 check, 255 CFB with a two-octet
   * sum, 253 AEAD; any other value is the cipher of the pre-RFC 4880 convention (no S2K at all).
   */
  readonly usage: number;
  /** 'iterated', 'salted', 'simple', 'argon2', 'gnu-dummy' (a GnuPG stub); null without S2K. */
  readonly s2kType: string | null;
  /** The S2K hash (openpgp's name, e.g. 'sha256'), or null. */
  readonly hash: string | null;
  /** Iterated S2K only: the coded count octet and the octets hashed per guess it stands for. */
  readonly countByte: number | null;
  readonly countOctets: number | null;
  /** The cipher that encrypts the secret material (openpgp's name, e.g. 'aes256'), or null. */
  readonly cipher: string | null;
}

interface SecretKeyPacketShape {
  readonly s2kUsage?: number;
  readonly symmetric?: number | null;
  readonly s2k?: {
    readonly type?: string;
    readonly algorithm?: number;
    readonly c?: number;
    getCount?(): number;
  } | null;
}

/** Reads the protection of every secret part; refuses input that is not one armored key. */
export async function readSecretKeyProtection(armoredKey: string): Promise<SecretPartProtection[]> {
  const key = await readOneArmoredSecretKey(armoredKey);
  const packets = [key.keyPacket, ...key.subkeys.map((subkey) => subkey.keyPacket)];
  return packets.map((packet, index) => describe(packet as unknown as SecretKeyPacketShape, index));
}

/** Parses one armored secret key (size-bounded, a single block); KeyRefusedError otherwise. */
export async function readOneArmoredSecretKey(armoredKey: string): Promise<PrivateKey> {
  if (armoredKey.length > MAX_ARMORED_KEY_CHARS || armorBlockCount(armoredKey) !== 1) {
    throw new KeyRefusedError('key_unreadable', 'Expected exactly one armored secret key block.');
  }
  try {
    return await readPrivateKey({ armoredKey });
  } catch {
    throw new KeyRefusedError(
      'key_unreadable',
      'This is not a readable armored OpenPGP secret key.',
    );
  }
}

function describe(packet: SecretKeyPacketShape, index: number): SecretPartProtection {
  const usage = packet.s2kUsage ?? 0;
  const s2k = usage === 0 ? null : (packet.s2k ?? null);
  const iterated = s2k?.type === 'iterated' && typeof s2k.c === 'number';
  return {
    index,
    usage,
    s2kType: s2k?.type ?? null,
    hash: s2k && s2k.type !== 'gnu-dummy' ? nameOf(enums.hash, s2k.algorithm) : null,
    countByte: iterated ? (s2k.c ?? null) : null,
    countOctets: iterated && s2k.getCount ? s2k.getCount() : null,
    cipher:
      usage === 0 || s2k?.type === 'gnu-dummy' ? null : nameOf(enums.symmetric, packet.symmetric),
  };
}

function nameOf(table: object, id: number | null | undefined): string | null {
  if (typeof id !== 'number') return null;
  const found = Object.entries(table).find(([, value]) => value === id);
  return found ? found[0] : `unknown (${id})`;
}
