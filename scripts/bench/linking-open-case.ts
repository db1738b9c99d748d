/**
 * Browser entry of `npm run bench:linking` (bundled by linking.ts, never shipped): the work the
 * dashboard does in the browser to open a case, without and with linked cases. Without: the
 * report decrypted with the unlocked caseworker key and parsed (as client/dashboard/cases does).
 * With: the same, plus what the links panel does before it shows the linked cases: the linking
 * key unwrapped and verified, imported for HMAC, the case's stored identifiers opened
 * (openIdentifiers, which imports the phone number rules) and identifiers proposed from the
 * report's contactedBy answer. Nothing leaves the page but timings.
 */
import {
  decryptWithCaseworkerKey,
  lockCaseworkerKey,
  MAX_PLAINTEXT_BYTES,
  unlockCaseworkerKey,
  unwrapLinkingKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import { loadIdentifierRules } from '../../client/dashboard/linking/identifiers';
import { importLinkingKey } from '../../client/dashboard/linking/link-token';
import { openIdentifiers } from '../../client/dashboard/linking/linking-key';
import { timed } from './kit/stats';

export interface OpenCaseInput {
  readonly protectedSecretKey: string;
  readonly keyPassphrase: string;
  readonly fingerprint: string;
  readonly directory: VerifiedDirectory;
  readonly caseId: string;
  /** The case's encrypted report, as bytes. */
  readonly report: number[];
  /** The wrapped linking key and its version, as GET /api/case-links/key gives them. */
  readonly wrappedKey: number[];
  readonly keyVersion: number;
  /** The case's sealed identifiers, as GET /api/case-links/cases/:caseId gives them. */
  readonly identifiers: number[];
  readonly warmups: number;
  readonly runs: number;
}

async function openCaseBench(input: OpenCaseInput) {
  const { directory, caseId, keyVersion } = input;
  const handle = await unlockCaseworkerKey(
    input.protectedSecretKey,
    input.keyPassphrase,
    input.fingerprint,
  );
  const [report, wrapped, sealed] = [input.report, input.wrappedKey, input.identifiers].map(
    (bytes) => new Uint8Array(bytes),
  ) as [Uint8Array, Uint8Array, Uint8Array];
  const withoutLinking = async () => {
    const plaintext = await decryptWithCaseworkerKey(handle, report, MAX_PLAINTEXT_BYTES.report);
    return JSON.parse(new TextDecoder().decode(plaintext)) as { contactedBy?: string };
  };
  const withLinking = async () => {
    const shown = await withoutLinking();
    const raw = await unwrapLinkingKey(handle, directory, wrapped, keyVersion);
    await importLinkingKey(raw);
    const confirmed = await openIdentifiers(handle, directory, caseId, keyVersion, sealed);
    const proposed = (await loadIdentifierRules()).propose(shown.contactedBy ?? '', null);
    return { confirmed: confirmed.length, proposed: proposed.length };
  };
  // Cold: the first case opened with linking, which fetches the phone number rules' chunk.
  const { ms: coldWithLinkingMs, value: identifiers } = await timed(withLinking);
  // Interleaved, so that a slower moment of a shared machine falls on both.
  const withoutMs: number[] = [];
  const withMs: number[] = [];
  for (let run = 0; run < input.warmups + input.runs; run += 1) {
    const without = await timed(withoutLinking);
    const linked = await timed(withLinking);
    if (run < input.warmups) continue;
    withoutMs.push(without.ms);
    withMs.push(linked.ms);
  }
  lockCaseworkerKey(handle);
  return { coldWithLinkingMs, withoutMs, withMs, identifiers };
}

export type OpenCaseBench = typeof openCaseBench;
(window as unknown as { linkingOpenCaseBench?: OpenCaseBench }).linkingOpenCaseBench =
  openCaseBench;
