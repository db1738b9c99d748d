/**
 * Backup and restore with the admin CLI: `backup:create` streams every collection into
 * one file encrypted to the organisation key; `backup:restore` checks the whole file, then
 * restores it into a new, empty database, where every document is byte for byte what it was and
 * the audit chain still verifies. Refusals: wrong passphrase, non-empty target, modified or cut
 * file, a key that is not the organisation's.
 */
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  Binary,
  BSON,
  BSONRegExp,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoClient,
  ObjectId,
  Timestamp,
} from 'mongodb';
import { buildApp } from '../../server/app';
import { connectDb } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';
import { encryptForDirectory } from '../../client/crypto';
import {
  expectAuditLogIntact,
  restoreBackup,
  runCli,
  useBackupWorkspace,
} from '../helpers/admin-cli';
import { servingRestored, useBackupSource } from '../helpers/backup-source';
import { GnuPG } from '../helpers/gnupg';
import { expectRestoredAs, rawSnapshot, type Snapshot } from '../helpers/raw-snapshot';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { enrolStaff, signInStaff, type EnrolledStaff } from '../helpers/staff';

/** Several CLI runs per test, each a fresh process that starts tsx and unlocks a key. */
const SLOW_MS = 180_000;

async function indexNames(uri: string): Promise<Record<string, string[]>> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db();
    const names: Record<string, string[]> = {};
    for (const { name } of await db.listCollections().toArray()) {
      names[name] = (await db.collection(name).listIndexes().toArray())
        .map((index) => String(index['name']))
        .sort();
    }
    return names;
  } finally {
    await client.close();
  }
}

