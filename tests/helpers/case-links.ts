/**
 * Linking cases as a caseworker's dashboard does, over the API: the linking key made and wrapped
 * with a directory caseworker's key, identifiers normalised and turned into tokens, the tokens
 * and the signed, encrypted identifiers stored with the case. For the linked-case tests.
 */
import { randomBytes } from 'node:crypto';
import {
  encryptLinkIdentifiers,
  unlockCaseworkerKey,
  unwrapLinkingKey,
  wrapLinkingKey,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';
import * as libphonenumber from 'libphonenumber-js';
import {
  identifierRules,
  type IdentifierType,
  type LinkIdentifier,
} from '../../client/dashboard/linking/identifiers';
import { importLinkingKey, linkToken } from '../../client/dashboard/linking/link-token';
import { TEST_PASSPHRASE } from './keys';
import type { StaffClient } from './staff';
import type { TestApp } from './test-app';

/** The test app's first caseworker key, unlocked: the one that signs and unwraps here. */
export async function firstCaseworkerKey(t: TestApp): Promise<UnlockedCaseworkerKey> {
  const caseworker = t.caseworkers[0]!;
  return await unlockCaseworkerKey(
    caseworker.armoredSecretKey,
    TEST_PASSPHRASE,
    caseworker.fingerprint,
  );
}

/** A fresh linking key, wrapped for the app's directory, as the body of PUT /api/case-links/key. */
export async function wrappedLinkingKey(
  t: TestApp,
  handle: UnlockedCaseworkerKey,
  version: number,
): Promise<{ key: Uint8Array; body: { version: number; message: string } }> {
  const key = new Uint8Array(randomBytes(32));
  const message = await wrapLinkingKey(handle, t.directory, version, key);
  return { key, body: { version, message: Buffer.from(message).toString('base64') } };
}

/** The stored linking key, verified and unwrapped as a dashboard does before every use. */
export async function storedLinkingKey(
  client: StaffClient,
  t: TestApp,
  handle: UnlockedCaseworkerKey,
): Promise<{ version: number; key: Uint8Array }> {
  const { key } = (await client.get('/api/case-links/key')).body as {
    key: { version: number; message: string };
  };
  const bytes = new Uint8Array(Buffer.from(key.message, 'base64'));
  return {
    version: key.version,
    key: await unwrapLinkingKey(handle, t.directory, bytes, key.version),
  };
}

/** Identifiers as a caseworker confirms them (type, as typed), normalised. */
export function identifiersOf(
  typed: readonly (readonly [IdentifierType, string])[],
  country: string | null,
): LinkIdentifier[] {
  const rules = identifierRules(libphonenumber);
  return typed.map(([type, raw]) => {
    const identifier = rules.normalise(type, raw, country);
    if (identifier === null) throw new Error(`not a ${type}: ${raw}`);
    return identifier;
  });
}

/** The body of PUT /api/case-links/cases/:caseId for these identifiers under `key`. */
export async function caseLinksBody(
  t: TestApp,
  handle: UnlockedCaseworkerKey,
  caseId: string,
  linking: { version: number; key: Uint8Array },
  identifiers: readonly LinkIdentifier[],
): Promise<{ keyVersion: number; tokens: string[]; identifiers: string }> {
  const hmacKey = await importLinkingKey(linking.key);
  const tokens = [
    ...new Set(await Promise.all(identifiers.map((identifier) => linkToken(hmacKey, identifier)))),
  ];
  const sealed = await encryptLinkIdentifiers(handle, t.directory, caseId, linking.version, [
    ...identifiers,
  ]);
  return {
    keyVersion: linking.version,
    tokens,
    identifiers: Buffer.from(sealed).toString('base64'),
  };
}
