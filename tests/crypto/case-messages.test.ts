/**
 * Notes, replies and sharing inside a case (docs/http-api.md "Cases"): a note opens for the
 * caseworkers and never with the reporter's reply key; a signed reply opens for both (their
 * signatures: caseworker-message-signatures.test.ts, reply-path-signatures.test.ts); a re-wrapped
 * key packet, inserted before the SEIPD packet of the original message, lets a colleague's key (in
 * OpenPGP.js and in stock GnuPG) decrypt the unchanged body. Every wrong key fails closed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CaseMessageError,
  CaseworkerKeyError,
  CryptoError,
  decryptMessage,
  decryptWithCaseworkerKey,
  encryptCaseNote,
  encryptSignedReply,
  encryptForDirectory,
  generateReplyKey,
  lockCaseworkerKey,
  recipientKeyIdsOf,
  rewrapKeyPackets,
  unlockCaseworkerKey,
  type ProtectedCaseworkerKey,
  type UnlockedCaseworkerKey,
  type VerifiedDirectory,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';
import { readPacketFraming } from '../../server/platform/openpgp/packet-framing';
import { hostileKeys, passwordOnlyMessage, strangerPublicKey } from '../helpers/forge';
import { generateUnlockedCaseworkerKeys } from '../helpers/keys';
import { useGnuPG } from '../helpers/gnupg';
import { directoryOfKeys } from '../helpers/test-directory';
import { refusalOf } from '../helpers/refusals';

const KEY_PASSPHRASE = 'TEST ONLY case key passphrase';
const REPLY_PASSPHRASE = 'TEST ONLY reply key passphrase';
const CASE_ID = '0123456789abcdef0123456789abcdef';
/** The message id every note and reply here is signed for (what it would be sent under). */
const MESSAGE_ID = 'fedcba9876543210fedcba9876543210';
const PKESK_TAG = 1;
const SEIPD_TAG = 18;

const directoryOf = (...keys: ProtectedCaseworkerKey[]): VerifiedDirectory => directoryOfKeys(keys);

/** The message split where the server splits it: its PKESK packets, and the SEIPD packet. */
function splitMessage(message: Uint8Array): { keyPackets: Uint8Array; body: Uint8Array } {
  const packets = readPacketFraming(message);
  const tags = packets.map((packet) => packet.tag);
  expect(tags.at(-1)).toBe(SEIPD_TAG);
  expect(tags.slice(0, -1).every((tag) => tag === PKESK_TAG)).toBe(true);
  const lastKeyPacket = packets.at(-2)!;
  const end = lastKeyPacket.bodyOffset + lastKeyPacket.bodyLength;
  return { keyPackets: message.slice(0, end), body: message.slice(end) };
}

