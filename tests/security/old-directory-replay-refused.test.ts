/**
 * Attack: someone who can write to the database brings back an older signed directory (here
 * version 1, which still lists a caseworker removed in version 2), so that new reports are
 * encrypted to the removed caseworker again. DIRECTORY_MIN_VERSION=2, in the server's
 * configuration and built into the reporter page, is outside the database: the server refuses
 * to serve or judge reports by version 1, and the page refuses it even when it is served.
 */
import request from 'supertest';
import { verifyRecipientDirectory, type VerifiedDirectory } from '../../client/crypto';
import { storedDirectoriesOf, type StoredDirectory } from '../helpers/database-writer';
import { openObservedPage } from '../helpers/browser';
import {
  directoryStatusOf,
  expectDirectoryRefused,
  expectReporterPageRefusesDirectory,
  serveRecipients,
} from '../helpers/directory-status';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import type { TestApp } from '../helpers/test-app';
import { useReporterSite } from '../helpers/use-reporter-site';

describe('an older signed directory written back into the database is refused', () => {
  const site = useReporterSite('sec-directory-replay', {
    caseworkers: 2,
    env: { DIRECTORY_MIN_VERSION: '2' },
    build: { directoryMinVersion: 2 },
  });
  let t: TestApp;
  let version1: StoredDirectory;
  let version2: StoredDirectory;
  let directory1: VerifiedDirectory;
  const directories = () => storedDirectoriesOf(t.connection);

  beforeAll(async () => {
    t = site.t;
    // Version 1 (both caseworkers) was published while setting up; version 2 drops one.
    directory1 = t.directory;
    version1 = (await directories().findOne({ _id: 1 }))!;
    await t.caseworkerKeys.removeCaseworkerKey(t.caseworkers[1]!.fingerprint);
    await t.publishDirectory();
    version2 = (await directories().findOne({ _id: 2 }))!;
    expect(t.directory.version).toBe(2);
  });

  /** As a database attacker would: version 2 deleted, version 1 the latest again. */
  async function restoreVersion1(): Promise<void> {
    await directories().deleteMany({});
    await directories().insertOne(version1);
  }

  async function restoreVersion2(): Promise<void> {
    await directories().deleteMany({});
    await directories().insertMany([version1, version2]);
  }

  test('when version 2 is current then it is served and a report to its keys is accepted (control)', async () => {
    await restoreVersion2();
    const served = (await request(t.app).get('/api/recipients').expect(200)).body;
    expect(served.version).toBe(2);
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(body).expect(201);
  });

  test('when the database serves version 1 again then GET /api/recipients answers 503 directory_outdated', async () => {
    await restoreVersion1();
    const response = await request(t.app).get('/api/recipients').expect(503);
    expect(response.body.error.code).toBe('directory_outdated');
    expect(response.body.error.message).toContain('DIRECTORY_MIN_VERSION');
    expect(response.body.directory).toBeUndefined();
  });

  test('when the database serves version 1 again then a report encrypted to its keys is refused and nothing is stored', async () => {
    await restoreVersion1();
    const { body } = await buildSubmission(directory1);
    await expectRefusedAndNothingStored(t, body, { status: 503, code: 'directory_outdated' });
  });

  test('when version 1 is stored under a higher version number then it is refused as invalid', async () => {
    await directories().deleteMany({});
    await directories().insertOne({ ...version1, _id: 3 });
    const response = await request(t.app).get('/api/recipients').expect(503);
    expect(response.body.error.code).toBe('directory_invalid');
    const { body } = await buildSubmission(directory1);
    await expectRefusedAndNothingStored(t, body, { status: 503, code: 'directory_invalid' });
  });

  test('when the server refuses version 1 then the reporter page says so in Uyghur and offers no form', async () => {
    await restoreVersion1();
    await expectReporterPageRefusesDirectory(site, 'ug', 'directory_outdated');
  });

  test('when a compromised server serves version 1 as current then the page built with minimum version 2 refuses it itself', async () => {
    await restoreVersion2();
    // Verifies with the organisation's key: only the version is wrong.
    expect(
      (
        await verifyRecipientDirectory(
          version1.signedDirectory,
          version1.organisationKey,
          t.organisation.fingerprint,
        )
      ).version,
    ).toBe(1);
    const observed = await openObservedPage(site.browser);
    await serveRecipients(observed.page, {
      directory: version1.signedDirectory,
      organisationKey: version1.organisationKey,
      version: 1,
    });
    await observed.page.goto(`${site.baseUrl}/?lang=ru`);
    await expectDirectoryRefused(observed.page, 'ru', 'directory_outdated');
    expect(await observed.cspViolations()).toEqual([]);
    await observed.context.close();
  });

  test('when version 2 is back then the page encrypts again (control)', async () => {
    await restoreVersion2();
    const observed = await openObservedPage(site.browser);
    await observed.page.goto(`${site.baseUrl}/?lang=en`);
    expect((await directoryStatusOf(observed.page)).state).toBe('ready');
    await observed.page.locator('#report-form').waitFor();
    await observed.context.close();
  });
});
