/**
 * Every key a directory lists must be the key it says it is, before the organisation signs it
 * and before it is published. The admin compares the listed fingerprints with their vetting
 * records; the browser encrypts to `publicKey`; intake judges each message by the listed
 * `encryptionKeyIds`. A draft that lists a vetted fingerprint over another key (a database
 * writer's, or a file altered on its way to the offline machine), or key ids the key does not
 * have, must not be signed: the reporter page would refuse the whole directory, or intake every
 * report. So each recipient's key must have exactly its listed fingerprint and encryption key ids
 * (the ids of its encryption keys valid now), and each retired key its fingerprint.
 */
import { inspectPublicKey, KeyRefusedError, publicKeyFingerprint } from '../../platform/openpgp';
import type { DirectoryContent } from './directory.schema';

/** What is wrong with the listed keys, one line each; empty when every key is what it says. */
export async function listedKeyMismatches(content: DirectoryContent, now: Date): Promise<string[]> {
  const mismatches: string[] = [];
  for (const recipient of content.recipients) {
    const what = `recipient ${recipient.fingerprint} (${recipient.label})`;
    try {
      const key = await inspectPublicKey(recipient.publicKey, now);
      if (key.fingerprint !== recipient.fingerprint) {
        mismatches.push(`${what}: its public key is ${key.fingerprint}`);
      } else if (!sameIds(key.encryptionKeyIds, recipient.encryptionKeyIds)) {
        mismatches.push(
          `${what}: its public key's encryption key ids are ${key.encryptionKeyIds.join(', ')}, not ${recipient.encryptionKeyIds.join(', ')}`,
        );
      }
    } catch (error) {
      if (!(error instanceof KeyRefusedError)) throw error;
      mismatches.push(`${what}: its public key is refused (${error.message})`);
    }
  }
  for (const retired of content.retired) {
    const what = `retired key ${retired.fingerprint} (${retired.label})`;
    try {
      const fingerprint = await publicKeyFingerprint(retired.publicKey);
      if (fingerprint !== retired.fingerprint)
        mismatches.push(`${what}: its public key is ${fingerprint}`);
    } catch (error) {
      if (!(error instanceof KeyRefusedError)) throw error;
      mismatches.push(`${what}: its public key is refused (${error.message})`);
    }
  }
  return mismatches;
}

function sameIds(actual: readonly string[], listed: readonly string[]): boolean {
  const wanted = new Set(listed.map((id) => id.toLowerCase()));
  return actual.length === wanted.size && actual.every((id) => wanted.has(id));
}
