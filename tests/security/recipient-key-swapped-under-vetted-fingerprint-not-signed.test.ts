/**
 * Attack: a database writer edits a vetted caseworker's key record so that the next directory
 * lists the vetted fingerprint (which the admin compares with their vetting records before
 * signing) over another public key, or over encryption key ids the key does not have; or a draft
 * lists a former caseworker's retired fingerprint over another key. The organisation would sign
 * a directory whose keys are not what they say: reporters' pages refuse it, intake refuses every
 * report encrypted to it, or someone else's signature passes for the former caseworker's. Defence (server/features/directory/
 * listed-keys.ts): the offline signing refuses such a draft, and import refuses such a signed
 * directory (one signed with stock GnuPG, which checks nothing), changing nothing stored.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import { signRecipientDirectory } from '../../client/crypto';
import { runCli } from '../helpers/admin-cli';
import { storedDataExcept } from '../helpers/database';
import { generateTestCaseworker, TEST_PASSPHRASE } from '../helpers/keys';
import { expectRefusal, expectSuccess, OfflineSigningDesk } from '../helpers/offline-signing';
import { useTestApp } from '../helpers/use-test-app';

describe('a key swapped under a vetted fingerprint is not signed', () => {
  const t = useTestApp({ label: 'sec-swapped-recipient', caseworkers: 2 });
  const desk = new OfflineSigningDesk();
  afterAll(() => {
    desk.dispose();
  });

  const env = (): Record<string, string> => ({
    MONGODB_URI: t.config.mongodbUri,
    ORG_FINGERPRINT: t.organisation.fingerprint,
  });
  const keys = () => t.connection.collection<{ _id: string }>('caseworker_keys');
  const victim = (): string => t.caseworkers[0]!.fingerprint.toLowerCase();

  /**
   * What the database writer did, for as long as `run` runs (then the genuine record is put
   * back); `run` gets the next draft as the server exports it.
   */
  /** The draft signed with the organisation key but without the checks, as stock GnuPG would. */
  async function signedElsewhere(draft: string): Promise<string> {
    const file = desk.scratch('signed.asc');
    writeFileSync(
      file,
      await signRecipientDirectory(
        JSON.parse(readFileSync(draft, 'utf8')) as object,
        t.organisation.armoredSecretKey,
        TEST_PASSPHRASE,
      ),
    );
    return file;
  }

  /** directory:import of `signed` is refused with `message`, and nothing stored changes. */
  async function expectImportRefused(signed: string, message: string): Promise<void> {
    const before = await storedDataExcept(t.connection);
    expectRefusal(runCli(['directory:import', '--in', signed], env()), message);
    expect(await storedDataExcept(t.connection)).toBe(before);
  }

  async function whileTampered(
    change: Record<string, unknown>,
    run: (draft: string) => Promise<void> | void,
  ): Promise<void> {
    const genuine = await keys().findOne({ _id: victim() });
    await keys().updateOne({ _id: victim() }, { $set: change });
    try {
      const draft = desk.scratch('next.json');
      expectSuccess(runCli(['directory:export', '--out', draft], env()));
      await run(draft);
    } finally {
      await keys().replaceOne({ _id: victim() }, genuine!);
    }
  }

  test('when another key is listed under the vetted fingerprint then the offline machine refuses to sign it, and import refuses it signed elsewhere, changing nothing', async () => {
    const attacker = await generateTestCaseworker('attacker');
    const orgKeyFile = desk.writeOrganisationFiles(t.organisation);
    await whileTampered({ armoredPublicKey: attacker.armoredPublicKey }, async (draft) => {
      const { run, out } = desk.runSignOffline(draft, orgKeyFile);
      expectRefusal(run, 'lists keys that are not what it says; do not sign it');
      expect(run.stderr).toContain(
        `recipient ${victim()} (caseworker 1): its public key is ${attacker.fingerprint.toLowerCase()}`,
      );
      expect(existsSync(out)).toBe(false);

      // Signed without the check (as stock GnuPG would), then brought to the server, where the
      // database still agrees with it.
      await expectImportRefused(
        await signedElsewhere(draft),
        `its public key is ${attacker.fingerprint.toLowerCase()}`,
      );
    });
    expect((await request(t.app).get('/api/recipients').expect(200)).body.version).toBe(1);
  });

  test("when the listed encryption key ids are not the key's then the offline machine refuses to sign it", async () => {
    const orgKeyFile = desk.writeOrganisationFiles(t.organisation);
    await whileTampered({ encryptionKeyIds: ['0123456789abcdef'] }, (draft) => {
      const { run, out } = desk.runSignOffline(draft, orgKeyFile);
      expectRefusal(
        run,
        `recipient ${victim()} (caseworker 1): its public key's encryption key ids are`,
      );
      expect(run.stderr).toContain('not 0123456789abcdef');
      expect(existsSync(out)).toBe(false);
    });
  });

  test("when a directory listing encryption key ids that are not the key's is signed elsewhere then import refuses it, changing nothing", async () => {
    await whileTampered({ encryptionKeyIds: ['0123456789abcdef'] }, async (draft) => {
      await expectImportRefused(
        await signedElsewhere(draft),
        `recipient ${victim()} (caseworker 1): its public key's encryption key ids are`,
      );
    });
    expect((await request(t.app).get('/api/recipients').expect(200)).body.version).toBe(1);
  });

  test('when a retired key is listed over another public key then the offline machine refuses to sign it, and import refuses it signed elsewhere, changing nothing', async () => {
    // A former caseworker's fingerprint (what the admin recognises) over a key someone else holds:
    // a message signed by that key would pass for the former caseworker's.
    const former = await generateTestCaseworker('former caseworker');
    const attacker = await generateTestCaseworker('attacker');
    const draft = desk.scratch('next.json');
    expectSuccess(runCli(['directory:export', '--out', draft], env()));
    const content = JSON.parse(readFileSync(draft, 'utf8')) as { retired: unknown[] };
    content.retired.push({
      fingerprint: former.fingerprint.toLowerCase(),
      label: 'former caseworker',
      publicKey: attacker.armoredPublicKey,
      retiredOn: '2026-01-15',
    });
    const altered = desk.scratch('altered.json');
    writeFileSync(altered, JSON.stringify(content));
    const expected = `retired key ${former.fingerprint.toLowerCase()} (former caseworker): its public key is ${attacker.fingerprint.toLowerCase()}`;

    const { run, out } = desk.runSignOffline(altered, desk.writeOrganisationFiles(t.organisation));
    expectRefusal(run, 'lists keys that are not what it says; do not sign it');
    expect(run.stderr).toContain(expected);
    expect(existsSync(out)).toBe(false);

    await expectImportRefused(await signedElsewhere(altered), expected);
    expect((await request(t.app).get('/api/recipients').expect(200)).body.version).toBe(1);
  });
});