describe('backup and restore with the admin CLI', () => {
  const workspace = useBackupWorkspace('backup');
  const { work, sourceUri, restoredUri, backupFile, keys, freshTarget } = workspace;
  const { orgKey: orgKeyFile } = keys;
  const gpg = new GnuPG();
  // org:init's two files are written from the test organisation (its passphrase is TEST_PASSPHRASE).
  const t = useBackupSource(workspace, { label: 'backup', caseworkers: 1 });
  let caseworker: EnrolledStaff;
  let env: Record<string, string>;
  /** Plaintext that must never appear in the backup file. */
  const secrets: string[] = [];
  let receiptVerifier: string;
  let before: Snapshot;
  let printedSha256: string;

  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'backup-caseworker');
    await enrolStaff(t, 'backup-admin', 'admin');
    await enrolStaff(t, 'backup-analyst', 'analyst');
    writeFileSync(`${orgKeyFile}.pub`, t.organisation.armoredPublicKey);
    env = { MONGODB_URI: sourceUri, ORG_FINGERPRINT: t.organisation.fingerprint };

    // Two cases as they look after casework: a report, a follow-up, a note, a reply, an
    // attachment part and triage (the first one closed), each leaving audit entries.
    const client = await signInStaff(t, caseworker);
    for (const [i, triage] of [
      { status: 'closed', outcome: 'resolved', priority: 'high', labels: ['family'] },
      { status: 'in_progress', incidentCategory: 'coercion_to_inform', hostCountry: 'DE' },
    ].entries()) {
      const built = await buildSubmission(t.directory);
      const { caseId } = (await request(t.app).post('/api/reports').send(built.body).expect(201))
        .body as { caseId: string };
      secrets.push(caseId, built.body.receiptVerifier);
      receiptVerifier ??= built.body.receiptVerifier;
      await request(t.app)
        .post('/api/receipts/messages')
        .send({
          receiptVerifier: built.body.receiptVerifier,
          messageId: randomBytes(16).toString('hex'),
          message: await encryptToDirectory(t.directory, `TEST ONLY follow-up ${i}`),
        })
        .expect(201);
      expect(
        (
          await client.post(`/api/cases/${caseId}/notes`, {
            messageId: randomBytes(16).toString('hex'),
            message: await encryptToDirectory(t.directory, 'TEST ONLY note'),
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await client.post(`/api/cases/${caseId}/replies`, {
            messageId: randomBytes(16).toString('hex'),
            message: await encryptToDirectory(t.directory, 'TEST ONLY reply', [
              built.body.replyKey,
            ]),
          })
        ).status,
      ).toBe(201);
      const part = await encryptForDirectory(randomBytes(200_000), t.directory);
      await request(t.app)
        .put(`/api/attachments/${randomBytes(16).toString('hex')}/parts/0`)
        .set({
          'Content-Type': 'application/octet-stream',
          'X-Receipt-Verifier': built.body.receiptVerifier,
        })
        .send(Buffer.from(part))
        .expect(201);
      expect((await client.patch(`/api/cases/${caseId}`, triage)).status).toBe(200);
    }

    // A collection the app does not know, with the BSON types a restore must not change.
    const raw = await MongoClient.connect(sourceUri);
    try {
      const exotic: Record<string, unknown> = {
        _id: new ObjectId(),
        long: Long.fromString('9007199254740993'),
        negativeLong: Long.fromString('-42'),
        smallLong: Long.fromNumber(1),
        int32: new Int32(7),
        wholeDouble: new Double(1),
        negativeZero: new Double(-0),
        ciphertext: new Binary(randomBytes(4096), 0),
        uuid: new Binary(randomBytes(16), 4),
        userDefined: new Binary(randomBytes(8), 0x80),
        at: new Date('2026-11-28T10:11:12.345Z'),
        text: 'ئۇيغۇرچە — TEST ONLY',
        regex: new BSONRegExp('^a.*$', 'i'),
        timestamp: new Timestamp({ t: 1_700_000_000, i: 3 }),
        nothing: null,
        flag: true,
        nested: { list: [new Int32(1), 'two', { three: new Long(3) }], empty: {} },
      };
      if (process.env['AMANAT_TEST_DATABASE_KIND'] !== 'ferretdb') {
        // FerretDB v1 does not store these; MongoDB does.
        Object.assign(exotic, {
          decimal: Decimal128.fromString('1234.5678901234567890'),
          min: new MinKey(),
          max: new MaxKey(),
        });
      }
      await raw.db().collection('test_only_bson_types').insertOne(exotic);
    } finally {
      await raw.close();
    }
    secrets.push(
      'backup-caseworker',
      'backup-admin',
      'TEST ONLY',
      'amanat-backup',
      'caseworker.key_added',
      'case.status_changed',
      'receiptVerifierHash',
      'test_only_bson_types',
    );
  }, SLOW_MS);

  afterAll(() => gpg.dispose());

  test(
    'when backup:create is given a key that is not the organisation key then it refuses and writes no file',
    () => {
      const otherKey = join(work, 'caseworker.asc.pub');
      writeFileSync(otherKey, t.caseworkers[0]!.armoredPublicKey);
      const out = join(work, 'refused.backup');
      const wrongKey = runCli(['backup:create', '--out', out, '--org-public-key', otherKey], env);
      expect(wrongKey.status).toBe(1);
      expect(wrongKey.stderr).toContain('is not the organisation key');
      const secretKey = runCli(
        ['backup:create', '--out', out, '--org-public-key', orgKeyFile],
        env,
      );
      expect(secretKey.status).toBe(1);
      expect(secretKey.stderr).toContain('This is a secret key');
      const noFingerprint = runCli(['backup:create', '--out', out], { MONGODB_URI: sourceUri });
      expect(noFingerprint.status).toBe(1);
      expect(noFingerprint.stderr).toContain('Set ORG_FINGERPRINT');
      expect(existsSync(out)).toBe(false);
    },
    SLOW_MS,
  );

  test('when backup:create runs then the file is one OpenPGP message to the organisation key, holds no plaintext, and its SHA-256 and counts are printed', async () => {
    before = await rawSnapshot(sourceUri);
    const result = runCli(
      ['backup:create', '--out', backupFile, '--org-public-key', `${orgKeyFile}.pub`],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const bytes = readFileSync(backupFile);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    printedSha256 = /sha256: ([0-9a-f]{64})/.exec(result.stdout)![1]!;
    expect(printedSha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    for (const [name, documents] of before) {
      expect(result.stdout).toMatch(new RegExp(`\\n  ${name} +${documents.length}\\n`));
    }
    const total = [...before.values()].reduce((sum, documents) => sum + documents.length, 0);
    expect(result.stdout).toContain(`total: ${total} document(s) in ${before.size} collection(s)`);
    expect(before.get('reports')).toHaveLength(2);
    expect(before.get('attachment_parts')).toHaveLength(2);

    // Exactly one recipient (the organisation's encryption subkey), then SEIPD v1 with MDC.
    // (Without the secret key GnuPG lists the outer packets, then says it cannot decrypt.)
    const listing = gpg.tryRun(['--list-packets'], bytes);
    expect(listing.stderr).toContain('decryption failed: No secret key');
    const packets = listing.stdout.toString('utf8');
    expect(packets.match(/:pubkey enc packet: version 3/g)).toHaveLength(1);
    expect(packets).toMatch(/:encrypted data packet:\s+length: unknown\s+mdc_method: 2/);
    expect(packets).not.toContain(':literal data packet:');
    for (const secret of secrets) {
      expect({ secret, found: bytes.includes(Buffer.from(secret, 'utf8')) }).toEqual({
        secret,
        found: false,
      });
    }
    // The offline path: stock GnuPG with the organisation secret key opens it.
    gpg.importSecretKey(t.organisation.armoredSecretKey, TEST_PASSPHRASE);
    const plainFile = join(work, 'amanat.backup.plain');
    gpg.decryptFileTo(backupFile, plainFile, TEST_PASSPHRASE);
    const plaintext = readFileSync(plainFile);
    expect(plaintext.subarray(0, 16).toString('ascii')).toBe('amanat-backup/1\n');
    expect(plaintext.includes(Buffer.from(secrets[0]!))).toBe(true);

    // The backup is itself an audited admin action, recorded after the dump.
    const after = await rawSnapshot(sourceUri);
    const lastAudit = BSON.deserialize(
      after.get('audit_log')!.find((doc) => !before.get('audit_log')!.some((b) => b.equals(doc)))!,
    );
    expect(lastAudit).toMatchObject({
      actor: 'admin-cli',
      event: 'backup.created',
      details: { sha256: printedSha256, documents: String(total) },
    });
  });

  test('when backup:create runs without --org-public-key then it encrypts to the key of the published directory, and never overwrites a file', () => {
    const out = join(work, 'from-directory.backup');
    const result = runCli(['backup:create', '--out', out], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(t.organisation.fingerprint);
    const again = runCli(['backup:create', '--out', out], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('refusing to overwrite');
  });

  test(
    'when the passphrase is wrong then backup:restore exits non-zero, says so, and writes nothing',
    async () => {
      const target = freshTarget('backup-wrongpass');
      const wrongPassphrase = join(work, 'wrong-passphrase');
      writeFileSync(wrongPassphrase, 'not the organisation passphrase', { mode: 0o600 });
      const result = runCli(['backup:restore', '--in', backupFile, '--org-key', orgKeyFile], {
        MONGODB_URI: target,
      });
      // No terminal and no file: it asks for --passphrase-file rather than hang.
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('--passphrase-file');
      const wrong = restoreBackup(
        backupFile,
        { orgKey: orgKeyFile, passphrase: wrongPassphrase },
        target,
      );
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toContain('The passphrase does not unlock this key. (wrong_passphrase)');
      expect([...(await rawSnapshot(target)).values()].flat()).toEqual([]);
    },
    SLOW_MS,
  );

  test(
    'when the backup file was modified or cut short then backup:restore refuses and writes nothing',
    async () => {
      const bytes = readFileSync(backupFile);
      const flipped = Buffer.from(bytes);
      flipped[Math.floor(flipped.length / 2)]! ^= 0x01;
      const flippedFile = join(work, 'flipped.backup');
      writeFileSync(flippedFile, flipped);
      const cutFile = join(work, 'cut.backup');
      writeFileSync(cutFile, bytes.subarray(0, bytes.length - 100));
      const lastByte = Buffer.from(bytes);
      lastByte[lastByte.length - 1]! ^= 0x80; // inside the MDC
      const lastByteFile = join(work, 'mdc.backup');
      writeFileSync(lastByteFile, lastByte);

      for (const file of [flippedFile, cutFile, lastByteFile]) {
        const target = freshTarget('backup-tampered');
        const result = restoreBackup(file, keys, target);
        expect({ file, status: result.status }).toEqual({ file, status: 1 });
        expect(result.stderr).toMatch(
          /modified or is incomplete|archive is damaged|cannot be decrypted with this organisation key/,
        );
        expect(result.stderr).toContain('nothing was restored');
        expect([...(await rawSnapshot(target)).values()].flat()).toEqual([]);
      }
    },
    SLOW_MS,
  );

  test('when backup:restore runs into a new, empty database then every collection is identical document by document, indexes are back and audit:verify passes', async () => {
    const result = restoreBackup(backupFile, keys, restoredUri);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`sha256 ${printedSha256}`);

    // The restore appends one audit entry of its own; everything else is exactly the source.
    expect(await expectRestoredAs(restoredUri, before)).toHaveLength(1);
    expect(await indexNames(restoredUri)).toEqual(await indexNames(sourceUri));

    expectAuditLogIntact({ MONGODB_URI: restoredUri }, before.get('audit_log')!.length + 1);
  });

  test('when the app runs on the restored database then the reporter finds their case with the receipt and staff sign in with their factor', async () => {
    const connection = await connectDb(restoredUri);
    const config = { ...t.config, mongodbUri: restoredUri };
    const built = buildApp({
      config,
      connection,
      logger: createLogger('silent'),
      clock: t.clock.now,
    });
    try {
      await built.prepare();
      const view = await request(built.app)
        .post('/api/receipts/case')
        .send({ receiptVerifier })
        .expect(200);
      expect(view.body).toMatchObject({ status: 'closed' });
      // The follow-up and the reply; notes never reach the reporter.
      expect(
        (view.body as { messages: { author: string }[] }).messages.map((m) => m.author),
      ).toEqual(['reporter', 'caseworker']);
      const client = await signInStaff(servingRestored(t, built.app), caseworker);
      expect((await client.get('/api/cases')).status).toBe(200);
    } finally {
      built.close();
      await connection.close();
    }
  });

  test(
    'when the target database is not empty then backup:restore refuses, and --drop-existing replaces it only after the file verified',
    async () => {
      const refused = restoreBackup(backupFile, keys, restoredUri);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/is not empty .*nothing was restored/);
      const untouched = await rawSnapshot(restoredUri);
      expect(untouched.get('reports')).toHaveLength(2);

      const cutFile = join(work, 'cut-again.backup');
      writeFileSync(cutFile, readFileSync(backupFile).subarray(0, 5000));
      const cut = restoreBackup(cutFile, keys, restoredUri, ['--drop-existing']);
      expect(cut.status).toBe(1);
      expect((await rawSnapshot(restoredUri)).get('reports')).toHaveLength(2); // nothing dropped

      const replaced = restoreBackup(backupFile, keys, restoredUri, ['--drop-existing']);
      expect(replaced.stderr).toBe('');
      expect(replaced.status).toBe(0);
      expect(replaced.stdout).toContain('Dropped the existing contents');
      const after = await rawSnapshot(restoredUri);
      expect(after.get('reports')).toEqual(before.get('reports'));
      expect(after.get('audit_log')).toHaveLength(before.get('audit_log')!.length + 1);
    },
    SLOW_MS,
  );
});