function joined(...parts: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Decrypts a case message with an unlocked caseworker key, within a report's plaintext bound. */
const openAs = (key: UnlockedCaseworkerKey, message: Uint8Array): Promise<Uint8Array> =>
  decryptWithCaseworkerKey(key, message, MAX_PLAINTEXT_BYTES.report);

/** The refusal as `name:code`, so a test sees which layer refused. */
async function failure(promise: Promise<unknown>): Promise<string> {
  const error = await refusalOf(promise, [CaseMessageError, CryptoError, CaseworkerKeyError]);
  return `${error.name}:${error.code}`;
}

describe('case messages', () => {
  let amina: ProtectedCaseworkerKey;
  let bekzat: ProtectedCaseworkerKey;
  let dilnur: ProtectedCaseworkerKey;
  let aminaKey: UnlockedCaseworkerKey;
  let bekzatKey: UnlockedCaseworkerKey;
  let dilnurKey: UnlockedCaseworkerKey;
  let reply: { fingerprint: string; armoredPublicKey: string; armoredSecretKey: string };

  beforeAll(async () => {
    ({
      keys: [amina, bekzat, dilnur],
      unlocked: [aminaKey, bekzatKey, dilnurKey],
    } = await generateUnlockedCaseworkerKeys(3, KEY_PASSPHRASE));
    reply = await generateReplyKey(REPLY_PASSPHRASE);
  });

  describe('notes and replies', () => {
    test('when a note is encrypted then every caseworker reads it and it is binary PKESK v3 + SEIPD', async () => {
      const note = 'Called the lawyer ‮ back; hearing moved.\nTEST ONLY';
      const message = await encryptCaseNote(
        note,
        directoryOf(amina, bekzat),
        CASE_ID,
        aminaKey,
        MESSAGE_ID,
      );
      expect(message).toBeInstanceOf(Uint8Array);
      expect(message[0]! & 0x80).toBe(0x80); // binary, not armored
      const { keyPackets } = splitMessage(message);
      expect(await recipientKeyIdsOf(keyPackets)).toHaveLength(2);
      expect(text(await openAs(aminaKey, message))).toBe(note);
      expect(text(await openAs(bekzatKey, message))).toBe(note);
      expect(await failure(openAs(dilnurKey, message))).toBe('CryptoError:decryption_failed');
    });

    test('when a note is encrypted then the reporter reply key cannot read it', async () => {
      const message = await encryptCaseNote(
        'internal only TEST ONLY',
        directoryOf(amina),
        CASE_ID,
        aminaKey,
        MESSAGE_ID,
      );
      expect(
        await failure(
          decryptMessage(
            message,
            reply.armoredSecretKey,
            REPLY_PASSPHRASE,
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ).toBe('CryptoError:decryption_failed');
    });

    test('when a reply is encrypted then the reporter and every caseworker read it', async () => {
      const answer = 'We have received your report. TEST ONLY يېزىڭ';
      const message = await encryptSignedReply(
        answer,
        directoryOf(amina, bekzat),
        reply.armoredPublicKey,
        reply.fingerprint,
        aminaKey,
        MESSAGE_ID,
      );
      const { keyPackets } = splitMessage(message);
      expect(await recipientKeyIdsOf(keyPackets)).toHaveLength(3);
      expect(
        text(
          await decryptMessage(
            message,
            reply.armoredSecretKey,
            REPLY_PASSPHRASE,
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ).toBe(answer);
      expect(text(await openAs(aminaKey, message))).toBe(answer);
      expect(text(await openAs(bekzatKey, message))).toBe(answer);
    });

    test('when the text is blank then nothing is encrypted', async () => {
      expect(
        await failure(encryptCaseNote('  \n ', directoryOf(amina), CASE_ID, aminaKey, MESSAGE_ID)),
      ).toBe('CaseMessageError:message_empty');
      expect(
        await failure(
          encryptSignedReply(
            '',
            directoryOf(amina),
            reply.armoredPublicKey,
            reply.fingerprint,
            aminaKey,
            MESSAGE_ID,
          ),
        ),
      ).toBe('CaseMessageError:message_empty');
    });

    test.each([
      ['a caseworker key (other user id)', () => Promise.resolve(amina.armoredPublicKey)],
      ['an identifying user id', () => hostileKeys.withIdentifyingUserId()],
      ['two keys', () => hostileKeys.two()],
      ['a secret key', () => hostileKeys.secret()],
      ['a v6 key', () => hostileKeys.version6()],
      ['an expired key', () => hostileKeys.expired()],
      ['a revoked key', () => hostileKeys.revoked()],
      ['RSA 2048', () => hostileKeys.rsa2048()],
      [
        'garbage',
        () =>
          Promise.resolve(
            '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----',
          ),
      ],
    ])('when the reply key is %s then the reply is refused', async (_name, make) => {
      expect(
        await failure(
          encryptSignedReply(
            'TEST ONLY',
            directoryOf(amina),
            await make(),
            null,
            aminaKey,
            MESSAGE_ID,
          ),
        ),
      ).toBe('CaseMessageError:reply_key_invalid');
    });
  });

  describe('sharing by re-wrapping the session key', () => {
    const { gpg, scratch } = useGnuPG('amanat-case-messages-');

    test('when a reader re-wraps for a colleague then the colleague decrypts the unchanged body, in OpenPGP.js and GnuPG', async () => {
      const report = new TextEncoder().encode('{"whatHappened":"TEST ONLY report body"}');
      const original = await encryptForDirectory(report, directoryOf(amina));
      const { keyPackets, body } = splitMessage(original);
      expect(await failure(openAs(bekzatKey, original))).toBe('CryptoError:decryption_failed');

      const packet = await rewrapKeyPackets(aminaKey, keyPackets, bekzat.armoredPublicKey);

      // Exactly one PKESK v3 packet, for the colleague's encryption subkey only.
      const framed = readPacketFraming(packet);
      expect(framed.map((p) => p.tag)).toEqual([PKESK_TAG]);
      expect(framed[0]!.bodyStart[0]).toBe(3);
      const [newKeyId] = await recipientKeyIdsOf(packet);
      const shared = joined(keyPackets, packet, body);
      expect(await recipientKeyIdsOf(splitMessage(shared).keyPackets)).toEqual([
        ...(await recipientKeyIdsOf(keyPackets)),
        newKeyId,
      ]);
      // The body was not touched: same SEIPD bytes.
      expect(splitMessage(shared).body).toEqual(body);
      expect(await openAs(bekzatKey, shared)).toEqual(report);
      expect(await openAs(aminaKey, shared)).toEqual(report);
      // Also as the first key packet (inserted anywhere before the SEIPD).
      expect(
        await decryptWithCaseworkerKey(
          bekzatKey,
          joined(packet, keyPackets, body),
          MAX_PLAINTEXT_BYTES.report,
        ),
      ).toEqual(report);

      // The offline path: stock GnuPG with the colleague's key opens it too.
      gpg.importSecretKey(bekzat.protectedSecretKey, KEY_PASSPHRASE);
      const path = join(scratch, 'shared.gpg');
      writeFileSync(path, shared);
      expect(new Uint8Array(gpg.decryptFile(path, KEY_PASSPHRASE))).toEqual(report);
    });

    test('when a message has several key packets then the one for the unlocked key is used', async () => {
      const original = await encryptSignedReply(
        'TEST ONLY several',
        directoryOf(bekzat, amina),
        reply.armoredPublicKey,
        reply.fingerprint,
        aminaKey,
        MESSAGE_ID,
      );
      const { keyPackets, body } = splitMessage(original);
      const packet = await rewrapKeyPackets(aminaKey, keyPackets, dilnur.armoredPublicKey);
      expect(
        text(
          await decryptWithCaseworkerKey(
            dilnurKey,
            joined(keyPackets, packet, body),
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ).toBe('TEST ONLY several');
    });

    test('when the unlocked key is not a recipient then re-wrapping fails closed', async () => {
      const original = await encryptForDirectory(
        new TextEncoder().encode('TEST ONLY'),
        directoryOf(amina),
      );
      const { keyPackets } = splitMessage(original);
      expect(await failure(rewrapKeyPackets(bekzatKey, keyPackets, dilnur.armoredPublicKey))).toBe(
        'CryptoError:decryption_failed',
      );
    });

    test('when the key is locked then nothing is re-wrapped', async () => {
      const locked = await unlockCaseworkerKey(amina.protectedSecretKey, KEY_PASSPHRASE);
      lockCaseworkerKey(locked);
      const { keyPackets } = splitMessage(
        await encryptForDirectory(new TextEncoder().encode('TEST ONLY'), directoryOf(amina)),
      );
      expect(await failure(rewrapKeyPackets(locked, keyPackets, bekzat.armoredPublicKey))).toBe(
        'CaseworkerKeyError:key_locked',
      );
    });

    test.each([
      ['a secret key', () => hostileKeys.secret('Amanat caseworker')],
      ['a v6 key', () => hostileKeys.version6('Amanat caseworker')],
      ['an expired key', () => hostileKeys.expired('Amanat caseworker')],
      ['a revoked key', () => hostileKeys.revoked('Amanat caseworker')],
      ['RSA 2048', () => hostileKeys.rsa2048('Amanat caseworker')],
      ['two keys', () => hostileKeys.two('Amanat caseworker')],
      ['not a key', () => Promise.resolve('hello')],
    ])('when the target is %s then it is refused', async (_name, make) => {
      const { keyPackets } = splitMessage(
        await encryptForDirectory(new TextEncoder().encode('TEST ONLY'), directoryOf(amina)),
      );
      expect(await failure(rewrapKeyPackets(aminaKey, keyPackets, await make()))).toBe(
        'CaseMessageError:share_key_invalid',
      );
    });

    test('when the input is not only PKESK v3 packets then it is refused', async () => {
      const whole = await encryptForDirectory(
        new TextEncoder().encode('TEST ONLY'),
        directoryOf(amina),
      );
      const password = await passwordOnlyMessage('TEST ONLY');
      const target = await strangerPublicKey();
      for (const input of [
        whole,
        splitMessage(whole).body,
        password,
        new Uint8Array(0),
        new Uint8Array([0xc1, 0x05, 1, 2, 3]),
        new TextEncoder().encode('garbage'),
      ]) {
        expect(await failure(rewrapKeyPackets(aminaKey, input, target))).toBe(
          'CaseMessageError:key_packets_malformed',
        );
      }
    });
  });
});
