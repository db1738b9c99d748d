/**
 * Attack: a report encrypted to the wrong keys: an attacker's key, a hidden (wildcard) recipient,
 * or a subset of the caseworkers (which would hide a report from some of them).
 */
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { armorBytes, messageForKeys, strangerPublicKey } from '../helpers/forge';

describe('reports not encrypted to exactly the directory are refused', () => {
  const t = useTestApp({ label: 'sec-recipients', caseworkers: 2 });
  let caseworkerKeys: string[];
  beforeAll(() => {
    caseworkerKeys = t.directory.recipients.map((r) => r.publicKey);
  });

  test('when the message is for a key outside the directory then it is refused as unknown recipient', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(
      await messageForKeys('TEST ONLY', [...caseworkerKeys, await strangerPublicKey()]),
    );
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'unknown_recipient' });
  });

  test('when the message is only for a stranger then it is refused as unknown recipient', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(await messageForKeys('TEST ONLY', [await strangerPublicKey()]));
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'unknown_recipient' });
  });

  test('when the message misses one active caseworker then it is refused as recipient missing', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(await messageForKeys('TEST ONLY', [caseworkerKeys[0]!]));
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'recipient_missing' });
  });

  test('when the message hides its recipients (wildcard key ids) then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    body.message = armorBytes(
      await messageForKeys('TEST ONLY', caseworkerKeys, { wildcard: true }),
    );
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'wildcard_recipient' });
  });

  test('when the message names a caseworker twice then it is refused', async () => {
    const { body } = await buildSubmission(t.directory);
    const bytes = await messageForKeys('TEST ONLY', [
      caseworkerKeys[0]!,
      caseworkerKeys[0]!,
      caseworkerKeys[1]!,
    ]);
    body.message = armorBytes(bytes);
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'duplicate_recipient' });
  });

  test('when a caseworker was removed and a new directory signed then a report made for the old directory is refused', async () => {
    const stale = t.directory;
    const removed = t.caseworkers[1]!;
    await t.caseworkerKeys.removeCaseworkerKey(removed.fingerprint);
    await t.publishDirectory();
    expect(t.directory.recipients.map((r) => r.fingerprint)).not.toContain(
      removed.fingerprint.toLowerCase(),
    );
    const { body } = await buildSubmission(stale);
    await expectRefusedAndNothingStored(t, body, { status: 422, code: 'unknown_recipient' });
  });
});
