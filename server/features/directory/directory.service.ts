/**
 * The recipient directory: which caseworker keys reporters encrypt to, and which former
 * caseworkers' keys still verify what they signed. Drafted here from the active keys, signed
 * offline with the organisation key, verified here before it is published or used to judge
 * incoming reports.
 *
 * Replay: the database alone cannot bring back an older directory. Versions only grow, and a
 * directory below DIRECTORY_MIN_VERSION (server configuration, outside the database) or past its
 * expiry is never served and never used to judge a report.
 */
import {
  AppError,
  ConflictError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../../platform/errors';
import { dayOf } from '../../platform/days';
import { verifySignedDirectory, DirectorySignatureError } from '../../platform/openpgp';
import type { CaseworkerKey } from '../caseworkers';
import {
  DIRECTORY_FORMAT,
  directoryContentSchema,
  type DirectoryContent,
  type DirectoryRetiredKey,
} from './directory.schema';
import type { DirectoryRepository, StoredDirectory } from './directory.repository';
import { listedKeyMismatches } from './listed-keys';

export interface CurrentDirectory {
  readonly version: number;
  readonly signedDirectory: string;
  readonly organisationKey: string;
  readonly content: DirectoryContent;
}

/**
 * The latest directory as far as its expiry goes: its version and expiry once it verifies and
 * nothing but time could refuse it, else the code intake refuses with (directory-expiry.ts).
 */
export type DirectoryStanding =
  { readonly version: number; readonly expiresAt: string } | { readonly unusable: string };

export interface DirectoryServiceOptions {
  readonly orgFingerprint: string;
  readonly isProduction: boolean;
  /** DIRECTORY_MIN_VERSION: an older directory is refused whatever the database holds. */
  readonly minVersion: number;
  /** How long an instance reuses the directory it read; a newly published one applies after this. */
  readonly cacheMs: number;
}

/**
 * The organisation key that signed the latest directory, when it is not ORG_FINGERPRINT's: the
 * one explicit way to rotate the organisation key. The admin gives the old public key; the
 * latest directory must verify with it before its retired keys are carried into the next one.
 */
export interface PreviousOrganisationKey {
  readonly organisationKey: string;
  readonly fingerprint: string;
}

export interface PublishOptions {
  /**
   * A fresh draft of the next directory: the signed one must list exactly its recipients and
   * retired keys, so a directory signed offline before a key was removed is not published.
   */
  readonly mustMatch?: DirectoryContent;
  /** Runs once every check has passed, before the directory is stored (the caller audits). */
  readonly beforeStore?: (content: DirectoryContent) => Promise<void>;
}

const DAY_MS = 86_400_000;

export class DirectoryService {
  private cached: { directory: CurrentDirectory; readAt: number } | undefined;

  constructor(
    private readonly repository: DirectoryRepository,
    private readonly options: DirectoryServiceOptions,
  ) {}

  /**
   * The unsigned content for the next version: the active keys as recipients; every key of the
   * latest directory that is no longer active joins the retired keys it already listed.
   * Retired entries come from the latest *signed* directory, never from the database's key list,
   * so a key that was never vetted and published cannot be slipped in as a former caseworker's.
   * That directory is verified against ORG_FINGERPRINT, or against `previous` in a rotation.
   */
  async draftNextDirectory(
    activeKeys: readonly CaseworkerKey[],
    validDays: number,
    demo: boolean,
    now = new Date(),
    previous?: PreviousOrganisationKey,
  ): Promise<DirectoryContent> {
    if (activeKeys.length === 0) {
      throw new UnprocessableError(
        'no_active_keys',
        'There are no active caseworker keys to put in a directory.',
      );
    }
    const latest = await this.repository.findLatest();
    if (previous && !latest) {
      throw new UnprocessableError(
        'directory_latest_missing',
        'No directory is stored, so there is no previous organisation key to change from.',
      );
    }
    const latestContent = latest ? await this.verifyLatestForDrafting(latest, previous) : null;
    const active = new Set(activeKeys.map((key) => key.fingerprint));
    return {
      type: 'amanat-recipient-directory',
      format: DIRECTORY_FORMAT,
      // Never below the configured minimum: after a restore the database may lag behind it.
      version: Math.max((latest?.version ?? 0) + 1, this.options.minVersion),
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + validDays * DAY_MS).toISOString(),
      demo,
      recipients: activeKeys.map((key) => ({
        fingerprint: key.fingerprint,
        label: key.label,
        encryptionKeyIds: [...key.encryptionKeyIds],
        publicKey: key.armoredPublicKey,
      })),
      retired: latestContent ? retiredAfter(latestContent, active, dayOf(now)) : [],
    };
  }

  /**
   * Verifies a signed directory against ORG_FINGERPRINT and stores it as the newest version.
   * Refused: another signer, a malformed or demo-key directory without the demo marker, a version
   * not above the latest or below DIRECTORY_MIN_VERSION, an expired one, one listing a key that
   * is not what it says (listed-keys.ts), and (with `mustMatch`) one whose keys differ from the
   * fresh draft.
   */
  async publishDirectory(
    signedDirectory: string,
    organisationKey: string,
    options: PublishOptions = {},
  ): Promise<DirectoryContent> {
    const content = await this.verify(signedDirectory, organisationKey);
    const refusal = this.refusalOf(content, Date.now());
    if (refusal) throw new UnprocessableError(refusal.code, refusal.message);
    const mismatches = await listedKeyMismatches(content, new Date());
    if (mismatches.length > 0) {
      throw new UnprocessableError(
        'directory_keys_mismatch',
        `The signed directory lists keys that are not what it says (${mismatches.join('; ')}). Check the caseworker keys, export a new draft and sign that.`,
      );
    }
    if (options.mustMatch) checkSameKeys(content, options.mustMatch);
    const latest = await this.repository.findLatest();
    if (latest && content.version <= latest.version) {
      throw new ConflictError(
        'directory_version_stale',
        `Directory version ${content.version} is not newer than ${latest.version}.`,
      );
    }
    await options.beforeStore?.(content);
    const outcome = await this.repository.insert({
      version: content.version,
      signedDirectory,
      organisationKey,
    });
    if (outcome === 'version_taken') {
      throw new ConflictError(
        'directory_version_stale',
        `Directory version ${content.version} was published meanwhile.`,
      );
    }
    this.cached = undefined;
    return content;
  }

  /** The organisation public key stored with the latest directory, if any (not yet checked). */
  async latestOrganisationKey(): Promise<string | null> {
    return (await this.repository.findLatest())?.organisationKey ?? null;
  }

  /**
   * The directory reporters must encrypt to. Throws 503 if none is published or it is unusable:
   * not verifying, a demo one in production, older than DIRECTORY_MIN_VERSION, or expired.
   */
  async getCurrentDirectory(now = Date.now()): Promise<CurrentDirectory> {
    const directory = await this.readLatest();
    // Security: checked on every use, cached or not; keep before anything relies on the content.
    const refusal = this.refusalOf(directory.content, now);
    if (refusal) throw new ServiceUnavailableError(refusal.code, refusal.message);
    return directory;
  }

  /** How the latest directory stands at `now`: expired or not, it is named by its expiry. */
  async standing(now: number): Promise<DirectoryStanding> {
    let directory: CurrentDirectory;
    try {
      directory = await this.readLatest();
    } catch (error) {
      if (error instanceof ServiceUnavailableError) return { unusable: error.code };
      throw error;
    }
    const refusal = this.refusalOf(directory.content, now);
    if (refusal && refusal.code !== 'directory_expired') return { unusable: refusal.code };
    return { version: directory.version, expiresAt: directory.content.expiresAt };
  }

  /** The latest directory, verified; reused for cacheMs of real time, whatever clock judges it. */
  private async readLatest(): Promise<CurrentDirectory> {
    const now = Date.now();
    if (this.cached && now - this.cached.readAt < this.options.cacheMs)
      return this.cached.directory;
    const stored = await this.repository.findLatest();
    if (!stored) {
      throw new ServiceUnavailableError(
        'no_directory',
        'No recipient directory has been published yet.',
      );
    }
    const directory =
      this.cached?.directory.version === stored.version &&
      this.cached.directory.signedDirectory === stored.signedDirectory &&
      this.cached.directory.organisationKey === stored.organisationKey
        ? this.cached.directory
        : { ...stored, content: await this.verifyStored(stored) };
    this.cached = { directory, readAt: now };
    return directory;
  }

  /** Why a verified directory must not be used now, or null. */
  private refusalOf(
    content: DirectoryContent,
    now: number,
  ): { code: string; message: string } | null {
    if (content.demo && this.options.isProduction) {
      return {
        code: 'demo_directory_in_production',
        message: 'A demo directory cannot be used in production.',
      };
    }
    if (content.version < this.options.minVersion) {
      return {
        code: 'directory_outdated',
        message: `The recipient directory (version ${content.version}) is older than the minimum version ${this.options.minVersion} (DIRECTORY_MIN_VERSION).`,
      };
    }
    if (Date.parse(content.expiresAt) <= now) {
      return {
        code: 'directory_expired',
        message: `The recipient directory (version ${content.version}) expired at ${content.expiresAt}.`,
      };
    }
    return null;
  }

  private async verifyStored(stored: StoredDirectory): Promise<DirectoryContent> {
    try {
      const content = await this.verify(stored.signedDirectory, stored.organisationKey);
      if (content.version !== stored.version) throw new DirectorySignatureError('version mismatch');
      return content;
    } catch {
      // Security: a stored directory that fails verification is never used to judge reports.
      throw new ServiceUnavailableError(
        'directory_invalid',
        'The published recipient directory is not valid.',
      );
    }
  }

  /**
   * Retired keys are carried forward only from a directory the organisation signed: with the
   * key stored beside it under ORG_FINGERPRINT, or in a rotation with the previous key the admin
   * gave (never the stored one, which a database writer could have chosen).
   */
  private async verifyLatestForDrafting(
    latest: StoredDirectory,
    previous: PreviousOrganisationKey | undefined,
  ): Promise<DirectoryContent> {
    try {
      const content = await this.verify(
        latest.signedDirectory,
        previous?.organisationKey ?? latest.organisationKey,
        previous?.fingerprint,
      );
      if (content.version !== latest.version) throw new DirectorySignatureError('version mismatch');
      return content;
    } catch (error) {
      // Its message names ORG_FINGERPRINT, which is not the key in question in a rotation.
      const reason = !previous && error instanceof AppError ? ` (${error.message})` : '';
      throw new UnprocessableError(
        'directory_latest_invalid',
        previous
          ? `The stored directory version ${latest.version} is not signed by the previous organisation key ${previous.fingerprint}. Give the key that signed it, or investigate: the database may have been altered.`
          : `The stored directory version ${latest.version} does not verify against ORG_FINGERPRINT${reason}: the database may have been altered, or the organisation key was changed. Investigate before publishing another; a deliberate change of organisation key names the previous key.`,
      );
    }
  }

  /** Signature by the pinned organisation key, shape, and the demo marker that follows the key. */
  private async verify(
    signedDirectory: string,
    organisationKey: string,
    expectedFingerprint = this.options.orgFingerprint,
  ): Promise<DirectoryContent> {
    let payload;
    try {
      payload = await verifySignedDirectory(signedDirectory, organisationKey, expectedFingerprint);
    } catch (error) {
      const reason =
        error instanceof DirectorySignatureError ? error.message : 'The signature does not verify.';
      throw new UnprocessableError('directory_signature_invalid', reason);
    }
    const parsed = directoryContentSchema.safeParse(payload.json);
    if (!parsed.success) {
      throw new UnprocessableError(
        'directory_malformed',
        'The signed directory does not have the expected fields.',
      );
    }
    // A demo deployment never loses its warning: whatever a DEMO key signs is a demo directory.
    if (payload.signedByDemoKey && !parsed.data.demo) {
      throw new UnprocessableError(
        'directory_demo_marker_missing',
        'The directory is signed by a DEMO organisation key but is not marked demo.',
      );
    }
    return parsed.data;
  }
}

