/**
 * How strongly a caseworker's stored secret key must be protected. The server hands the key to
 * every browser the caseworker signs in from, so its passphrase protection is all that stands
 * between whoever copies it (a database thief, a backup reader) and an offline guess at the
 * passphrase. What the two tools caseworkers use produce is accepted:
 *   - the dashboard (client/crypto): iterated and salted S2K, SHA-256, count octet 255
 *     (65,011,712 octets hashed per guess), AES-256;
 *   - GnuPG 2.2 `--export-secret-keys`: iterated and salted S2K, SHA-1, AES-128, with the count
 *     its agent calibrates to about 100 ms of hashing (octet 255 on our machines).
 * Refused, naming the part and what is wrong: simple or salted S2K (no iteration), fewer than
 * MIN_COUNT_OCTETS per guess, MD5 or RIPEMD-160, a cipher other than AES, the two-octet checksum
 * (usage 255: the key can be altered unnoticed), AEAD or pre-RFC 4880 protection (GnuPG 2.2, the
 * offline path, cannot read the one, the other has no S2K), and GnuPG stubs without a secret.
 * SHA-1 is accepted because GnuPG 2.2 exports with nothing else; as a KDF its collisions do not
 * matter and it is about twice as fast to guess as SHA-256, while every count octet 16 lower
 * halves the work. Unprotected parts are refused by checkProtectedSecretKey (`key_invalid`).
 */
import { UnprocessableError } from '../../platform/errors';
import type { SecretPartProtection } from '../../platform/openpgp/secret-key-protection';

/** Count octet 192: 4,194,304 octets per guess; GnuPG 1.x's 65,536 (octet 96) is 64 times less. */
export const MIN_COUNT_OCTETS = 4_194_304;
const ACCEPTED_HASHES = new Set([
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'sha3_256',
  'sha3_512',
]);
const ACCEPTED_CIPHERS = new Set(['aes128', 'aes192', 'aes256']);
/** CFB with a SHA-1 check over the secret material: what GnuPG 2.2 and our client write. */
const CHECKED_CFB = 254;

/** Throws 422 `key_protection_weak` naming every weak part; unprotected parts are left alone. */
export function refuseWeakProtection(parts: readonly SecretPartProtection[]): void {
  const problems = parts.flatMap((part) => {
    const found = weaknessesOf(part);
    return found.length === 0 ? [] : [`${partName(part)}: ${found.join(', ')}`];
  });
  if (problems.length === 0) return;
  throw new UnprocessableError(
    'key_protection_weak',
    `The secret key's passphrase protection is too weak to be stored (${problems.join('; ')}). ` +
      'Import it in the dashboard, which protects it again with SHA-256 and 65,011,712 octets, ' +
      'or export it from GnuPG 2.2 or later.',
  );
}

function weaknessesOf(part: SecretPartProtection): string[] {
  if (part.usage === 0) return [];
  if (part.s2kType === 'gnu-dummy') {
    return ['holds no secret key material (a GnuPG stub, as --export-secret-subkeys writes)'];
  }
  if (part.usage !== CHECKED_CFB) return [usageProblem(part.usage)];
  const found: string[] = [];
  if (part.s2kType !== 'iterated')
    found.push(`${part.s2kType ?? 'no'} S2K, not iterated and salted`);
  else if ((part.countOctets ?? 0) < MIN_COUNT_OCTETS) {
    found.push(
      `${(part.countOctets ?? 0).toLocaleString('en')} octets hashed per guess (count octet ` +
        `${part.countByte ?? 0}; at least ${MIN_COUNT_OCTETS.toLocaleString('en')}, octet 192)`,
    );
  }
  if (part.hash === null || !ACCEPTED_HASHES.has(part.hash)) {
    found.push(`hash ${part.hash ?? 'none'} (SHA-1, SHA-2 or SHA-3 needed)`);
  }
  if (part.cipher === null || !ACCEPTED_CIPHERS.has(part.cipher)) {
    found.push(`cipher ${part.cipher ?? 'none'} (AES-128, AES-192 or AES-256 needed)`);
  }
  return found;
}

function usageProblem(usage: number): string {
  if (usage === 255) return 'a two-octet checksum instead of a SHA-1 check (usage 255)';
  if (usage === 253) return 'AEAD protection, which GnuPG 2.2 cannot import (usage 253)';
  return `pre-RFC 4880 protection without S2K (usage ${usage})`;
}

function partName(part: SecretPartProtection): string {
  return part.index === 0 ? 'primary key' : `subkey ${part.index}`;
}
