/**
 * Publishing a directory without the organisation secret key ever reaching the server:
 * `directory:export` on the server, signing on the offline machine (the CLI, which needs no
 * database, or stock GnuPG), `directory:import` on the server. And the demo marker follows a
 * DEMO organisation key.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import { MongoClient } from 'mongodb';
import { verifyRecipientDirectory } from '../../client/crypto';
import { connectDb } from '../../server/platform/db';
import type { DirectoryContent } from '../../server/features/directory';
import { directoryServiceFor } from '../../scripts/admin/publish-directory';
import { runCli, type CliRun } from '../helpers/admin-cli';
import { expectRefusal, expectSuccess, OfflineSigningDesk } from '../helpers/offline-signing';
import { testDatabaseUri } from '../helpers/database';
import { GnuPG } from '../helpers/gnupg';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { generateTestCaseworker, generateTestOrganisation, TEST_PASSPHRASE } from '../helpers/keys';

const desk = new OfflineSigningDesk();
afterAll(() => {
  desk.dispose();
});

describe('offline signing: export on the server, sign offline, import', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let orgKeyFile: string;
  const gpg = new GnuPG();
  beforeAll(async () => {
    t = await createTestApp({ label: 'directory-offline', caseworkers: 3 });
    orgKeyFile = desk.writeOrganisationFiles(t.organisation);
    env = { MONGODB_URI: t.config.mongodbUri, ORG_FINGERPRINT: t.organisation.fingerprint };
    gpg.importSecretKey(t.organisation.armoredSecretKey, TEST_PASSPHRASE);
  });
  afterAll(async () => {
    gpg.dispose();
    await t.close();
  });

  function exportDraft(extraEnv: Record<string, string> = {}): string {
    const out = desk.scratch('next.json');
    expectSuccess(runCli(['directory:export', '--out', out], { ...env, ...extraEnv }));
    return out;
  }

  function importSigned(signedFile: string, extra: readonly string[] = [], extraEnv = {}): CliRun {
    return runCli(['directory:import', '--in', signedFile, ...extra], { ...env, ...extraEnv });
  }

  /** The GnuPG way: an inline-signed, armored message of the exact file (gpg compresses it). */
  function signWithGnuPG(file: string, mode: '--sign' | '--clearsign' = '--sign'): string {
    return gpg.signFile(file, t.organisation.fingerprint, TEST_PASSPHRASE, {
      mode,
      out: `${file}.gpg.asc`,
    });
  }

  async function served(): Promise<{
    directory: string;
    organisationKey: string;
    version: number;
  }> {
    return (await request(t.app).get('/api/recipients').expect(200)).body;
  }

  test('when a key is removed, the draft exported, signed with the CLI offline and imported then the new version is served and the CLI names the DIRECTORY_MIN_VERSION to set', async () => {
    const removed = t.caseworkers[2]!.fingerprint.toLowerCase();
    await t.caseworkerKeys.removeCaseworkerKey(removed);
    const draftFile = exportDraft();
    const draft = JSON.parse(readFileSync(draftFile, 'utf8')) as DirectoryContent;
    expect(draft.version).toBe(2);
    expect(draft.recipients).toHaveLength(2);
    expect(draft.retired.map((key) => key.fingerprint)).toEqual([removed]);

    const signedFile = desk.signOffline(draftFile, orgKeyFile);
    const stdout = expectSuccess(importSigned(signedFile));
    expect(stdout).toContain('Published recipient directory version 2 with 2 key(s) (1 retired).');
    expect(stdout).toContain('set DIRECTORY_MIN_VERSION=2');

    const current = await served();
    expect(current.version).toBe(2);
    const verified = await verifyRecipientDirectory(
      current.directory,
      current.organisationKey,
      t.organisation.fingerprint,
      new Date(),
      2,
    );
    expect(verified.retired.map((key) => key.fingerprint)).toEqual([removed]);
  });

  test('when the exported file is signed with stock GnuPG then import publishes it and the browser code accepts it', async () => {
    const signedFile = signWithGnuPG(exportDraft());
    expect(readFileSync(signedFile, 'utf8')).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(expectSuccess(importSigned(signedFile))).toContain(
      'Published recipient directory version 3',
    );
    const current = await served();
    expect(current.directory).toBe(readFileSync(signedFile, 'utf8'));
    const verified = await verifyRecipientDirectory(
      current.directory,
      current.organisationKey,
      t.organisation.fingerprint,
      new Date(),
      3,
    );
    expect(verified.version).toBe(3);
    expect(verified.recipients).toHaveLength(2);
  });

  test('when the directory is signed by another key, or is not an inline signature, then import refuses it with a clear message and publishes nothing', async () => {
    const draftFile = exportDraft();
    const impostor = await generateTestOrganisation();
    const impostorFile = desk.writeOrganisationFiles(impostor);
    expectRefusal(
      importSigned(desk.signOffline(draftFile, impostorFile)),
      `does not carry a valid signature by the organisation key ${t.organisation.fingerprint.toLowerCase()}`,
    );
    expectRefusal(
      importSigned(desk.signOffline(draftFile, impostorFile), [
        '--org-public-key',
        `${impostorFile}.pub`,
      ]),
      `The organisation public key is ${impostor.fingerprint.toLowerCase()}, not ORG_FINGERPRINT`,
    );
    expectRefusal(
      importSigned(signWithGnuPG(draftFile, '--clearsign')),
      'This is a cleartext signature (gpg --clearsign)',
    );
    expectRefusal(
      importSigned(desk.signOffline(draftFile, orgKeyFile), ['--org-public-key', orgKeyFile]),
      'This is the organisation SECRET key',
    );
    expect((await served()).version).toBe(3);
  });

  test('when the keys changed after the export then import refuses the signed file as not current', async () => {
    const draftFile = exportDraft();
    const newcomer = await generateTestCaseworker('directory-offline-newcomer');
    await t.caseworkerKeys.addCaseworkerKey(newcomer.armoredPublicKey, 'newcomer');
    expectRefusal(
      importSigned(desk.signOffline(draftFile, orgKeyFile)),
      `recipient ${newcomer.fingerprint.toLowerCase()} is missing`,
    );
    await t.caseworkerKeys.removeCaseworkerKey(newcomer.fingerprint);
    expect((await served()).version).toBe(3);
  });

  test('when the signed version is not newer than the latest, or below DIRECTORY_MIN_VERSION, then import refuses it', () => {
    const signedFile = desk.signOffline(exportDraft(), orgKeyFile);
    expectRefusal(
      importSigned(signedFile, [], { DIRECTORY_MIN_VERSION: '5' }),
      'directory_outdated',
    );
    expectSuccess(importSigned(signedFile));
    expectRefusal(importSigned(signedFile), 'directory_version_stale');
    // The next export starts at the minimum when the database lags behind it.
    const ahead = JSON.parse(readFileSync(exportDraft({ DIRECTORY_MIN_VERSION: '9' }), 'utf8'));
    expect(ahead.version).toBe(9);
  });

  test('when NODE_ENV=production then signing with the secret key on the server is refused and nothing changes', async () => {
    const production = { ...env, NODE_ENV: 'production', DIRECTORY_MIN_VERSION: '1' };
    const sign = ['--org-key', orgKeyFile, '--passphrase-file', desk.passphraseFile];
    expectRefusal(
      runCli(['directory:sign', ...sign], production),
      'Signing with --org-key is refused when NODE_ENV=production',
    );
    const caseworker = t.caseworkers[0]!.fingerprint.toLowerCase();
    expectRefusal(
      runCli(['caseworker:offboard', caseworker, ...sign], production),
      'Signing with --org-key is refused when NODE_ENV=production',
    );
    expect((await t.caseworkerKeys.listActiveKeys()).map((key) => key.fingerprint)).toContain(
      caseworker,
    );
    expect((await served()).version).toBe(4);
  });
});

