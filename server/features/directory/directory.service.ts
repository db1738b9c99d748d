/**
 * The recipient directory: which caseworker keys reporters encrypt to. Built from the active keys,
 * signed offline with the organisation key (admin CLI), verified here before it is published or
 * used to judge incoming reports.
 */
import {
  AppError,
  ConflictError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../../platform/errors';
import { verifySignedDirectory, DirectorySignatureError } from '../../platform/openpgp';
import type { CaseworkerKey } from '../caseworkers';
import { directoryContentSchema, type DirectoryContent } from './directory.schema';
import type { DirectoryRepository, StoredDirectory } from './directory.repository';

export interface CurrentDirectory {
  readonly version: number;
  readonly signedDirectory: string;
  readonly organisationKey: string;
  readonly content: DirectoryContent;
}

export interface DirectoryServiceOptions {
  readonly orgFingerprint: string;
  readonly isProduction: boolean;
  /** How long an instance reuses the directory it read; a newly published one applies after this. */
  readonly cacheMs: number;
}

export class DirectoryService {
  private cached: { directory: CurrentDirectory; readAt: number } | undefined;

  constructor(
    private readonly repository: DirectoryRepository,
    private readonly options: DirectoryServiceOptions,
  ) {}

  /** The unsigned content for the next version, from the currently active keys. */
  async draftNextDirectory(
    activeKeys: readonly CaseworkerKey[],
    validDays: number,
    demo: boolean,
    now = new Date(),
  ): Promise<DirectoryContent> {
    if (activeKeys.length === 0) {
      throw new UnprocessableError(
        'no_active_keys',
        'There are no active caseworker keys to put in a directory.',
      );
    }
    const latest = await this.repository.findLatest();
    return {
      type: 'amanat-recipient-directory',
      version: (latest?.version ?? 0) + 1,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + validDays * 86_400_000).toISOString(),
      demo,
      recipients: activeKeys.map((key) => ({
        fingerprint: key.fingerprint,
        label: key.label,
        encryptionKeyIds: [...key.encryptionKeyIds],
        publicKey: key.armoredPublicKey,
      })),
    };
  }

  /** Verifies a signed directory against ORG_FINGERPRINT and stores it as the newest version. */
  async publishDirectory(
    signedDirectory: string,
    organisationKey: string,
  ): Promise<DirectoryContent> {
    const content = await this.verify({ version: 0, signedDirectory, organisationKey });
    const latest = await this.repository.findLatest();
    if (latest && content.version <= latest.version) {
      throw new ConflictError(
        'directory_version_stale',
        `Directory version ${content.version} is not newer than ${latest.version}.`,
      );
    }
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

  /** The directory reporters must encrypt to. Throws 503 if none is published or it is unusable. */
  async getCurrentDirectory(now = Date.now()): Promise<CurrentDirectory> {
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
      this.cached.directory.signedDirectory === stored.signedDirectory
        ? this.cached.directory
        : { ...stored, content: await this.verifyStored(stored) };
    this.cached = { directory, readAt: now };
    return directory;
  }

  private async verifyStored(stored: StoredDirectory): Promise<DirectoryContent> {
    try {
      const content = await this.verify(stored);
      if (content.version !== stored.version) throw new DirectorySignatureError('version mismatch');
      return content;
    } catch (error) {
      if (error instanceof AppError && error.status === 503) throw error;
      // Security: a stored directory that fails verification is never used to judge reports.
      throw new ServiceUnavailableError(
        'directory_invalid',
        'The published recipient directory is not valid.',
      );
    }
  }

  private async verify(stored: StoredDirectory): Promise<DirectoryContent> {
    let payload: unknown;
    try {
      payload = await verifySignedDirectory(
        stored.signedDirectory,
        stored.organisationKey,
        this.options.orgFingerprint,
      );
    } catch (error) {
      const reason =
        error instanceof DirectorySignatureError ? error.message : 'The signature does not verify.';
      throw new UnprocessableError('directory_signature_invalid', reason);
    }
    const parsed = directoryContentSchema.safeParse(payload);
    if (!parsed.success) {
      throw new UnprocessableError(
        'directory_malformed',
        'The signed directory does not have the expected fields.',
      );
    }
    if (parsed.data.demo && this.options.isProduction) {
      throw new ServiceUnavailableError(
        'demo_directory_in_production',
        'A demo directory cannot be used in production.',
      );
    }
    return parsed.data;
  }
}
