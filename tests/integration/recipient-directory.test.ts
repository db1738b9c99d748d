/**
 * The signed recipient directory: what reporters' browsers verify before encrypting, and what
 * the server accepts for publication.
 */
import request from 'supertest';
import { CryptoError, signRecipientDirectory, verifyRecipientDirectory } from '../../client/crypto';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/platform/logger';
import { DirectoryRepository, DirectoryService } from '../../server/features/directory';
import { useTestApp } from '../helpers/use-test-app';
import { generateTestOrganisation, TEST_PASSPHRASE } from '../helpers/keys';

async function expectCryptoError(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(CryptoError);
  await expect(promise).rejects.toMatchObject({ code });
}

describe('the recipient directory', () => {
  const t = useTestApp({ label: 'directory', caseworkers: 2 });
  let served: { directory: string; organisationKey: string; version: number };
  beforeAll(async () => {
    served = (await request(t.app).get('/api/recipients').expect(200)).body;
  });

  function directoryService(isProduction = false): DirectoryService {
    return new DirectoryService(new DirectoryRepository(t.connection), {
      orgFingerprint: t.organisation.fingerprint,
      isProduction,
      minVersion: 1,
      cacheMs: 0,
    });
  }

  test('when a browser verifies the served directory with the pinned fingerprint then it gets every caseworker key', async () => {
    const directory = await verifyRecipientDirectory(
      served.directory,
      served.organisationKey,
      t.organisation.fingerprint,
    );
    expect(directory.recipients.map((r) => r.fingerprint).sort()).toEqual(
      t.caseworkers.map((c) => c.fingerprint.toLowerCase()).sort(),
    );
  });

  test("when the pinned fingerprint is another organisation's then the browser refuses", async () => {
    const impostor = await generateTestOrganisation();
    await expectCryptoError(
      verifyRecipientDirectory(served.directory, served.organisationKey, impostor.fingerprint),
      'directory_wrong_organisation',
    );
  });

  test("when an attacker re-signs the directory with their own key but serves it as the organisation's then the browser refuses", async () => {
    const attacker = await generateTestOrganisation();
    const forged = await signRecipientDirectory(
      {
        type: 'amanat-recipient-directory',
        version: 99,
        issuedAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        demo: false,
        recipients: [],
      },
      attacker.armoredSecretKey,
      TEST_PASSPHRASE,
    );
    await expectCryptoError(
      verifyRecipientDirectory(forged, served.organisationKey, t.organisation.fingerprint),
      'directory_signature_invalid',
    );
  });

  test('when the directory has expired then the browser refuses to encrypt to it', async () => {
    const later = new Date(Date.now() + 31 * 86_400_000);
    await expectCryptoError(
      verifyRecipientDirectory(
        served.directory,
        served.organisationKey,
        t.organisation.fingerprint,
        later,
      ),
      'directory_expired',
    );
  });

  test('when a directory signed by another key is published then the server refuses it', async () => {
    const attacker = await generateTestOrganisation();
    const draft = await directoryService().draftNextDirectory(
      await t.caseworkerKeys.listActiveKeys(),
      30,
      false,
    );
    const forged = await signRecipientDirectory(draft, attacker.armoredSecretKey, TEST_PASSPHRASE);
    await expect(
      directoryService().publishDirectory(forged, attacker.armoredPublicKey),
    ).rejects.toMatchObject({
      code: 'directory_signature_invalid',
    });
  });

  test('when an older version is published again then the server refuses it as stale', async () => {
    await expect(
      directoryService().publishDirectory(served.directory, served.organisationKey),
    ).rejects.toMatchObject({
      code: 'directory_version_stale',
    });
  });

  test('when a demo directory is current in production then the server refuses to serve it', async () => {
    const draft = await directoryService().draftNextDirectory(
      await t.caseworkerKeys.listActiveKeys(),
      30,
      true,
    );
    const signed = await signRecipientDirectory(
      draft,
      t.organisation.armoredSecretKey,
      TEST_PASSPHRASE,
    );
    await directoryService().publishDirectory(signed, t.organisation.armoredPublicKey);
    const production = buildApp({
      config: loadConfig({
        NODE_ENV: 'production',
        PUBLIC_ORIGIN: 'https://amanat.example',
        DIRECTORY_MIN_VERSION: '1',
        MONGODB_URI: t.config.mongodbUri,
        ORG_FINGERPRINT: t.organisation.fingerprint,
        ADDRESS_HASH_KEY: 'ab'.repeat(32),
        FACTOR_ENCRYPTION_KEY: 'cd'.repeat(32),
        ALERT_ADDRESS_KEY: 'ae'.repeat(32),
      }),
      connection: t.connection,
      logger: createLogger('silent'),
    });
    const response = await request(production.app).get('/api/recipients').expect(503);
    expect(response.body.error.code).toBe('demo_directory_in_production');
    production.close();
    // The development instance still serves it, marked as demo.
    const served2 = (await request(t.app).get('/api/recipients').expect(200)).body;
    const verified = await verifyRecipientDirectory(
      served2.directory,
      served2.organisationKey,
      t.organisation.fingerprint,
    );
    expect(verified.demo).toBe(true);
  });

  test('when no caseworker key is active then no directory can be drafted', async () => {
    for (const key of await t.caseworkerKeys.listActiveKeys())
      await t.caseworkerKeys.removeCaseworkerKey(key.fingerprint);
    await expect(directoryService().draftNextDirectory([], 30, false)).rejects.toMatchObject({
      code: 'no_active_keys',
    });
  });
});