describe('the demo marker follows a DEMO organisation key', () => {
  const mongodbUri = testDatabaseUri('directory-demo');
  const gpg = new GnuPG();
  let env: Record<string, string>;
  let orgKeyFile: string;
  let fingerprint: string;
  beforeAll(async () => {
    orgKeyFile = desk.scratch('demo-org.asc');
    const init = expectSuccess(
      runCli(
        ['org:init', '--out', orgKeyFile, '--passphrase-file', desk.passphraseFile, '--demo'],
        {},
      ),
    );
    fingerprint = /fingerprint: ([0-9a-f]{40})/.exec(init)![1]!;
    env = { MONGODB_URI: mongodbUri, ORG_FINGERPRINT: fingerprint };
    const caseworker = await generateTestCaseworker('directory-demo');
    const keyFile = desk.scratch('caseworker.asc');
    writeFileSync(keyFile, caseworker.armoredPublicKey);
    expectSuccess(runCli(['caseworker:add-key', keyFile, '--label', 'demo caseworker'], env));
    gpg.importSecretKey(readFileSync(orgKeyFile, 'utf8'), TEST_PASSPHRASE);
  });
  afterAll(async () => {
    gpg.dispose();
    const client = await MongoClient.connect(mongodbUri);
    await client.db().dropDatabase();
    await client.close();
  });

  async function currentDirectory(): Promise<{ version: number; demo: boolean }> {
    const connection = await connectDb(mongodbUri);
    try {
      const { content } = await directoryServiceFor(connection, {
        orgFingerprint: fingerprint,
      }).getCurrentDirectory();
      return { version: content.version, demo: content.demo };
    } finally {
      await connection.close();
    }
  }

  test('when directory:sign signs with the demo key without --demo then the directory is still marked demo', async () => {
    expectSuccess(
      runCli(
        ['directory:sign', '--org-key', orgKeyFile, '--passphrase-file', desk.passphraseFile],
        env,
      ),
    );
    expect(await currentDirectory()).toEqual({ version: 1, demo: true });
  });

  test('when the next draft is exported then it is marked demo, and the offline CLI keeps it so', async () => {
    const draftFile = desk.scratch('demo-next.json');
    expectSuccess(runCli(['directory:export', '--out', draftFile], env));
    expect(JSON.parse(readFileSync(draftFile, 'utf8')).demo).toBe(true);
    // Even a draft edited to drop the marker is signed as demo by a DEMO key.
    const edited = desk.scratch('demo-edited.json');
    writeFileSync(edited, readFileSync(draftFile, 'utf8').replace('"demo": true', '"demo": false'));
    const signed = desk.signOffline(edited, orgKeyFile);
    expectSuccess(runCli(['directory:import', '--in', signed], env));
    expect(await currentDirectory()).toEqual({ version: 2, demo: true });
  });

  test('when GnuPG signs a directory without the marker with the demo key then import refuses it', async () => {
    const draftFile = desk.scratch('demo-unmarked.json');
    expectSuccess(runCli(['directory:export', '--out', draftFile], env));
    writeFileSync(
      draftFile,
      readFileSync(draftFile, 'utf8').replace('"demo": true', '"demo": false'),
    );
    expectRefusal(
      runCli(
        ['directory:import', '--in', gpg.signFile(draftFile, fingerprint, TEST_PASSPHRASE)],
        env,
      ),
      'signed by a DEMO organisation key but is not marked demo',
    );
    expect(await currentDirectory()).toEqual({ version: 2, demo: true });
  });
});
