/**
 * The linking key and a case's linked identifiers as stored: signed by a caseworker of the
 * directory and encrypted to every current caseworker. A key or identifiers encrypted without
 * such a signature, for another version or another case, are refused; a colleague added to the
 * directory later reads the key once a holder wraps it again.
 */
import { randomBytes } from 'node:crypto';
import {
  CaseMessageError,
  decryptLinkIdentifiers,
  encryptLinkIdentifiers,
  LinkingKeyError,
  linkingKeyMissingRecipients,
  unwrapLinkingKey,
  wrapLinkingKey,
  type ProtectedCaseworkerKey,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';
import { plantedMessageForKeys } from '../helpers/forge';
import { generateUnlockedCaseworkerKeys } from '../helpers/keys';
import { refusalOf } from '../helpers/refusals';
import { directoryOfKeys } from '../helpers/test-directory';

const PASSPHRASE = 'TEST ONLY linking key passphrase';
const CASE_ID = '0123456789abcdef0123456789abcdef';

async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await refusalOf(promise, [LinkingKeyError, CaseMessageError]);
  return `${error.name}:${error.code}`;
}

describe('the linking key as stored', () => {
  let keys: [ProtectedCaseworkerKey, ProtectedCaseworkerKey, ProtectedCaseworkerKey];
  let unlocked: [UnlockedCaseworkerKey, UnlockedCaseworkerKey, UnlockedCaseworkerKey];
  beforeAll(async () => {
    ({ keys, unlocked } = await generateUnlockedCaseworkerKeys(3, PASSPHRASE));
  });

  test('when a caseworker wraps a key then every caseworker of the directory unwraps the same bytes for that version only', async () => {
    const directory = directoryOfKeys([keys[0], keys[1]]);
    const key = randomBytes(32);
    const wrapped = await wrapLinkingKey(unlocked[0], directory, 3, key);
    expect(Buffer.from(await unwrapLinkingKey(unlocked[1], directory, wrapped, 3))).toEqual(key);
    expect(await failure(unwrapLinkingKey(unlocked[1], directory, wrapped, 2))).toBe(
      'LinkingKeyError:linking_key_untrusted',
    );
    expect(await failure(unwrapLinkingKey(unlocked[2], directory, wrapped, 3))).toBe(
      'LinkingKeyError:linking_key_not_shared',
    );
  });

  test('when a key is encrypted to the caseworkers without a directory signature then it is refused', async () => {
    const directory = directoryOfKeys([keys[0], keys[1]]);
    const statement = JSON.stringify({
      type: 'amanat-linking-key/v1',
      version: 1,
      key: randomBytes(32).toString('base64'),
    });
    const publicKeys = [keys[0].armoredPublicKey, keys[1].armoredPublicKey];
    for (const signed of [false, true]) {
      const planted = await plantedMessageForKeys(statement, publicKeys, { signed });
      expect(await failure(unwrapLinkingKey(unlocked[0], directory, planted, 1))).toBe(
        'LinkingKeyError:linking_key_untrusted',
      );
    }
    // Signed by a key that is not a current caseworker's (a stranger's, or one retired).
    const outsider = directoryOfKeys([keys[2], keys[0], keys[1]]);
    const byOutsider = await wrapLinkingKey(unlocked[2], outsider, 1, randomBytes(32));
    expect(await failure(unwrapLinkingKey(unlocked[0], directory, byOutsider, 1))).toBe(
      'LinkingKeyError:linking_key_untrusted',
    );
    const retiredSigner = directoryOfKeys([keys[0], keys[1]], [keys[2]]);
    expect(await failure(unwrapLinkingKey(unlocked[0], retiredSigner, byOutsider, 1))).toBe(
      'LinkingKeyError:linking_key_untrusted',
    );
  });

  test('when the signer is not in the directory then nothing is wrapped', async () => {
    expect(
      await failure(wrapLinkingKey(unlocked[2], directoryOfKeys([keys[0]]), 1, randomBytes(32))),
    ).toBe('CaseMessageError:signer_not_in_directory');
  });

  test('when a colleague joins then the wrapping names them as missing until it is wrapped again', async () => {
    const before = directoryOfKeys([keys[0], keys[1]]);
    const after = directoryOfKeys([keys[0], keys[1], keys[2]]);
    const key = randomBytes(32);
    const wrapped = await wrapLinkingKey(unlocked[0], before, 1, key);
    expect(await linkingKeyMissingRecipients(wrapped, after)).toEqual([keys[2].fingerprint]);
    const shared = await wrapLinkingKey(unlocked[1], after, 1, key);
    expect(await linkingKeyMissingRecipients(shared, after)).toEqual([]);
    expect(Buffer.from(await unwrapLinkingKey(unlocked[2], after, shared, 1))).toEqual(key);
  });

  test('when identifiers are stored then they open for their case and key version only, also after their signer retired', async () => {
    const directory = directoryOfKeys([keys[0], keys[1]]);
    const identifiers = [{ type: 'phone', value: '+905325550177' }];
    const sealed = await encryptLinkIdentifiers(unlocked[0], directory, CASE_ID, 2, identifiers);
    expect(await decryptLinkIdentifiers(unlocked[1], directory, sealed, CASE_ID, 2)).toEqual(
      identifiers,
    );
    const otherCase = 'f'.repeat(32);
    expect(
      await failure(decryptLinkIdentifiers(unlocked[1], directory, sealed, otherCase, 2)),
    ).toBe('LinkingKeyError:linking_identifiers_untrusted');
    expect(await failure(decryptLinkIdentifiers(unlocked[1], directory, sealed, CASE_ID, 1))).toBe(
      'LinkingKeyError:linking_identifiers_untrusted',
    );
    // A colleague who joined after they were sealed is told so, not warned of tampering.
    expect(await failure(decryptLinkIdentifiers(unlocked[2], directory, sealed, CASE_ID, 2))).toBe(
      'LinkingKeyError:linking_identifiers_not_shared',
    );
    // The signer offboarded today: what they linked before still counts for rotation.
    const later = directoryOfKeys([keys[1]], [keys[0]]);
    expect(await decryptLinkIdentifiers(unlocked[1], later, sealed, CASE_ID, 2)).toEqual(
      identifiers,
    );
  });
});
