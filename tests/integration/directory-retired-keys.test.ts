/**
 * Retired keys: a removed caseworker's key stays in the signed directory as retired, so what
 * they signed while active still verifies; it is never encrypted to and intake never accepts it
 * as a recipient.
 */
import request from 'supertest';
import {
  CryptoError,
  signRecipientDirectory,
  verifyRecipientDirectory,
  type GeneratedKeyPair,
} from '../../client/crypto';
import { DirectoryRepository, DirectoryService } from '../../server/features/directory';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { armorBytes, hostileKeys, messageForKeys, strangerPublicKey } from '../helpers/forge';
import { generateTestCaseworker, TEST_PASSPHRASE } from '../helpers/keys';
import { GnuPG } from '../helpers/gnupg';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The fingerprint GnuPG reads from an armored public key (expired or revoked ones too). */
function fingerprintByGnuPG(armoredKey: string): string {
  const gpg = new GnuPG();
  try {
    const listing = gpg
      .run(['--with-colons', '--import-options', 'show-only', '--import'], armoredKey)
      .toString('utf8');
    return listing
      .split('\n')
      .find((line) => line.startsWith('fpr:'))!
      .split(':')[9]!
      .toLowerCase();
  } finally {
    gpg.dispose();
  }
}

describe('retired keys in the recipient directory', () => {
  const t = useTestApp({ label: 'directory-retired', caseworkers: 3 });
  let removed: GeneratedKeyPair;
  let active: GeneratedKeyPair[];
  beforeAll(async () => {
    removed = t.caseworkers[2]!;
    active = t.caseworkers.slice(0, 2);
    await t.caseworkerKeys.removeCaseworkerKey(removed.fingerprint);
    await t.publishDirectory();
  });

  const fingerprintsOf = (keys: readonly { fingerprint: string }[]): string[] =>
    keys.map((key) => key.fingerprint.toLowerCase()).sort();

  function directoryService(): DirectoryService {
    return new DirectoryService(new DirectoryRepository(t.connection), {
      orgFingerprint: t.organisation.fingerprint,
      isProduction: false,
      minVersion: 1,
      cacheMs: 0,
    });
  }

  /** The next draft, changed by `edit`, signed by the organisation as an admin would. */
  async function signedVariant(edit: (draft: Record<string, unknown>) => void): Promise<string> {
    const draft: Record<string, unknown> = {
      ...(await directoryService().draftNextDirectory(
        await t.caseworkerKeys.listActiveKeys(),
        30,
        false,
      )),
    };
    edit(draft);
    return await signRecipientDirectory(draft, t.organisation.armoredSecretKey, TEST_PASSPHRASE);
  }

  test('when a caseworker key is removed and the next directory signed then it is listed as retired, not as a recipient', async () => {
    expect(fingerprintsOf(t.directory.recipients)).toEqual(fingerprintsOf(active));
    expect(fingerprintsOf(t.directory.retired)).toEqual(fingerprintsOf([removed]));
    expect(t.directory.retired[0]!.publicKey).toBe(removed.armoredPublicKey);
    expect(t.directory.retired[0]!.retiredOn).toMatch(DAY);
    // The server reads the same signed content.
    const served = (await request(t.app).get('/api/recipients').expect(200)).body;
    const verified = await verifyRecipientDirectory(
      served.directory,
      served.organisationKey,
      t.organisation.fingerprint,
    );
    expect(verified).toEqual(t.directory);
  });

  test('when the page encrypts a report then the retired key is not a recipient and intake accepts it', async () => {
    const { body } = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(body).expect(201);
  });

  test('when a report is also encrypted to the retired key then intake refuses it and stores nothing', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(
      await messageForKeys('TEST ONLY', [
        ...active.map((key) => key.armoredPublicKey),
        removed.armoredPublicKey,
      ]),
    );
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'unknown_recipient' });
  });

  test('when a report names the retired key in place of an active one then intake refuses it', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(
      await messageForKeys('TEST ONLY', [active[0]!.armoredPublicKey, removed.armoredPublicKey]),
    );
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'unknown_recipient' });
  });

  test('when later directories are signed then the key stays retired with its first day', async () => {
    const first = t.directory.retired[0]!;
    const next = await t.publishDirectory();
    expect(next.retired).toEqual([first]);
  });

  test('when a key is added and removed before any directory listed it then it is never listed as retired', async () => {
    const passing = await generateTestCaseworker('directory-retired-passing');
    await t.caseworkerKeys.addCaseworkerKey(passing.armoredPublicKey, 'passing');
    await t.caseworkerKeys.removeCaseworkerKey(passing.fingerprint);
    const next = await t.publishDirectory();
    expect(fingerprintsOf(next.retired)).toEqual(fingerprintsOf([removed]));
    expect(fingerprintsOf(next.recipients)).toEqual(fingerprintsOf(active));
  });

  test.each([
    ['expired', (userId: string) => hostileKeys.expired(userId)],
    ['been revoked', (userId: string) => hostileKeys.revoked(userId)],
  ])(
    'when a retired key has %s since then the browser still accepts the directory and lists it as retired',
    async (_state, makeKey) => {
      const formerKey = await makeKey('TEST ONLY former caseworker');
      const fingerprint = fingerprintByGnuPG(formerKey);
      const signed = await signedVariant((draft) => {
        draft['retired'] = [
          ...(draft['retired'] as object[]),
          { fingerprint, label: 'former', publicKey: formerKey, retiredOn: '2024-01-31' },
        ];
      });
      const verified = await verifyRecipientDirectory(
        signed,
        t.organisation.armoredPublicKey,
        t.organisation.fingerprint,
      );
      expect(verified.retired.map((key) => key.fingerprint)).toContain(fingerprint);
      expect(verified.recipients.map((key) => key.fingerprint)).not.toContain(fingerprint);
    },
  );

  test('when a retired entry carries another key than its fingerprint then the browser refuses the directory', async () => {
    const stranger = await strangerPublicKey();
    const signed = await signedVariant((draft) => {
      draft['retired'] = [
        {
          fingerprint: removed.fingerprint.toLowerCase(),
          label: 'swapped',
          publicKey: stranger,
          retiredOn: '2024-01-31',
        },
      ];
    });
    const verifying = verifyRecipientDirectory(
      signed,
      t.organisation.armoredPublicKey,
      t.organisation.fingerprint,
    );
    await expect(verifying).rejects.toBeInstanceOf(CryptoError);
    await expect(verifying).rejects.toMatchObject({ code: 'recipient_key_invalid' });
  });

  test('when a signed directory lists a key both as recipient and as retired then server and browser refuse it', async () => {
    const signed = await signedVariant((draft) => {
      const [first] = draft['recipients'] as {
        fingerprint: string;
        label: string;
        publicKey: string;
      }[];
      draft['retired'] = [
        {
          fingerprint: first!.fingerprint,
          label: first!.label,
          publicKey: first!.publicKey,
          retiredOn: '2024-01-31',
        },
      ];
    });
    await expect(
      directoryService().publishDirectory(signed, t.organisation.armoredPublicKey),
    ).rejects.toMatchObject({ code: 'directory_malformed' });
    await expect(
      verifyRecipientDirectory(signed, t.organisation.armoredPublicKey, t.organisation.fingerprint),
    ).rejects.toMatchObject({ code: 'directory_malformed' });
  });

  test('when a directory of the first format (no retired keys) is current then server and browser still accept it', async () => {
    const signed = await signedVariant((draft) => {
      delete draft['format'];
      delete draft['retired'];
    });
    await directoryService().publishDirectory(signed, t.organisation.armoredPublicKey);
    const served = (await request(t.app).get('/api/recipients').expect(200)).body;
    expect(served.directory).toBe(signed);
    const verified = await verifyRecipientDirectory(
      served.directory,
      served.organisationKey,
      t.organisation.fingerprint,
    );
    expect(verified.retired).toEqual([]);
    expect(fingerprintsOf(verified.recipients)).toEqual(fingerprintsOf(active));
    // A format this code does not know is refused, never half-read.
    const future = await signedVariant((draft) => {
      draft['format'] = 3;
    });
    await expect(
      verifyRecipientDirectory(future, t.organisation.armoredPublicKey, t.organisation.fingerprint),
    ).rejects.toMatchObject({ code: 'directory_malformed' });
  });
});
