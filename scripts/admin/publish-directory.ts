/**
 * The recipient directory's life cycle for the admin CLI, the demo, the benchmarks and the tests:
 * draft the next version from the caseworker keys, sign it (offline, or in-process for the demo
 * and tests), verify and publish it.
 */
import type { Connection } from 'mongoose';
import { signRecipientDirectory } from '../../client/crypto';
import type {
  DirectoryContent,
  DirectoryService,
  PreviousOrganisationKey,
  PublishOptions,
} from '../../server/features/directory';
import { UnprocessableError } from '../../server/platform/errors';
import { DirectorySignatureError, inspectOrganisationKey } from '../../server/platform/openpgp';
import { buildCoreServices, type CoreServices } from '../../server/services';

export interface OrganisationSigningKey {
  readonly armoredSecretKey: string;
  readonly armoredPublicKey: string;
  readonly passphrase: string;
}

export interface DirectorySettings {
  readonly orgFingerprint: string;
  readonly isProduction?: boolean;
  /** DIRECTORY_MIN_VERSION (default 1: no replay protection). */
  readonly minVersion?: number;
}

export interface PublishDirectoryOptions extends DirectorySettings {
  readonly validDays: number;
  /** Mark the directory demo; a DEMO organisation key marks it demo in any case. */
  readonly demo: boolean;
}

/** What a draft is made from besides the keys: the organisation keys, new and (rotation) old. */
export interface DraftOptions extends PublishDirectoryOptions {
  /** The key that will sign; default: the one stored with the latest directory (not in a rotation). */
  readonly organisationKey?: string | null;
  /** A rotation: the key that signed the latest directory, in place of ORG_FINGERPRINT's. */
  readonly previous?: PreviousOrganisationKey | undefined;
}

export interface PublishedDirectory {
  readonly content: DirectoryContent;
  /** The armored signed directory, as GET /api/recipients serves it. */
  readonly signedDirectory: string;
}

export function directoryServiceFor(
  connection: Connection,
  settings: DirectorySettings,
): DirectoryService {
  return directoryOf(buildCoreServices({ connection }), settings);
}

function directoryOf(services: CoreServices, settings: DirectorySettings): DirectoryService {
  return services.directoryWith({
    orgFingerprint: settings.orgFingerprint,
    isProduction: settings.isProduction ?? false,
    minVersion: settings.minVersion ?? 1,
    cacheMs: 0,
  });
}

/**
 * The next directory, unsigned, from the active keys (and the retired keys of the latest one).
 * Demo when asked, or when the organisation key (given, or stored with the latest directory) is
 * a DEMO key: a demo deployment never loses its warning. In a rotation the stored key is the
 * old one, so only a given key counts (the offline signing marks a DEMO key's directory anyway).
 */
export async function draftDirectory(
  connection: Connection,
  options: DraftOptions,
): Promise<DirectoryContent> {
  const services = buildCoreServices({ connection });
  const directories = directoryOf(services, options);
  // Drafted first: a latest directory that does not verify is the first thing to say.
  const draft = await directories.draftNextDirectory(
    await services.caseworkerKeys.listActiveKeys(),
    options.validDays,
    options.demo,
    new Date(),
    options.previous,
  );
  const organisationKey =
    options.organisationKey ??
    (options.previous ? null : await directories.latestOrganisationKey());
  const demoKey =
    organisationKey !== null && (await isDemoKey(organisationKey, options.orgFingerprint));
  return demoKey ? { ...draft, demo: true } : draft;
}

/**
 * Drafts, signs in this process and publishes. For the demo, development and tests only: in
 * production the organisation secret key never comes to the server (directory:export, sign
 * offline, directory:import).
 */
export async function publishDirectory(
  connection: Connection,
  organisation: OrganisationSigningKey,
  options: PublishDirectoryOptions,
  beforeStore?: PublishOptions['beforeStore'],
): Promise<PublishedDirectory> {
  const draft = await draftDirectory(connection, {
    ...options,
    organisationKey: organisation.armoredPublicKey,
  });
  const signedDirectory = await signRecipientDirectory(
    draft,
    organisation.armoredSecretKey,
    organisation.passphrase,
  );
  const content = await directoryServiceFor(connection, options).publishDirectory(
    signedDirectory,
    organisation.armoredPublicKey,
    beforeStore ? { beforeStore } : {},
  );
  return { content, signedDirectory };
}

/**
 * Publishes a directory signed elsewhere (directory:import): verified against ORG_FINGERPRINT,
 * newer than the latest, not below DIRECTORY_MIN_VERSION, not expired, and listing exactly the
 * keys a fresh draft lists now.
 */
export async function importSignedDirectory(
  connection: Connection,
  signedDirectory: string,
  organisationKey: string,
  settings: DirectorySettings & { readonly previous?: PreviousOrganisationKey | undefined },
  beforeStore?: PublishOptions['beforeStore'],
): Promise<DirectoryContent> {
  const freshDraft = await draftDirectory(connection, {
    ...settings,
    organisationKey,
    validDays: 1,
    demo: false,
  });
  return await directoryServiceFor(connection, settings).publishDirectory(
    signedDirectory,
    organisationKey,
    { mustMatch: freshDraft, ...(beforeStore ? { beforeStore } : {}) },
  );
}

async function isDemoKey(organisationKey: string, orgFingerprint: string): Promise<boolean> {
  try {
    return (await inspectOrganisationKey(organisationKey, orgFingerprint)).isDemo;
  } catch (error) {
    if (error instanceof DirectorySignatureError)
      throw new UnprocessableError('organisation_key_invalid', error.message);
    throw error;
  }
}
