/**
 * The linking key in the dashboard (SECURITY.md "Linked cases"): made here (32 random bytes),
 * wrapped for the directory's caseworkers and signed with the caseworker's key; verified on every
 * load (signature by a current directory key over its own version, no older than this device
 * has verified) and only then imported as a WebCrypto HMAC key that cannot be exported. A holder
 * wraps it again for colleagues added to the directory since, and seals the linked cases'
 * identifiers again for them. After an offboarding retired it, the next dashboard rotates: a new key,
 * and every linked case's tokens recomputed from its stored identifiers, uploaded in one request.
 */
import type { UnlockedCaseworkerKey, VerifiedDirectory } from '../../crypto';
import { loadCrypto } from '../keys/key-passphrases';
import type { ApiOutcome } from '../session/api-client';
import { IDENTIFIER_TYPES, loadIdentifierRules, type LinkIdentifier } from './identifiers';
import { checkLinkingKeyPin, pinnedVersion } from './key-pin';
import { importLinkingKey, linkToken, LINKING_KEY_BYTES, sha256Of } from './link-token';
import type { LinksApi, ResealedCase, RotatedCase } from './links-api';

export type LinkingState =
  | { readonly state: 'ready'; readonly version: number; readonly key: CryptoKey }
  | { readonly state: 'none' }
  | { readonly state: 'retired' }
  | { readonly state: 'failed'; readonly code: string };

/** The code of a thrown error (CodedError and its kind), or 'unknown'. */
export function codeOf(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : 'unknown';
}

/**
 * The stored key, verified, imported and checked against the newest this device has verified
 * (key-pin.ts); shared on with colleagues it is not yet wrapped for.
 */
export async function openLinkingKey(
  links: LinksApi,
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
): Promise<LinkingState> {
  const stored = await links.key();
  if (!stored.ok) return { state: 'failed', code: stored.code };
  if (stored.body === null) return { state: 'none' };
  if (stored.body.retired) return { state: 'retired' };
  const { version, message } = stored.body;
  try {
    const crypto = await loadCrypto();
    const raw = await crypto.unwrapLinkingKey(handle, directory, message, version);
    const key = await importLinkingKey(raw);
    const refused = await checkLinkingKeyPin(version, key);
    if (refused !== null) {
      raw.fill(0);
      return { state: 'failed', code: refused };
    }
    if ((await crypto.linkingKeyMissingRecipients(message, directory)).length > 0) {
      // A colleague joined since it was wrapped: the linked cases' identifiers are sealed again
      // for everyone now, then the key (same version). Key last: a share cut short leaves the
      // key unshared, so the next holder shares again.
      const cases = (await resealedIdentifiers(links, handle, directory, version)) ?? [];
      const wrapped = await crypto.wrapLinkingKey(handle, directory, version, raw);
      await shareKey(links, version, message, wrapped, cases);
    }
    raw.fill(0);
    return { state: 'ready', version, key };
  } catch (error) {
    return { state: 'failed', code: codeOf(error) };
  }
}

/**
 * Most re-sealed cases one share request carries: a large organisation's cases would otherwise
 * exceed the request's size limit on every try, and the newcomer would never get the key.
 */
const SHARE_BATCH_CASES = 200;

/**
 * Sends the re-sealed cases in bounded batches (each with the key's stored wrapping, unchanged),
 * then the new wrapping with the last batch. The new wrapping is sent whatever became of the
 * cases: the newcomer getting the key matters more than identifiers sealed before they joined,
 * which the next share (or a colleague's save) seals for them.
 */
async function shareKey(
  links: LinksApi,
  version: number,
  stored: Uint8Array,
  wrapped: Uint8Array,
  cases: readonly ResealedCase[],
): Promise<void> {
  let sent = 0;
  while (cases.length - sent > SHARE_BATCH_CASES) {
    const batch = cases.slice(sent, sent + SHARE_BATCH_CASES);
    if (!(await links.storeKey(version, stored, batch)).ok) break;
    sent += batch.length;
  }
  const rest = cases.length - sent <= SHARE_BATCH_CASES ? cases.slice(sent) : [];
  if (!(await links.storeKey(version, wrapped, rest)).ok && rest.length > 0) {
    await links.storeKey(version, wrapped);
  }
}

/**
 * The identifiers of every case linked under key `version` that are not sealed for every
 * caseworker of `directory`, sealed again for them by this caseworker; null when the cases could
 * not be read. A case this caseworker cannot open (sealed before they joined) or cannot trust is
 * left as it is: re-sealing would vouch for what they never checked.
 */
