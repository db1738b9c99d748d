/**
 * Offboarding at the packet level: only the removed keys' PKESK packets go, every other byte is
 * copied as it was, the remaining recipients decrypt the same plaintext, and anything intake would
 * refuse (or a result nobody could open) is refused.
 */
import {
  CryptoError,
  decryptMessage,
  type GeneratedKeyPair,
  MAX_PLAINTEXT_BYTES,
} from '../../../../../client/crypto';
import {
  inspectEncryptedMessage,
  inspectPublicKey,
  RecipientRemovalError,
  removeRecipients,
} from '../../../../../server/platform/openpgp';
import { readPacketFraming } from '../../../../../server/platform/openpgp/packet-framing';
import {
  literalMessage,
  messageForKeys,
  passwordOnlyMessage,
  withSeipdVersion,
} from '../../../../helpers/forge';
import { generateTestCaseworker, TEST_PASSPHRASE } from '../../../../helpers/keys';

const TEXT = 'TEST ONLY: a report for three caseworkers';

interface Caseworker extends GeneratedKeyPair {
  readonly keyId: string;
}

async function caseworker(name: string): Promise<Caseworker> {
  const pair = await generateTestCaseworker(name);
  const [keyId] = (await inspectPublicKey(pair.armoredPublicKey)).encryptionKeyIds;
  return { ...pair, keyId: keyId! };
}

async function decryptText(bytes: Uint8Array, who: Caseworker): Promise<string> {
  return new TextDecoder().decode(
    await decryptMessage(bytes, who.armoredSecretKey, TEST_PASSPHRASE, MAX_PLAINTEXT_BYTES.report),
  );
}

async function refusalOf(promise: Promise<unknown>): Promise<RecipientRemovalError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(RecipientRemovalError);
  return error as RecipientRemovalError;
}

/** The packets of a message with their full header and body, as a GnuPG-written message would frame them. */
function packetsOf(bytes: Uint8Array): { tag: number; body: Uint8Array }[] {
  return readPacketFraming(bytes).map((packet) => {
    expect(packet.usedPartialLengths).toBe(false);
    return {
      tag: packet.tag,
      body: bytes.subarray(packet.bodyOffset, packet.bodyOffset + packet.bodyLength),
    };
  });
}

function newFormatLength(length: number): number[] {
  if (length < 192) return [length];
  if (length < 8384) return [((length - 192) >> 8) + 192, (length - 192) & 0xff];
  return [255, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
}

/** Old-format headers on the key packets and a partial-length SEIPD body, as GnuPG streams it. */
function reframeLikeGnuPG(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const { tag, body } of packetsOf(bytes)) {
    if (tag === 1) {
      expect(body.length).toBeLessThan(256);
      out.push(0x80 | (tag << 2), body.length, ...body);
    } else {
      expect(body.length).toBeGreaterThan(512);
      // 0xE9: a partial chunk of 2^9 = 512 bytes, then the rest with a definite length.
      out.push(0xc0 | tag, 0xe9, ...body.subarray(0, 512));
      out.push(...newFormatLength(body.length - 512), ...body.subarray(512));
    }
  }
  return Uint8Array.from(out);
}

/**
 * The output must be the input with exactly one PKESK packet (two-byte header, version 3, then
 * `keyId`) cut out and every other byte in place; returns the packet that was cut.
 */
function cutPacket(input: Uint8Array, output: Uint8Array, keyId: string): Uint8Array {
  const length = input.length - output.length;
  const keyIdBytes = Buffer.from(keyId, 'hex');
  for (let at = 0; at + length <= input.length; at++) {
    if (!Buffer.from(input.subarray(at + 3, at + 11)).equals(keyIdBytes)) continue;
    const rest = Buffer.concat([input.subarray(0, at), input.subarray(at + length)]);
    if (rest.equals(Buffer.from(output))) return input.subarray(at, at + length);
  }
  throw new Error(`the output is not the input without one PKESK packet for ${keyId}`);
}

