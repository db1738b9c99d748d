/**
 * The admin CLI as an admin runs it (`npm run admin -- …`): organisation key, caseworker keys
 * (from GnuPG), signed directory, and offline export that stock `gpg --decrypt` opens.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { MongoClient } from 'mongodb';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { connectDb } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';
import { verifyRecipientDirectory } from '../../client/crypto';
import { expectAuditLogIntact, runCli } from '../helpers/admin-cli';
import { testDatabaseUri } from '../helpers/database';
import { useGnuPG } from '../helpers/gnupg';
import { buildSubmission } from '../helpers/reports';
import { hostileKeys } from '../helpers/forge';

describe('admin CLI', () => {
  const { gpg, scratch: work } = useGnuPG('amanat-admin-');
  const mongodbUri = testDatabaseUri('admin-cli');
  const passphraseFile = join(work, 'passphrase');
  const orgKey = join(work, 'org.asc');
  let env: Record<string, string>;
  let fingerprint: string;

  beforeAll(() => {
    writeFileSync(passphraseFile, 'TEST ONLY organisation passphrase\n', { mode: 0o600 });
  });
  afterAll(async () => {
    const client = await MongoClient.connect(mongodbUri);
    await client.db().dropDatabase();
    await client.close();
  });

  test('when org:init runs then a passphrase-protected v4 key is written 0600 and its fingerprint printed', () => {
    const result = runCli(
      ['org:init', '--out', orgKey, '--passphrase-file', passphraseFile, '--name', 'TEST ONLY org'],
      {},
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    fingerprint = /fingerprint: ([0-9a-f]{40})/.exec(result.stdout)![1]!;
    expect(statSync(orgKey).mode & 0o777).toBe(0o600);
    expect(readFileSync(orgKey, 'utf8')).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    // GnuPG can read it (and sees it is protected).
    const listing = gpg
      .run(['--with-colons', '--import-options', 'show-only', '--import'], readFileSync(orgKey))
      .toString();
    expect(listing).toContain(fingerprint.toUpperCase());
    env = { MONGODB_URI: mongodbUri, ORG_FINGERPRINT: fingerprint };
  });

  test('when org:init would overwrite a key, or makes a demo key in production, then it refuses and exits non-zero', () => {
    const again = runCli(['org:init', '--out', orgKey, '--passphrase-file', passphraseFile], {});
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('refusing to overwrite');
    const demo = runCli(
      ['org:init', '--out', join(work, 'demo.asc'), '--passphrase-file', passphraseFile, '--demo'],
      {
        NODE_ENV: 'production',
      },
    );
    expect(demo.status).toBe(1);
    expect(demo.stderr).toContain('Demo keys are refused when NODE_ENV=production');
  });

  test('when caseworker:add-key gets an expired, revoked, weak, v6 or secret key then it refuses with a clear message', async () => {
    const refusals: [string, string, RegExp][] = [
      ['expired', await hostileKeys.expired('TEST ONLY'), /expired/],
      ['revoked', await hostileKeys.revoked('TEST ONLY'), /revoked/],
      ['rsa2048', await hostileKeys.rsa2048('TEST ONLY'), /RSA 2048; at least RSA 3072/],
      ['v6', await hostileKeys.version6('TEST ONLY'), /Only version 4 keys/],
      ['secret', await hostileKeys.secret('TEST ONLY'), /This is a secret key/],
    ];
    for (const [name, armored, message] of refusals) {
      const file = join(work, `${name}.asc`);
      writeFileSync(file, armored);
      const result = runCli(['caseworker:add-key', file, '--label', name], env);
      expect({ name, status: result.status }).toEqual({ name, status: 1 });
      expect(result.stderr).toMatch(message);
    }
    const listed = runCli(['caseworker:list'], env);
    expect(listed.stdout.trim()).toBe('No caseworker keys.');
  });

  test('when a GnuPG key is added, the directory signed, a report submitted and the case exported then gpg decrypts the original bytes', async () => {
    const caseworker = gpg.generateKey('TEST ONLY caseworker <cw@example.invalid>');
    const keyFile = join(work, 'caseworker.asc');
    writeFileSync(keyFile, gpg.exportPublicKey(caseworker));
    const added = runCli(['caseworker:add-key', keyFile, '--label', 'Caseworker A'], env);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain(`Added caseworker key ${caseworker}`);
    const signed = runCli(
      [
        'directory:sign',
        '--org-key',
        orgKey,
        '--passphrase-file',
        passphraseFile,
        '--valid-days',
        '30',
      ],
      env,
    );
    expect(signed.stderr).toBe('');
    expect(signed.stdout).toContain('Published recipient directory version 1 with 1 key(s)');

    // The server, configured with the same fingerprint, serves it and intake accepts a browser report.
    const config = loadConfig({
      ...env,
      NODE_ENV: 'test',
      ADDRESS_HASH_KEY: 'ef'.repeat(32),
      FACTOR_ENCRYPTION_KEY: 'fe'.repeat(32),
      ALERT_ADDRESS_KEY: 'ae'.repeat(32),
    });
    const connection = await connectDb(mongodbUri);
    const built = buildApp({ config, connection, logger: createLogger('silent') });
    await built.prepare();
    const served = await request(built.app).get('/api/recipients').expect(200);
    const directory = await verifyRecipientDirectory(
      served.body.directory,
      served.body.organisationKey,
      fingerprint,
    );
    const { body, report } = await buildSubmission(directory);
    const accepted = await request(built.app).post('/api/reports').send(body).expect(201);
    built.close();
    await connection.close();

    const exported = runCli(
      ['case:export', accepted.body.caseId, '--out', join(work, 'export')],
      env,
    );
    expect(exported.stderr).toBe('');
    const caseDir = join(work, 'export', accepted.body.caseId);
    const decrypted = gpg.run(['--decrypt', join(caseDir, 'report.asc')]);
    expect(JSON.parse(decrypted.toString('utf8'))).toEqual(report);
    const manifest = JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8'));
    expect(manifest.caseId).toBe(accepted.body.caseId);
    expect(statSync(join(caseDir, 'report.asc')).mode & 0o777).toBe(0o600);
  });

  test('when admins changed keys, signed and exported then the audit chain verifies, and a tampered entry is named', async () => {
    expectAuditLogIntact(env, 3); // key added, directory published, case exported
    const client = await MongoClient.connect(mongodbUri);
    try {
      await client
        .db()
        .collection<{ _id: number }>('audit_log')
        .updateOne({ _id: 2 }, { $set: { actor: 'someone else' } });
    } finally {
      await client.close();
    }
    const broken = runCli(['audit:verify'], env);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(
      'Audit log broken at entry 2: its content does not match its hash.',
    );
  });

  test('when case:export names no such case or a malformed id then it says so and exits non-zero', () => {
    const missing = runCli(['case:export', 'a'.repeat(32), '--out', join(work, 'export')], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('No case');
    const malformed = runCli(['case:export', '../../etc', '--out', join(work, 'export')], env);
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('A case id is 32 hexadecimal characters');
  });

  test('when the database is not configured then the CLI names the missing variable', () => {
    const result = runCli(['caseworker:list'], {});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MONGODB_URI (or MONGODB_URI_FILE) is required');
  });
});
