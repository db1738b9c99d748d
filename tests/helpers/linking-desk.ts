/**
 * The set-up the linked-case tests share: a caseworker signed in over the API with the app's first
 * caseworker key unlocked, open coded cases to link, the first linking key shared, cases linked
 * and re-keyed for a rotation, the way a dashboard does (tests/helpers/case-links.ts holds the
 * cryptography). Each step throws when the server refuses it: a refused set-up is a broken test,
 * not the behaviour under test.
 */
import { createHash } from 'node:crypto';
import {
  decryptLinkIdentifiers,
  encryptLinkIdentifiers,
  wrapLinkingKey,
  type UnlockedCaseworkerKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import type { LinkIdentifier } from '../../client/dashboard/linking/identifiers';
import { CaseLinksService } from '../../server/features/case-links';
import {
  caseLinksBody,
  firstCaseworkerKey,
  storedLinkingKey,
  wrappedLinkingKey,
} from './case-links';
import { seedCodedCases } from './coded-cases';
import { enrolStaff, type StaffClient } from './staff';
import type { TestApp } from './test-app';

/** A linking key as the dashboard holds it: its version and the raw key bytes. */
export interface LinkingKey {
  readonly version: number;
  readonly key: Uint8Array;
}

export interface LinkingDesk {
  readonly client: StaffClient;
  readonly handle: UnlockedCaseworkerKey;
  /** The seeded cases' ids, in the order the database lists them. */
  readonly caseIds: string[];
}

/**
 * Enrols caseworker `username`, unlocks the app's first caseworker key and seeds one open case per
 * entry of `countries` (host country; month 2026-10, not yet coded).
 */
export async function linkingDesk(
  t: TestApp,
  username: string,
  countries: readonly string[],
): Promise<LinkingDesk> {
  const { client } = await enrolStaff(t, username);
  const handle = await firstCaseworkerKey(t);
  await seedCodedCases(
    t.connection,
    countries.map((country) => ({ month: '2026-10', category: null, country })),
  );
  const cases = await t.connection.db!.collection('cases').find({}).toArray();
  return { client, handle, caseIds: cases.map((record) => String(record['_id'])) };
}

/** A fresh linking key of version 1, wrapped for the directory and stored through `client`. */
export async function shareFirstLinkingKey(
  t: TestApp,
  client: StaffClient,
  handle: UnlockedCaseworkerKey,
): Promise<Awaited<ReturnType<typeof wrappedLinkingKey>>> {
  const first = await wrappedLinkingKey(t, handle, 1);
  const stored = await client.put('/api/case-links/key', first.body);
  if (stored.status !== 201) throw new Error(`linking key: ${stored.status} ${stored.text}`);
  return first;
}

/**
 * Where the share and race tests start: `linkingDesk` with a first linking key shared and every
 * seeded case linked by `identifiers` under it. Resolves to the desk and the key.
 */
export async function linkedUnderFirstKey(
  t: TestApp,
  username: string,
  countries: readonly string[],
  identifiers: readonly LinkIdentifier[],
): Promise<LinkingDesk & { linking: LinkingKey }> {
  const desk = await linkingDesk(t, username, countries);
  const linking = {
    version: 1,
    key: (await shareFirstLinkingKey(t, desk.client, desk.handle)).key,
  };
  await linkCases(t, desk, linking, desk.caseIds, identifiers);
  return { ...desk, linking };
}

/** Links each of `caseIds` by `identifiers` under `linking`; resolves to every token sent. */
export async function linkCases(
  t: TestApp,
  { client, handle }: Pick<LinkingDesk, 'client' | 'handle'>,
  linking: LinkingKey,
  caseIds: readonly string[],
  identifiers: readonly LinkIdentifier[],
): Promise<string[]> {
  const tokens: string[] = [];
  for (const caseId of caseIds) {
    const body = await caseLinksBody(t, handle, caseId, linking, identifiers);
    const stored = await client.put(`/api/case-links/cases/${caseId}`, body);
    if (stored.status !== 200) throw new Error(`case links: ${stored.status} ${stored.text}`);
    tokens.push(...body.tokens);
  }
  return tokens;
}

/**
 * The body of POST /api/case-links/rotation: a fresh key of `version` wrapped for the directory,
 * and each of `caseIds` with `identifiers` sealed and tokenised under it. Resolves to the body
 * and the new key's bytes.
 */
export async function rotationBody(
  t: TestApp,
  handle: UnlockedCaseworkerKey,
  caseIds: readonly string[],
  identifiers: readonly LinkIdentifier[],
  version: number,
): Promise<{
  key: Uint8Array;
  body: {
    version: number;
    message: string;
    cases: { caseId: string; tokens: string[]; identifiers: string }[];
  };
}> {
  const next = await wrappedLinkingKey(t, handle, version);
  const cases = await Promise.all(
    caseIds.map(async (caseId) => {
      const body = await caseLinksBody(t, handle, caseId, { version, key: next.key }, identifiers);
      return { caseId, tokens: body.tokens, identifiers: body.identifiers };
    }),
  );
  return { key: next.key, body: { ...next.body, cases } };
}

/**
 * Offboards the app's second caseworker, which retires the linking key, and publishes the next
 * directory without them: the new key is wrapped for the caseworkers who stay.
 */
export async function offboardSecondCaseworker(t: TestApp): Promise<void> {
  await t.services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
  await t.publishDirectory();
}

/**
 * Where every rotation test starts: one open case per entry of `countries`, all linked by
 * `identifiers` under a first linking key (as the dashboard unwraps it from the server), then the
 * second caseworker offboarded. Resolves to the desk, the first key and every token it made.
 */
export async function linkedThenOffboarded(
  t: TestApp,
  username: string,
  countries: readonly string[],
  identifiers: readonly LinkIdentifier[],
): Promise<
  LinkingDesk & { first: Awaited<ReturnType<typeof wrappedLinkingKey>>; oldTokens: string[] }
> {
  const desk = await linkingDesk(t, username, countries);
  const first = await shareFirstLinkingKey(t, desk.client, desk.handle);
  const linking = await storedLinkingKey(desk.client, t, desk.handle);
  const oldTokens = await linkCases(t, desk, linking, desk.caseIds, identifiers);
  await offboardSecondCaseworker(t);
  return { ...desk, first, oldTokens };
}

/** Writes `message` straight into the database as the current linking key, version 1. */
export async function plantLinkingKey(t: TestApp, message: Uint8Array): Promise<void> {
  await t.connection.db!.collection('linking_keys').insertOne({
    _id: 'current' as never,
    version: 1,
    message: Buffer.from(message),
    retired: false,
  });
}

/**
 * The body of a share (PUT /api/case-links/key with `cases`) as a holder's dashboard builds it:
 * every case of GET /api/case-links/identifiers opened and sealed again, and the key wrapped
 * again, for `directory` (by default the app's, with everyone in it).
 */
export async function shareBody(
  t: TestApp,
  { client, handle }: Pick<LinkingDesk, 'client' | 'handle'>,
  linking: LinkingKey,
  directories: { cases?: VerifiedDirectory; key?: VerifiedDirectory } = {},
): Promise<{
  version: number;
  message: string;
  cases: { caseId: string; previous: string; identifiers: string }[];
}> {
  const read = await client.get('/api/case-links/identifiers');
  if (read.status !== 200) throw new Error(`identifiers: ${read.status} ${read.text}`);
  const listed = (read.body as { cases: { caseId: string; identifiers: string }[] }).cases;
  const cases = await Promise.all(
    listed.map(async (entry) => {
      const sealed = Buffer.from(entry.identifiers, 'base64');
      const stated = await decryptLinkIdentifiers(
        handle,
        t.directory,
        sealed,
        entry.caseId,
        linking.version,
      );
      const again = await encryptLinkIdentifiers(
        handle,
        directories.cases ?? t.directory,
        entry.caseId,
        linking.version,
        stated,
      );
      return {
        caseId: entry.caseId,
        previous: createHash('sha256').update(sealed).digest('base64url'),
        identifiers: Buffer.from(again).toString('base64'),
      };
    }),
  );
  const message = await wrapLinkingKey(
    handle,
    directories.key ?? t.directory,
    linking.version,
    linking.key,
  );
  return { version: linking.version, message: Buffer.from(message).toString('base64'), cases };
}

/** The app's directory with `fingerprint` as its only recipient: sealing for one caseworker. */
export function directoryOfOnly(t: TestApp, fingerprint: string): VerifiedDirectory {
  return {
    ...t.directory,
    recipients: t.directory.recipients.filter((entry) => entry.fingerprint === fingerprint),
  };
}

/**
 * The app's case-links service on the app's own repositories, reading the caseworker keys through
 * `listAllKeys`: a race test lands an offboarding at an exact point of a share or a rotation.
 */
export function caseLinksServiceListing(
  t: TestApp,
  listAllKeys: () => ReturnType<TestApp['services']['caseworkerKeys']['listAllKeys']>,
): CaseLinksService {
  const { services } = t;
  return new CaseLinksService({
    keys: services.repositories.linkingKeys,
    links: services.repositories.caseLinks,
    triage: services.triage,
    audit: services.audit,
    caseworkerKeys: { listAllKeys },
  });
}

/** A share's or a rotation's cases as the service takes them: the identifiers as bytes. */
export function casesAsBytes<Entry extends { identifiers: string }>(
  cases: readonly Entry[],
): (Omit<Entry, 'identifiers'> & { identifiers: Buffer })[] {
  return cases.map((entry) => ({
    ...entry,
    identifiers: Buffer.from(entry.identifiers, 'base64'),
  }));
}
