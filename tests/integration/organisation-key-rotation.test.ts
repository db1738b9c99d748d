/**
 * Changing the organisation key from A to B through its one explicit path: ORG_FINGERPRINT names
 * B for the admin CLI, and directory:export and directory:import are given A's public key with
 * --previous-org-public-key. The latest directory must verify with exactly that key (its
 * fingerprint is printed); a wrong previous key is refused with a clear error, and nothing
 * stored changes. Once B's directory is published, servers and pages pinned to B accept it,
 * and those still pinned to A refuse it until they are restarted and rebuilt with B.
 */
import { existsSync, readFileSync } from 'node:fs';
import request from 'supertest';
import { verifyRecipientDirectory, type GeneratedKeyPair } from '../../client/crypto';
import type { DirectoryContent } from '../../server/features/directory';
import { directoryServiceFor } from '../../scripts/admin/publish-directory';
import { runCli, type CliRun } from '../helpers/admin-cli';
import { storedDataExcept } from '../helpers/database';
import { generateTestOrganisation } from '../helpers/keys';
import { expectRefusal, expectSuccess, OfflineSigningDesk } from '../helpers/offline-signing';
import { createTestApp, type TestApp } from '../helpers/test-app';

describe('rotating the organisation key', () => {
  const desk = new OfflineSigningDesk();
  let t: TestApp; // organisation A: directory version 1 is signed by it
  let oldOrg: GeneratedKeyPair;
  let newOrg: GeneratedKeyPair;
  let stranger: GeneratedKeyPair;
  let oldOrgFile: string;
  let newOrgFile: string;
  let strangerFile: string;
  /** The admin CLI with ORG_FINGERPRINT set to the new key B. */
  let env: Record<string, string>;
  let retired: string;

  beforeAll(async () => {
    t = await createTestApp({ label: 'org-rotation', caseworkers: 2 });
    oldOrg = t.organisation;
    [newOrg, stranger] = await Promise.all([
      generateTestOrganisation(),
      generateTestOrganisation(),
    ]);
    oldOrgFile = desk.writeOrganisationFiles(oldOrg);
    newOrgFile = desk.writeOrganisationFiles(newOrg);
    strangerFile = desk.writeOrganisationFiles(stranger);
    env = { MONGODB_URI: t.config.mongodbUri, ORG_FINGERPRINT: newOrg.fingerprint };
    // A caseworker left under A: B's first directory must still list their key as retired.
    retired = t.caseworkers[1]!.fingerprint.toLowerCase();
    await t.caseworkerKeys.removeCaseworkerKey(retired);
  });
  afterAll(async () => {
    desk.dispose();
    await t.close();
  });

  function exportDraft(extra: readonly string[]): { run: CliRun; out: string } {
    const out = desk.scratch('next.json');
    return { run: runCli(['directory:export', '--out', out, ...extra], env), out };
  }

  function importSigned(signedFile: string, extra: readonly string[]): CliRun {
    return runCli(['directory:import', '--in', signedFile, ...extra], env);
  }

  test('when ORG_FINGERPRINT names the new key and no previous key is given then export refuses and names the way to rotate', () => {
    const { run, out } = exportDraft([]);
    expectRefusal(run, /does not verify against ORG_FINGERPRINT/);
    expect(run.stderr).toContain('--previous-org-public-key');
    expect(existsSync(out)).toBe(false);
  });

  test('when the previous key given did not sign the latest directory then export and import refuse it and nothing stored changes', async () => {
    const before = await storedDataExcept(t.connection);

    const wrong = exportDraft(['--previous-org-public-key', `${strangerFile}.pub`]);
    expectRefusal(
      wrong.run,
      `is not signed by the previous organisation key ${stranger.fingerprint.toLowerCase()}`,
    );
    expect(wrong.run.stdout).toContain(
      `Previous organisation key ${stranger.fingerprint.toLowerCase()}`,
    );
    expect(existsSync(wrong.out)).toBe(false);
    expectRefusal(
      exportDraft(['--previous-org-public-key', `${newOrgFile}.pub`]).run,
      'is the key of ORG_FINGERPRINT',
    );

    // A draft B signed, imported with a wrong previous key or without B's public key.
    const draft = exportDraft(['--previous-org-public-key', `${oldOrgFile}.pub`]);
    expectSuccess(draft.run);
    const signed = desk.signOffline(draft.out, newOrgFile);
    expectRefusal(
      importSigned(signed, [
        '--org-public-key',
        `${newOrgFile}.pub`,
        '--previous-org-public-key',
        `${strangerFile}.pub`,
      ]),
      `is not signed by the previous organisation key ${stranger.fingerprint.toLowerCase()}`,
    );
    expectRefusal(
      importSigned(signed, ['--previous-org-public-key', `${oldOrgFile}.pub`]),
      'pass --org-public-key <new org.asc.pub> too',
    );

    expect(await storedDataExcept(t.connection)).toBe(before);
  });

  test('when the previous key is the one that signed the latest directory then the new key signs the next one, it is published, and only what is pinned to the new key accepts it', async () => {
    const draft = exportDraft(['--previous-org-public-key', `${oldOrgFile}.pub`]);
    expect(expectSuccess(draft.run)).toContain(
      `Previous organisation key ${oldOrg.fingerprint.toLowerCase()}`,
    );
    const content = JSON.parse(readFileSync(draft.out, 'utf8')) as DirectoryContent;
    expect(content.version).toBe(2);
    expect(content.retired.map((key) => key.fingerprint)).toEqual([retired]);

    const signed = desk.signOffline(draft.out, newOrgFile);
    expect(
      expectSuccess(
        importSigned(signed, [
          '--org-public-key',
          `${newOrgFile}.pub`,
          '--previous-org-public-key',
          `${oldOrgFile}.pub`,
        ]),
      ),
    ).toContain('Published recipient directory version 2');

    // A server started with ORG_FINGERPRINT=B serves it; one still running with A refuses it.
    const current = await directoryServiceFor(t.connection, {
      orgFingerprint: newOrg.fingerprint,
    }).getCurrentDirectory();
    expect(current.version).toBe(2);
    const stale = await request(t.app).get('/api/recipients').expect(503);
    expect(stale.body.error.code).toBe('directory_invalid');

    // A page built with B's fingerprint accepts it; a page still pinned to A refuses it.
    const verified = await verifyRecipientDirectory(
      current.signedDirectory,
      current.organisationKey,
      newOrg.fingerprint,
      new Date(),
      2,
    );
    expect(verified.retired.map((key) => key.fingerprint)).toEqual([retired]);
    await expect(
      verifyRecipientDirectory(
        current.signedDirectory,
        current.organisationKey,
        oldOrg.fingerprint,
        new Date(),
        2,
      ),
    ).rejects.toMatchObject({ code: 'directory_wrong_organisation' });

    // From now on B is the organisation key: the next export needs no previous key.
    const next = exportDraft([]);
    expectSuccess(next.run);
    expect((JSON.parse(readFileSync(next.out, 'utf8')) as DirectoryContent).version).toBe(3);
  });
});
