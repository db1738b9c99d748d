/**
 * Attack: someone who can write to the database plants a linking key of their own choosing,
 * encrypted to the caseworkers' public keys (which are public), unsigned or signed with a key of
 * their own, or replays a genuine key under another version. A dashboard that used it would make
 * tokens the attacker can compute, and phone numbers are a small space: every stored token could
 * then be reversed by testing numbers. Defence: the dashboard unwraps a key only from a statement
 * with exactly one valid signature by a current caseworker key of the organisation-signed
 * directory, naming the version it is served under (client/crypto/linking-keys.ts); anything else
 * is refused before a token is made.
 */
import { plantedMessageForKeys } from '../helpers/forge';
import { firstCaseworkerKey, storedLinkingKey, wrappedLinkingKey } from '../helpers/case-links';
import { refusalOf } from '../helpers/refusals';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';
import { LinkingKeyError, type UnlockedCaseworkerKey } from '../../client/crypto';

describe('a linking key planted in the database', () => {
  const t = useTestApp({ label: 'sec-planted-linking-key', caseworkers: 2 });
  let caseworker: EnrolledStaff;
  let handle: UnlockedCaseworkerKey;
  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'planted-key-caseworker');
    handle = await firstCaseworkerKey(t);
  });

  /** What the attacker writes: their key, as the current one, straight into the collection. */
  async function plant(message: Uint8Array, version: number): Promise<void> {
    await t.connection
      .db!.collection('linking_keys')
      .replaceOne(
        { _id: 'current' as never },
        { version, message: Buffer.from(message), retired: false },
        { upsert: true },
      );
  }

  async function refusal(): Promise<string> {
    const error = await refusalOf(storedLinkingKey(caseworker.client, t, handle), [
      LinkingKeyError,
    ]);
    return error.code;
  }

  test('when the planted key is encrypted to the caseworkers but not signed by one then the dashboard refuses it', async () => {
    const statement = JSON.stringify({
      type: 'amanat-linking-key/v1',
      version: 1,
      key: Buffer.alloc(32, 7).toString('base64'),
    });
    const publicKeys = t.caseworkers.map((caseworker) => caseworker.armoredPublicKey);
    for (const signed of [false, true]) {
      await plant(await plantedMessageForKeys(statement, publicKeys, { signed }), 1);
      expect(await refusal()).toBe('linking_key_untrusted');
    }
  });

  test('when a genuine key is served under another version then the dashboard refuses it', async () => {
    const genuine = await wrappedLinkingKey(t, handle, 1);
    await plant(new Uint8Array(Buffer.from(genuine.body.message, 'base64')), 2);
    expect(await refusal()).toBe('linking_key_untrusted');
    await plant(new Uint8Array(Buffer.from(genuine.body.message, 'base64')), 1);
    expect(Buffer.from((await storedLinkingKey(caseworker.client, t, handle)).key)).toEqual(
      Buffer.from(genuine.key),
    );
  });
});