async function resealedIdentifiers(
  links: LinksApi,
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  version: number,
): Promise<ResealedCase[] | null> {
  const linked = await links.linkedIdentifiers();
  if (!linked.ok || linked.body.keyVersion !== version) return null;
  const crypto = await loadCrypto();
  const resealed: ResealedCase[] = [];
  for (const { caseId, identifiers: sealed } of linked.body.cases) {
    if ((await crypto.linkingKeyMissingRecipients(sealed, directory)).length === 0) continue;
    // Sealed again exactly as stated: not normalised or filtered by this bundle's rules, which an
    // automatic, unreviewed share must not use to drop what a colleague confirmed.
    const stated = await crypto
      .decryptLinkIdentifiers(handle, directory, sealed, caseId, version)
      .catch(() => null);
    if (stated === null) continue;
    resealed.push({
      caseId,
      previous: await sha256Of(sealed),
      identifiers: await crypto.encryptLinkIdentifiers(handle, directory, caseId, version, stated),
    });
  }
  return resealed;
}

/** The organisation's first linking key, made here. */
export async function createLinkingKey(
  links: LinksApi,
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
): Promise<ApiOutcome<unknown>> {
  // Security: this device verified a key before, so one existed; none stored now means the
  // database lost it or was rolled back. A first key made here would be refused as older by
  // every device that pinned the lost one: tell an administrator (retire and rotate) instead.
  if (pinnedVersion() !== null) return { ok: false, status: 0, code: 'linking_key_vanished' };
  const crypto = await loadCrypto();
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(LINKING_KEY_BYTES));
  const wrapped = await crypto.wrapLinkingKey(handle, directory, 1, raw);
  raw.fill(0);
  return await links.storeKey(1, wrapped);
}

/** The tokens of `identifiers` under `key`, each once. */
export async function tokensOf(
  key: CryptoKey,
  identifiers: readonly LinkIdentifier[],
): Promise<string[]> {
  return [
    ...new Set(await Promise.all(identifiers.map((identifier) => linkToken(key, identifier)))),
  ];
}

/** Signs and encrypts the identifiers of `caseId` under key `version`. */
export async function sealIdentifiers(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  caseId: string,
  version: number,
  identifiers: readonly LinkIdentifier[],
): Promise<Uint8Array> {
  const crypto = await loadCrypto();
  return await crypto.encryptLinkIdentifiers(handle, directory, caseId, version, identifiers);
}

/** A case's stored identifiers, verified and normalised again (what they were stated as). */
export async function openIdentifiers(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  caseId: string,
  version: number,
  sealed: Uint8Array,
): Promise<LinkIdentifier[]> {
  const crypto = await loadCrypto();
  const stated = await crypto.decryptLinkIdentifiers(handle, directory, sealed, caseId, version);
  const rules = await loadIdentifierRules();
  return stated.flatMap(({ type, value }) => {
    const known = IDENTIFIER_TYPES.find((candidate) => candidate === type);
    const identifier = known ? rules.normalise(known, value, null) : null;
    return identifier ? [identifier] : [];
  });
}

/**
 * Rotation after an offboarding: a new key (above the retired and the pinned version) and every linked
 * case's tokens recomputed under it, in one request. The identifiers come from each case's
 * stored statement, never from the reports.
 */
export async function rotateLinkingKey(
  links: LinksApi,
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
): Promise<ApiOutcome<unknown>> {
  const set = await links.rotationSet();
  if (!set.ok) return set;
  // Above any version this device pinned too: after a restore from a backup older than the last
  // rotation, a key just after the retired one would be refused by every pinned device.
  const version = Math.max(set.body.keyVersion, pinnedVersion() ?? 0) + 1;
  const crypto = await loadCrypto();
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(LINKING_KEY_BYTES));
  const key = await importLinkingKey(raw);
  const wrapped = await crypto.wrapLinkingKey(handle, directory, version, raw);
  raw.fill(0);
  const cases: RotatedCase[] = [];
  // A case already re-sealed by a rotation that was cut short names the next version.
  for (const { caseId, keyVersion, identifiers: sealed } of set.body.cases) {
    const identifiers = await openIdentifiers(handle, directory, caseId, keyVersion, sealed);
    cases.push({
      caseId,
      tokens: await tokensOf(key, identifiers),
      identifiers: await sealIdentifiers(handle, directory, caseId, version, identifiers),
    });
  }
  return await links.rotate(version, wrapped, cases);
}
