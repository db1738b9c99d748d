/**
 * Attack: a directory past its expiry (one the organisation signed long ago, still listing keys
 * it has since dropped) is kept or put back as the current one. The server refuses to serve it or
 * to judge reports by it, refuses to publish it, and the reporter page refuses it when served.
 */
import request from 'supertest';
import { signRecipientDirectory } from '../../client/crypto';
import { DirectoryRepository, DirectoryService } from '../../server/features/directory';
import { storedDirectoriesOf, type StoredDirectory } from '../helpers/database-writer';
import { openObservedPage } from '../helpers/browser';
import {
  expectDirectoryRefused,
  expectReporterPageRefusesDirectory,
  serveRecipients,
} from '../helpers/directory-status';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { TEST_PASSPHRASE } from '../helpers/keys';
import type { TestApp } from '../helpers/test-app';
import { useReporterSite } from '../helpers/use-reporter-site';

const DAY_MS = 86_400_000;

describe('an expired recipient directory is refused', () => {
  const site = useReporterSite('sec-directory-expired', { caseworkers: 2 });
  let t: TestApp;
  let expired: StoredDirectory;
  let directoryService: DirectoryService;
  const directories = () => storedDirectoriesOf(t.connection);

  beforeAll(async () => {
    t = site.t;
    directoryService = new DirectoryService(new DirectoryRepository(t.connection), {
      orgFingerprint: t.organisation.fingerprint,
      isProduction: false,
      minVersion: 1,
      cacheMs: 0,
    });
    // Signed by the organisation 40 days ago, valid for 30: expired 10 days ago.
    const signedAt = new Date(Date.now() - 40 * DAY_MS);
    const draft = await directoryService.draftNextDirectory(
      await t.caseworkerKeys.listActiveKeys(),
      30,
      false,
      signedAt,
    );
    expired = {
      _id: draft.version,
      signedDirectory: await signRecipientDirectory(
        draft,
        t.organisation.armoredSecretKey,
        TEST_PASSPHRASE,
      ),
      organisationKey: t.organisation.armoredPublicKey,
    };
  });

  /** As time or a database writer would leave it: the expired directory is the latest. */
  async function makeExpiredCurrent(): Promise<void> {
    await directories().deleteMany({ _id: { $gte: expired._id } });
    await directories().insertOne({ ...expired });
  }

  test('when an expired directory is published then the server refuses it and keeps the current one', async () => {
    await expect(
      directoryService.publishDirectory(expired.signedDirectory, expired.organisationKey),
    ).rejects.toMatchObject({ status: 422, code: 'directory_expired' });
    const served = (await request(t.app).get('/api/recipients').expect(200)).body;
    expect(served.version).toBe(expired._id - 1);
  });

  test('when the expired directory is current then GET /api/recipients answers 503 directory_expired', async () => {
    await makeExpiredCurrent();
    const response = await request(t.app).get('/api/recipients').expect(503);
    expect(response.body.error.code).toBe('directory_expired');
    expect(response.body.directory).toBeUndefined();
  });

  test('when the expired directory is current then a report encrypted to its keys is refused and nothing is stored', async () => {
    await makeExpiredCurrent();
    const { body } = await buildSubmission(t.directory);
    await expectRefusedAndNothingStored(t, body, { status: 503, code: 'directory_expired' });
  });

  test('when the server refuses the expired directory then the reporter page says so in Kazakh and offers no form', async () => {
    await makeExpiredCurrent();
    await expectReporterPageRefusesDirectory(site, 'kk', 'directory_expired');
  });

  test('when a compromised server serves the expired directory as current then the page refuses it itself', async () => {
    await directories().deleteMany({ _id: { $gte: expired._id } });
    const observed = await openObservedPage(site.browser);
    await serveRecipients(observed.page, {
      directory: expired.signedDirectory,
      organisationKey: expired.organisationKey,
      version: expired._id,
    });
    await observed.page.goto(`${site.baseUrl}/?lang=tr`);
    await expectDirectoryRefused(observed.page, 'tr', 'directory_expired');
    await observed.context.close();
  });

  test('when a current directory is published again then it is served and reports are accepted (control)', async () => {
    await directories().deleteMany({ _id: { $gte: expired._id } });
    await t.publishDirectory();
    await request(t.app).get('/api/recipients').expect(200);
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(body).expect(201);
  });
});