describe('removeRecipients', () => {
  let one: Caseworker;
  let two: Caseworker;
  let three: Caseworker;
  beforeAll(async () => {
    [one, two, three] = await Promise.all([
      caseworker('removal-1'),
      caseworker('removal-2'),
      caseworker('removal-3'),
    ]);
  });

  const forAll = async (text = TEXT): Promise<Uint8Array> =>
    await messageForKeys(
      text,
      [one, two, three].map((c) => c.armoredPublicKey),
    );

  test('when one of three recipients is removed then only its PKESK goes, every other byte is kept and the others decrypt the same text', async () => {
    const message = await forAll();
    const result = await removeRecipients(message, new Set([two.keyId]));
    expect(result).toMatchObject({
      removed: 1,
      remaining: 2,
      remainingKeyIds: [one.keyId, three.keyId],
    });
    // The cut is exactly caseworker 2's PKESK packet: new-format header, version 3, its key id.
    const cut = cutPacket(message, result.bytes, two.keyId);
    expect(cut[0]).toBe(0xc1);
    expect(cut[1]).toBe(cut.length - 2);
    expect(cut[2]).toBe(3);
    // The SEIPD packet is the same bytes at the end of both.
    const lastKeyPacket = readPacketFraming(message).at(-2)!;
    const seipdBytes = message.subarray(lastKeyPacket.bodyOffset + lastKeyPacket.bodyLength);
    expect(seipdBytes[0]).toBe(0xc0 | 18);
    expect(
      Buffer.from(result.bytes.subarray(-seipdBytes.length)).equals(Buffer.from(seipdBytes)),
    ).toBe(true);

    expect(await decryptText(result.bytes, one)).toBe(TEXT);
    expect(await decryptText(result.bytes, three)).toBe(TEXT);
    await expect(decryptText(result.bytes, two)).rejects.toEqual(
      expect.objectContaining({ code: 'decryption_failed' }),
    );
    await expect(decryptText(result.bytes, two)).rejects.toBeInstanceOf(CryptoError);
    // What it returns passes intake's own check.
    expect((await inspectEncryptedMessage(result.bytes)).recipientKeyIds).toEqual([
      one.keyId,
      three.keyId,
    ]);
  });

  test('when it runs again, or no key to remove is a recipient, then the bytes are unchanged and nothing is removed', async () => {
    const message = await forAll();
    const first = await removeRecipients(message, new Set([three.keyId]));
    const again = await removeRecipients(first.bytes, new Set([three.keyId]));
    expect(again).toMatchObject({ removed: 0, remaining: 2 });
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);

    const untouched = await removeRecipients(message, new Set(['0123456789abcdef']));
    expect(untouched).toMatchObject({ removed: 0, remaining: 3 });
    expect(Buffer.from(untouched.bytes).equals(Buffer.from(message))).toBe(true);
    expect(untouched.bytes).not.toBe(message);
  });

  test('when two recipients are removed at once then both go and the last one still decrypts', async () => {
    const message = await forAll();
    const result = await removeRecipients(message, new Set([one.keyId, three.keyId]));
    expect(result).toMatchObject({ removed: 2, remaining: 1, remainingKeyIds: [two.keyId] });
    expect(await decryptText(result.bytes, two)).toBe(TEXT);
  });

  test('when removal would leave no recipient then it refuses rather than make the message unreadable', async () => {
    const onlyTwo = await messageForKeys(TEXT, [two.armoredPublicKey]);
    expect((await refusalOf(removeRecipients(onlyTwo, new Set([two.keyId])))).code).toBe(
      'no_recipient_left',
    );
    const oneAndTwo = await messageForKeys(TEXT, [one.armoredPublicKey, two.armoredPublicKey]);
    expect(
      (await refusalOf(removeRecipients(oneAndTwo, new Set([one.keyId, two.keyId])))).code,
    ).toBe('no_recipient_left');
  });

  test('when the input is not a message intake would store then it refuses with intake’s reason', async () => {
    const valid = await forAll();
    const cases: [string, Uint8Array, string][] = [
      ['empty', new Uint8Array(0), 'empty_message'],
      ['literal', await literalMessage(TEXT), 'not_encrypted'],
      ['password', await passwordOnlyMessage(TEXT), 'password_encrypted'],
      ['truncated', valid.subarray(0, valid.length - 10), 'truncated'],
      ['concatenated', Buffer.concat([valid, valid]), 'concatenated_messages'],
      ['garbage', Uint8Array.from([0x00, 0x01, 0x02, 0x03]), 'malformed_packet'],
      ['seipd v2', withSeipdVersion(valid, 2), 'unsupported_encryption'],
    ];
    for (const [name, bytes, refusal] of cases) {
      const error = await refusalOf(removeRecipients(bytes, new Set([two.keyId])));
      expect({ name, code: error.code, refusal: error.refusal }).toEqual({
        name,
        code: 'invalid_message',
        refusal,
      });
    }
  });

  test('when a key id to remove is not 16 lower-case hex characters then it refuses instead of silently matching nothing', async () => {
    const message = await forAll();
    for (const keyId of [two.keyId.toUpperCase(), two.keyId.slice(0, 8), `0x${two.keyId}`]) {
      expect((await refusalOf(removeRecipients(message, new Set([keyId])))).code).toBe(
        'invalid_key_id',
      );
    }
  });

  test('when key packets have old-format headers and the SEIPD body partial lengths (as GnuPG writes) then both are copied as they were', async () => {
    const plaintext = `${TEXT} ${'x'.repeat(2000)}`;
    const framed = reframeLikeGnuPG(await forAll(plaintext));
    expect(readPacketFraming(framed).at(-1)!.usedPartialLengths).toBe(true);
    expect(await decryptText(framed, one)).toBe(plaintext);

    const result = await removeRecipients(framed, new Set([one.keyId]));
    expect(result).toMatchObject({ removed: 1, remaining: 2 });
    const cut = cutPacket(framed, result.bytes, one.keyId);
    expect(cut[0]).toBe(0x84); // old format, tag 1, one-octet length
    expect(cut[1]).toBe(cut.length - 2);
    expect(readPacketFraming(result.bytes).at(-1)!.usedPartialLengths).toBe(true);
    expect(await decryptText(result.bytes, two)).toBe(plaintext);
    expect(await decryptText(result.bytes, three)).toBe(plaintext);
  });
});
