/**
 * Attack: store a caseworker's secret key behind a protection that is cheap to guess, so that
 * whoever copies it from the database (or from a session) can brute-force the passphrase
 * offline. Defence (key-protection-policy.ts): PUT /api/me/key and PUT /api/me/key/protection
 * refuse with 422 `key_protection_weak`, naming the part and what is weak, any key whose S2K is
 * not iterated and salted over at least 4,194,304 octets with SHA-1/2/3 and AES, or that is a
 * GnuPG stub; nothing stored changes. What the dashboard and a default GnuPG 2.2 export produce
 * is accepted. The weak keys here are real GnuPG exports: its agent told to hash only 65,536
 * octets (GnuPG 1.x's old default) and `--export-secret-subkeys` (a stub primary key).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCaseworkerKey } from '../../client/crypto';
import { GnuPG } from '../helpers/gnupg';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';

const GNUPG_PASSPHRASE = 'TEST ONLY gnupg passphrase for weak protection';
const KEY_PASSPHRASE = 'TEST ONLY dashboard key passphrase';

interface GnuPGExport {
  readonly fingerprint: string;
  readonly publicKey: string;
  readonly secretKey: string;
}

/** A Curve25519 key made in GnuPG and exported with `--export-secret-keys` (or `-subkeys`). */
function exportFromGnuPG(gpg: GnuPG, userId: string, subkeysOnly = false): GnuPGExport {
  const fingerprint = gpg.generateSigningKeyWithEncryptionSubkey(userId, GNUPG_PASSPHRASE);
  const exportCommand = subkeysOnly ? '--export-secret-subkeys' : '--export-secret-keys';
  return {
    fingerprint,
    publicKey: gpg.exportPublicKey(fingerprint),
    secretKey: gpg.exportSecretKey(fingerprint, GNUPG_PASSPHRASE, exportCommand),
  };
}

/** `gpg --list-packets`: the S2K of each secret part as GnuPG reports it. */
function packetsOf(gpg: GnuPG, armoredKey: string): string {
  return gpg.run(['--list-packets'], armoredKey).toString('utf8');
}

describe('weakly protected caseworker keys', () => {
  let t: TestApp;
  let caseworker: EnrolledStaff;
  const gpg = new GnuPG();
  const weakGpg = new GnuPG();
  // Its agent protects (and exports) with 65,536 octets per guess, GnuPG 1.x's old default;
  // written before the agent first starts, which is when it reads its options.
  writeFileSync(join(weakGpg.home, 'gpg-agent.conf'), 's2k-count 65536\n');
  beforeAll(async () => {
    t = await createTestApp({ label: 'weak-s2k', caseworkers: 1 });
    caseworker = await enrolStaff(t, 'zulfiye');
  });
  afterAll(async () => {
    gpg.dispose();
    weakGpg.dispose();
    await t.close();
  });

  const storedKeys = async () =>
    JSON.stringify(await t.connection.db!.collection('caseworker_keys').find({}).toArray());

  const upload = async (publicKey: string, secretKey: string) => {
    await reauthenticate(t, caseworker.client, caseworker);
    return await caseworker.client.put('/api/me/key', {
      armoredPublicKey: publicKey,
      protectedSecretKey: secretKey,
    });
  };

  test('when GnuPG hashed only 65,536 octets per guess then the upload is refused naming the count, and nothing is stored', async () => {
    const weak = exportFromGnuPG(weakGpg, 'TEST ONLY Weak <weak@example.invalid>');
    expect(packetsOf(weakGpg, weak.secretKey)).toContain('protect count: 65536 (96)');
    const before = await storedKeys();
    const response = await upload(weak.publicKey, weak.secretKey);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('key_protection_weak');
    expect(response.body.error.message).toContain(
      'primary key: 65,536 octets hashed per guess (count octet 96',
    );
    expect(response.body.error.message).toContain('subkey 1: 65,536 octets');
    expect(await storedKeys()).toBe(before);
  });

  test('when GnuPG exported only the subkeys then the stub primary key is refused by name', async () => {
    const stub = exportFromGnuPG(gpg, 'TEST ONLY Stub <stub@example.invalid>', true);
    const before = await storedKeys();
    const response = await upload(stub.publicKey, stub.secretKey);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('key_protection_weak');
    expect(response.body.error.message).toContain('primary key: holds no secret key material');
    expect(await storedKeys()).toBe(before);
  });

  test('when a default GnuPG 2.2 export (SHA-1, AES-128, a calibrated count) is uploaded then it is accepted', async () => {
    const fine = exportFromGnuPG(gpg, 'TEST ONLY Default <default@example.invalid>');
    expect(packetsOf(gpg, fine.secretKey)).toContain(
      'iter+salt S2K, algo: 7, SHA1 protection, hash: 2',
    );
    const response = await upload(fine.publicKey, fine.secretKey);
    expect(response.status).toBe(201);
    expect(response.body.key).toMatchObject({ fingerprint: fine.fingerprint, status: 'pending' });
  });

  test('when the dashboard made the key then it is accepted, and re-protecting it weakly is refused with the stored key unchanged', async () => {
    const key = await generateCaseworkerKey(KEY_PASSPHRASE);
    expect((await upload(key.armoredPublicKey, key.protectedSecretKey)).status).toBe(201);
    // The same key, exported from GnuPG with the weak agent setting: a "new passphrase" that
    // would leave it cheap to guess.
    weakGpg.importSecretKey(key.protectedSecretKey, KEY_PASSPHRASE);
    const weakened = weakGpg.exportSecretKey(key.fingerprint, KEY_PASSPHRASE);
    const before = await storedKeys();
    await reauthenticate(t, caseworker.client, caseworker);
    const response = await caseworker.client.put('/api/me/key/protection', {
      protectedSecretKey: weakened,
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('key_protection_weak');
    expect(await storedKeys()).toBe(before);
  });
});
