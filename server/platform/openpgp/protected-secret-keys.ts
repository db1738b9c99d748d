/**
 * Checks a passphrase-protected secret key that the server stores for someone else: the
 * per-report reply secret key (docs/design.md "Replies and follow-ups") and caseworkers' keys. The
 * server can never unlock it; it only makes sure no part of it is stored unprotected and that it
 * belongs to the given public key, and hands back what the caller's policy needs to look at.
 */
import { countUserAttributes, creationTimesOf, KeyRefusedError } from './public-keys';
import { readOneArmoredSecretKey } from './secret-key-protection';

export interface CheckedSecretKey {
  /**
   * The key re-armored from its parsed packets: armor headers (such as `Comment:`) and packets
   * outside the key's structure are dropped, the secret packets are written back as received
   * (still protected, same S2K).
   */
  readonly armoredSecretKey: string;
  readonly userIds: readonly string[];
  /** User attribute packets (photos), which `userIds` does not list. */
  readonly userAttributeCount: number;
  /** public-keys.ts creationTimesOf. */
  readonly creationTimes: readonly (Date | null)[];
}

interface SecretKeyPacketShape {
  isDecrypted(): boolean | null;
  s2k?: { type?: string } | null;
}

export async function checkProtectedSecretKey(
  armoredKey: string,
  expectedFingerprint: string,
): Promise<CheckedSecretKey> {
  const key = await readOneArmoredSecretKey(armoredKey);
  if (key.getFingerprint().toLowerCase() !== expectedFingerprint.toLowerCase()) {
    throw new KeyRefusedError('key_invalid', 'The secret key does not belong to the reply key.');
  }
  const packets = [
    key.keyPacket,
    ...key.subkeys.map((subkey) => subkey.keyPacket),
  ] as unknown as SecretKeyPacketShape[];
  // Security: every secret part must be encrypted with iterated S2K (GnuPG-importable), never
  // plain.
  for (const packet of packets) {
    if (packet.isDecrypted() !== false || packet.s2k?.type !== 'iterated') {
      throw new KeyRefusedError(
        'key_invalid',
        'Every part of the secret key must be protected with a passphrase.',
      );
    }
  }
  return {
    armoredSecretKey: key.armor(),
    userIds: key.getUserIDs(),
    userAttributeCount: countUserAttributes(key),
    creationTimes: creationTimesOf(key),
  };
}
