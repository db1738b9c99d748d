/**
 * Signs the next recipient directory (all active caseworker keys) with the organisation key and
 * publishes it. One implementation for the admin CLI, the demo, the benchmark and the tests.
 */
import type { Connection } from 'mongoose';
import { signRecipientDirectory } from '../../client/crypto';
import { CaseworkerKeysRepository, CaseworkerKeysService } from '../../server/features/caseworkers';
import {
  DirectoryRepository,
  DirectoryService,
  type DirectoryContent,
} from '../../server/features/directory';

export interface OrganisationSigningKey {
  readonly armoredSecretKey: string;
  readonly armoredPublicKey: string;
  readonly passphrase: string;
}

export interface PublishDirectoryOptions {
  readonly orgFingerprint: string;
  readonly validDays: number;
  readonly demo: boolean;
  readonly isProduction?: boolean;
}

export interface PublishedDirectory {
  readonly content: DirectoryContent;
  /** The armored signed directory, as GET /api/recipients serves it. */
  readonly signedDirectory: string;
}

export async function publishDirectory(
  connection: Connection,
  organisation: OrganisationSigningKey,
  options: PublishDirectoryOptions,
): Promise<PublishedDirectory> {
  const keys = new CaseworkerKeysService(new CaseworkerKeysRepository(connection));
  const directories = new DirectoryService(new DirectoryRepository(connection), {
    orgFingerprint: options.orgFingerprint,
    isProduction: options.isProduction ?? false,
    cacheMs: 0,
  });
  const draft = await directories.draftNextDirectory(
    await keys.listActiveKeys(),
    options.validDays,
    options.demo,
  );
  const signedDirectory = await signRecipientDirectory(
    draft,
    organisation.armoredSecretKey,
    organisation.passphrase,
  );
  const content = await directories.publishDirectory(
    signedDirectory,
    organisation.armoredPublicKey,
  );
  return { content, signedDirectory };
}