/** The keys of `previous` that are no longer active, with the retired keys it listed. */
function retiredAfter(
  previous: DirectoryContent,
  active: ReadonlySet<string>,
  today: string,
): DirectoryRetiredKey[] {
  const retired = new Map<string, DirectoryRetiredKey>();
  for (const key of previous.retired) {
    if (!active.has(key.fingerprint)) retired.set(key.fingerprint, key);
  }
  for (const key of previous.recipients) {
    if (active.has(key.fingerprint) || retired.has(key.fingerprint)) continue;
    retired.set(key.fingerprint, {
      fingerprint: key.fingerprint,
      label: key.label,
      publicKey: key.publicKey,
      retiredOn: today,
    });
  }
  return [...retired.values()].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}

/** Refuses a signed directory whose keys are not exactly those of the fresh draft. */
function checkSameKeys(signed: DirectoryContent, draft: DirectoryContent): void {
  const differences = [
    ...keyDifferences('recipient', signed.recipients, draft.recipients, (key) =>
      JSON.stringify([key.label, key.encryptionKeyIds, key.publicKey]),
    ),
    // The day of retirement may move on between export and import; the key may not.
    ...keyDifferences('retired key', signed.retired, draft.retired, (key) =>
      JSON.stringify([key.label, key.publicKey]),
    ),
  ];
  if (differences.length > 0) {
    throw new UnprocessableError(
      'directory_not_current',
      `The signed directory does not list the caseworker keys as they are now (${differences.join('; ')}). Run directory:export again and sign the new file.`,
    );
  }
}

function keyDifferences<K extends { readonly fingerprint: string }>(
  what: string,
  signed: readonly K[],
  draft: readonly K[],
  identity: (key: K) => string,
): string[] {
  const drafted = new Map(draft.map((key) => [key.fingerprint, identity(key)]));
  const listed = new Map(signed.map((key) => [key.fingerprint, identity(key)]));
  const differences: string[] = [];
  for (const [fingerprint, listedAs] of listed) {
    if (!drafted.has(fingerprint)) differences.push(`${what} ${fingerprint} is no longer one`);
    else if (drafted.get(fingerprint) !== listedAs)
      differences.push(`${what} ${fingerprint} differs`);
  }
  for (const fingerprint of drafted.keys()) {
    if (!listed.has(fingerprint)) differences.push(`${what} ${fingerprint} is missing`);
  }
  return differences;
}
