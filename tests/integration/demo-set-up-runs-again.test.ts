/**
 * The demo set-up (scripts/lib/demo-deployment.ts) on a database an older demo left behind, and
 * run again: the DEMO caseworker key the older demo stored without an owner becomes the demo
 * caseworker's (the same key, so reports encrypted to it stay readable); a second run keeps the
 * accounts and their secrets and signs the next directory; an account whose secrets were lost
 * from the data folder is signed up again, its new TOTP secret sealed like any other, and its
 * sessions end; a factor-encryption key replaced since the accounts were made stops the set-up
 * before it changes anything.
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { verifyRecipientDirectory } from '../../client/crypto';
import { prepareDemo, type DemoDeployment } from '../../scripts/lib/demo-deployment';
import { ensureDemoKeys } from '../../scripts/lib/demo-keys';
import { DEMO_ANALYST, DEMO_CASEWORKER } from '../../scripts/lib/demo-staff';
import { SessionsService } from '../../server/features/sessions';
import { inspectPublicKey } from '../../server/platform/openpgp';
import { buildCoreServices, totpSealer, type CoreServices } from '../../server/services';
import { connectDb } from '../../server/platform/db';
import { testDatabaseUri } from '../helpers/database';

let dataDir: string;
let mongodbUri: string;
let connection: Connection;
let services: CoreServices;
let demoFingerprint: string;

const run = (): Promise<DemoDeployment> =>
  prepareDemo({ dataDir, mongodbUri, env: { LOG_LEVEL: 'silent' } });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'amanat-demo-again-'));
  mongodbUri = testDatabaseUri('demoagain');
  connection = await connectDb(mongodbUri);
  services = buildCoreServices({ connection });
});

afterAll(async () => {
  await connection.dropDatabase().catch(() => {});
  await connection.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo set-up, again', () => {
  let first: DemoDeployment;

  test('when an older demo stored the DEMO key without an owner then the set-up makes it the demo caseworker key, listed in the directory', async () => {
    const keys = await ensureDemoKeys(dataDir);
    demoFingerprint = (await inspectPublicKey(keys.caseworker.armoredPublicKey)).fingerprint;
    await services.caseworkerKeys.addCaseworkerKey(
      keys.caseworker.armoredPublicKey,
      'DEMO caseworker',
    );
    first = await run();
    const owned = await services.caseworkerKeys.findOwnKey(first.caseworker.account.id);
    expect(owned).toMatchObject({ fingerprint: demoFingerprint, status: 'active' });
    expect(owned?.protectedSecretKey).toBe(keys.caseworker.protectedSecretKey);
    expect((await services.caseworkerKeys.listAllKeys()).map((key) => key.ownerId)).toEqual([
      first.caseworker.account.id,
    ]);
    const latest = await services.repositories.directory.findLatest();
    expect(latest?.version).toBe(first.config.directoryMinVersion);
    const directory = await verifyRecipientDirectory(
      latest?.signedDirectory ?? '',
      latest?.organisationKey ?? '',
      first.config.orgFingerprint,
    );
    expect(directory.recipients.map((recipient) => recipient.fingerprint)).toEqual([
      demoFingerprint,
    ]);
  }, 120_000);

  test('when the demo runs again then its accounts and secrets are kept and the next directory is signed', async () => {
    const second = await run();
    expect(second.caseworker.account.id).toBe(first.caseworker.account.id);
    expect(second.caseworker.password).toBe(first.caseworker.password);
    expect(second.analyst.password).toBe(first.analyst.password);
    expect(second.config.directoryMinVersion).toBe(first.config.directoryMinVersion + 1);
    expect(await services.caseworkerKeys.findOwnKey(second.caseworker.account.id)).toMatchObject({
      fingerprint: demoFingerprint,
      status: 'active',
    });
  }, 120_000);

  test('when the secrets of an account are gone from the data folder then it is signed up again with a sealed TOTP secret', async () => {
    unlinkSync(join(dataDir, `${DEMO_ANALYST}-password.txt`));
    const third = await run();
    expect(third.analyst.password).not.toBe(first.analyst.password);
    expect(third.analyst.account.id).toBe(first.analyst.account.id);
    expect(third.caseworker.password).toBe(first.caseworker.password);
    const analyst = await services.accounts.findByUsername(DEMO_ANALYST);
    expect(analyst?.status).toBe('active');
    const sealed = analyst?.totpSecretSealed ?? '';
    const secret = readFileSync(join(dataDir, `${DEMO_ANALYST}-totp-secret.txt`), 'utf8');
    expect(sealed).not.toContain(secret);
    const key = Buffer.from(
      readFileSync(join(dataDir, 'factor-encryption-key-DEMO.txt'), 'utf8'),
      'hex',
    );
    expect(totpSealer(key).open(sealed, analyst?.id ?? '')).toBe(secret);
    expect(await services.accounts.findByUsername(DEMO_CASEWORKER)).toMatchObject({
      status: 'active',
    });
  }, 120_000);

  test('when an account is signed up again then the sessions it had end', async () => {
    const { id } = (await services.accounts.findByUsername(DEMO_CASEWORKER))!;
    const limits = { idleMinutes: 30, absoluteHours: 12, reauthMinutes: 5 };
    const sessions = new SessionsService(
      services.repositories.sessions,
      services.marks,
      limits,
      () => new Date(),
    );
    await sessions.start(id, 'full');
    expect(await sessions.countFor(id)).toBe(1);
    unlinkSync(join(dataDir, `${DEMO_CASEWORKER}-password.txt`));
    const again = await run();
    expect(again.caseworker.account.id).toBe(id);
    expect(again.caseworker.password).not.toBe(first.caseworker.password);
    expect(await sessions.countFor(id)).toBe(0);
  }, 120_000);

  test('when the factor-encryption key was replaced since the accounts were made then the set-up stops, says what to do and changes nothing', async () => {
    const keyFile = join(dataDir, 'factor-encryption-key-DEMO.txt');
    const earlierKey = readFileSync(keyFile, 'utf8');
    const before = await services.accounts.findByUsername(DEMO_ANALYST);
    const password = readFileSync(join(dataDir, `${DEMO_ANALYST}-password.txt`), 'utf8');
    writeFileSync(keyFile, 'ab'.repeat(32));
    await expect(run()).rejects.toThrow(
      /does not open with the demo's factor-encryption key[\s\S]*Put the earlier key file back, or delete \.data\/demo-db/,
    );
    expect(await services.accounts.findByUsername(DEMO_ANALYST)).toEqual(before);
    expect(readFileSync(join(dataDir, `${DEMO_ANALYST}-password.txt`), 'utf8')).toBe(password);
    writeFileSync(keyFile, earlierKey);
    expect((await run()).analyst.password).toBe(password);
  }, 120_000);
});
