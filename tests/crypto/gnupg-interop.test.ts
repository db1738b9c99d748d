/**
 * The offline path: GnuPG-made reports are accepted, and every stored report decrypts with stock
 * GnuPG 2.2 after case:export (docs/design.md "Crypto protocol").
 */
import request from 'supertest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encryptForDirectory } from '../../client/crypto';
import { armorMessage } from '../../server/platform/openpgp';
import { exportCaseOf } from '../helpers/case-export';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { buildSubmission } from '../helpers/reports';
import { useGnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';

describe('GnuPG interoperability', () => {
  const { gpg, scratch: outDir } = useGnuPG('amanat-export-');
  let t: TestApp;
  let gpgCaseworker: string;

  beforeAll(async () => {
    gpgCaseworker = gpg.generateKey('TEST ONLY GnuPG caseworker <gpg-caseworker@example.invalid>');
    t = await createTestApp({
      label: 'gnupg-interop',
      caseworkers: 1,
      extraCaseworkerPublicKeys: [gpg.exportPublicKey(gpgCaseworker)],
    });
    // The OpenPGP.js caseworker's secret key, imported into GnuPG as a caseworker would.
    gpg.importSecretKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
  });
  afterAll(async () => {
    await t.close();
  });

  test('when messages of every length modulo 3 are exported then stock gpg reads each armor', async () => {
    // Regression: GnuPG 2.2 failed on checksum-less armor whose base64 needed no padding.
    for (const extra of [0, 1, 2]) {
      const bytes = await encryptForDirectory(new Uint8Array(3000 + extra), t.directory);
      const path = join(outDir, `length-${extra}.asc`);
      writeFileSync(path, armorMessage(bytes));
      expect(gpg.decryptFile(path, TEST_PASSPHRASE).length).toBe(3000 + extra);
    }
  });

  test('when GnuPG encrypts a report to every caseworker then intake accepts it', async () => {
    const plaintext = Buffer.from(JSON.stringify({ whatHappened: 'TEST ONLY via gpg' }));
    const { body } = await buildSubmission(t.directory);
    body.message = gpg.encryptTo([t.caseworkers[0]!.fingerprint, gpgCaseworker], plaintext);
    const response = await request(t.app).post('/api/reports').send(body).expect(201);

    const exported = await exportCaseOf(t.connection, response.body.caseId);
    const reportFile = exported.files.find((file) => file.name === 'report.asc')!;
    const path = join(outDir, 'gpg-made.asc');
    writeFileSync(path, reportFile.content);
    expect(gpg.decryptFile(path, TEST_PASSPHRASE).equals(plaintext)).toBe(true);
  });

  test('when OpenPGP.js encrypts a report then case export decrypts with stock gpg to the original bytes', async () => {
    const { body, report } = await buildSubmission(t.directory);
    const response = await request(t.app).post('/api/reports').send(body).expect(201);
    const exported = await exportCaseOf(t.connection, response.body.caseId);
    const path = join(outDir, 'browser-made.asc');
    writeFileSync(path, exported.files.find((file) => file.name === 'report.asc')!.content);
    // Decrypt with the GnuPG-generated key (no passphrase) and with the imported OpenPGP.js key.
    const viaGpgKey = gpg.run(['--decrypt', '--try-secret-key', gpgCaseworker, path]);
    expect(JSON.parse(viaGpgKey.toString('utf8'))).toEqual(report);
    const manifest = JSON.parse(
      exported.files.find((file) => file.name === 'manifest.json')!.content,
    );
    expect(manifest.messages[0].recipientKeyIds).toHaveLength(2);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PGP MESSAGE-----/);
  });
});
