/**
 * Caseworker notes and replies, as colleagues read them: a note is signed with the caseworker
 * key and bound to its case (CASE_NOTE_NOTATION), a reply to its reply key (REPLY_KEY_NOTATION),
 * both to the message id they are sent under (MESSAGE_ID_NOTATION); decryptCaseworkerMessage
 * names the signer only for exactly one valid signature by a directory key (current, or retired
 * and made no later than its retirement day: a former caseworker, with the signature's day)
 * bound to this case and this thread entry. Unsigned messages (every note and reply from before
 * signing, and anything planted) and everything else are told apart from verified ones. GnuPG
 * decrypts a note and shows the good signature.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CASE_NOTE_NOTATION,
  CaseMessageError,
  createMessageId,
  decryptCaseworkerMessage,
  encryptCaseNote,
  encryptSignedReply,
  generateReplyKey,
  MESSAGE_ID_NOTATION,
  storedMessageId,
  type GeneratedKeyPair,
  type ProtectedCaseworkerKey,
  type UnlockedCaseworkerKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import { plantedMessageForKeys, replantedSignedMessage } from '../helpers/forge';
import { generateUnlockedCaseworkerKeys } from '../helpers/keys';
import { useGnuPG } from '../helpers/gnupg';
import { decryptWithStatus } from '../helpers/gnupg-status';
import { dayFromNow, directoryOfKeys } from '../helpers/test-directory';

const KEY_PASSPHRASE = 'TEST ONLY caseworker message key passphrase';
const CASE_ID = 'a'.repeat(32);
const OTHER_CASE_ID = 'b'.repeat(32);
/** Each key labelled with its list and place, so a test sees which entry names a signer. */
const directoryOf = (
  active: readonly ProtectedCaseworkerKey[],
  retired: readonly ProtectedCaseworkerKey[] = [],
  retiredOn?: string | null,
): VerifiedDirectory =>
  directoryOfKeys(active, retired, retiredOn, (list, i) => `TEST ONLY ${list} ${i}`);

describe('caseworker notes and replies as colleagues read them', () => {
  let amina: ProtectedCaseworkerKey;
  let bekzat: ProtectedCaseworkerKey;
  let stranger: ProtectedCaseworkerKey;
  let aminaKey: UnlockedCaseworkerKey;
  let bekzatKey: UnlockedCaseworkerKey;
  let strangerKey: UnlockedCaseworkerKey;
  let reply: GeneratedKeyPair;
  let directory: VerifiedDirectory;
  const { gpg, scratch } = useGnuPG('amanat-note-signatures-');

  beforeAll(async () => {
    ({
      keys: [amina, bekzat, stranger],
      unlocked: [aminaKey, bekzatKey, strangerKey],
    } = await generateUnlockedCaseworkerKeys(3, KEY_PASSPHRASE));
    reply = await generateReplyKey(KEY_PASSPHRASE);
    directory = directoryOf([amina, bekzat]);
  });

  /** The message id every message below is sent under, unless a test says otherwise. */
  const MESSAGE_ID = 'e'.repeat(32);

  /** Reads a message served as the entry stored under `messageId` in `caseId`. */
  const read = async (
    message: Uint8Array,
    kind: 'note' | 'reply',
    binding: string | null,
    readingDirectory: VerifiedDirectory | null = directory,
    { caseId = CASE_ID, messageId = MESSAGE_ID } = {},
  ) =>
    await decryptCaseworkerMessage(
      bekzatKey,
      message,
      { kind, binding, entry: { caseId, entryId: await storedMessageId(caseId, messageId) } },
      readingDirectory,
    );
  const note = (text: string, caseId = CASE_ID, writingDirectory = directory, key = aminaKey) =>
    encryptCaseNote(text, writingDirectory, caseId, key, MESSAGE_ID);
  /** A reply Amina signs to the reporter's reply key. */
  const signedReply = (text: string) =>
    encryptSignedReply(
      text,
      directory,
      reply.armoredPublicKey,
      reply.fingerprint,
      aminaKey,
      MESSAGE_ID,
    );

  /** A note a database writer made for Amina and Bekzat, signed by no key of theirs (or none). */
  const plantedForAminaAndBekzat = (text: string, signed: boolean) =>
    plantedMessageForKeys(text, [amina.armoredPublicKey, bekzat.armoredPublicKey], { signed });

  test('when a colleague signed a note in this case then it is verified and names them as the directory does', async () => {
    const { plaintext, signature } = await read(
      await note('TEST ONLY hearing moved'),
      'note',
      CASE_ID,
    );
    expect(new TextDecoder().decode(plaintext)).toBe('TEST ONLY hearing moved');
    expect(signature).toEqual({
      state: 'verified',
      signer: {
        fingerprint: amina.fingerprint,
        retired: false,
        signedOn: dayFromNow(0),
        label: 'TEST ONLY active 0',
      },
    });
  });

  test('when the colleague has left since then the note is verified as a former caseworker’s, on its signature’s day', async () => {
    const written = await note('TEST ONLY before leaving');
    const later = directoryOf([bekzat], [amina]);
    expect((await read(written, 'note', CASE_ID, later)).signature).toEqual({
      state: 'verified',
      signer: {
        fingerprint: amina.fingerprint,
        retired: true,
        signedOn: dayFromNow(0),
        label: 'TEST ONLY retired 0',
      },
    });
  });

  test('when a retired key signs a note after the day it was retired, or its day is unknown, then it is not verified', async () => {
    const retiredYesterday = directoryOf([bekzat], [amina], dayFromNow(-1));
    const written = await note('TEST ONLY written with an offboarded key');
    expect((await read(written, 'note', CASE_ID, retiredYesterday)).signature).toEqual({
      state: 'unverified',
    });
    const noDay = directoryOf([bekzat], [amina], null);
    expect((await read(written, 'note', CASE_ID, noDay)).signature).toEqual({
      state: 'unverified',
    });
  });

  test('when a genuine note or reply is copied into another thread entry then it is not verified there', async () => {
    const written = await note('TEST ONLY the hearing is on Monday');
    expect((await read(written, 'note', CASE_ID)).signature.state).toBe('verified');
    expect(
      (await read(written, 'note', CASE_ID, directory, { messageId: createMessageId() })).signature,
    ).toEqual({ state: 'unverified' });
    const sent = await signedReply('TEST ONLY reply');
    expect((await read(sent, 'reply', reply.fingerprint)).signature.state).toBe('verified');
    expect(
      (await read(sent, 'reply', reply.fingerprint, directory, { messageId: createMessageId() }))
        .signature,
    ).toEqual({ state: 'unverified' });
  });

  test('when a note carries no signature then it is unsigned: old or planted, never a colleague’s', async () => {
    const planted = await plantedForAminaAndBekzat('TEST ONLY planted note', false);
    expect((await read(planted, 'note', CASE_ID)).signature).toEqual({ state: 'unsigned' });
  });

  test('when a note is signed by a key outside the directory then it is not verified', async () => {
    const outsider = await note(
      'TEST ONLY from outside',
      CASE_ID,
      directoryOf([amina, bekzat, stranger]),
      strangerKey,
    );
    expect((await read(outsider, 'note', CASE_ID)).signature).toEqual({ state: 'unverified' });
    const planted = await plantedForAminaAndBekzat('TEST ONLY planted signed note', true);
    expect((await read(planted, 'note', CASE_ID)).signature).toEqual({ state: 'unverified' });
  });

  test('when a genuine note of another case is replanted here then it is not verified', async () => {
    const elsewhere = await note('TEST ONLY other case', OTHER_CASE_ID);
    const replanted = await replantedSignedMessage(
      elsewhere,
      amina.protectedSecretKey,
      KEY_PASSPHRASE,
      [amina.armoredPublicKey, bekzat.armoredPublicKey],
    );
    expect(
      (await read(replanted, 'note', OTHER_CASE_ID, directory, { caseId: OTHER_CASE_ID })).signature
        .state,
    ).toBe('verified');
    expect((await read(replanted, 'note', CASE_ID)).signature).toEqual({ state: 'unverified' });
  });

  test('when a reply a reporter received is replanted as a note then it is not verified as a note', async () => {
    const sent = await signedReply('TEST ONLY reply');
    expect((await read(sent, 'reply', reply.fingerprint)).signature.state).toBe('verified');
    // The reporter opens it with the reply key and re-encrypts its signed packets to caseworkers.
    const replanted = await replantedSignedMessage(sent, reply.armoredSecretKey, KEY_PASSPHRASE, [
      amina.armoredPublicKey,
      bekzat.armoredPublicKey,
    ]);
    expect((await read(replanted, 'note', CASE_ID)).signature).toEqual({ state: 'unverified' });
    // Nor as a reply of a case whose reply key is another.
    expect((await read(sent, 'reply', 'f'.repeat(40))).signature).toEqual({ state: 'unverified' });
    expect((await read(sent, 'reply', null)).signature).toEqual({ state: 'unverified' });
  });

  test('when the directory could not be verified then nothing is verified', async () => {
    const written = await note('TEST ONLY no directory');
    expect((await read(written, 'note', CASE_ID, null)).signature).toEqual({
      state: 'unverified',
    });
  });

  test('when the writer’s own key is not in the directory then no note is made', async () => {
    await expect(
      note('TEST ONLY', CASE_ID, directoryOf([amina]), strangerKey),
    ).rejects.toMatchObject({ name: CaseMessageError.name, code: 'signer_not_in_directory' });
  });

  test('when GnuPG decrypts a note with a caseworker key then it shows a good signature by the writer and the case it names', async () => {
    const path = join(scratch, 'note.gpg');
    writeFileSync(path, await note('TEST ONLY offline note'));
    gpg.importSecretKey(bekzat.protectedSecretKey, KEY_PASSPHRASE);
    gpg.run(['--import'], amina.armoredPublicKey);
    const decrypted = decryptWithStatus(gpg, path, KEY_PASSPHRASE);
    expect(decrypted.status).toBe(0);
    expect(decrypted.stdout.toString('utf8')).toBe('TEST ONLY offline note');
    expect(decrypted.stderr).toMatch(/\[GNUPG:\] GOODSIG [0-9A-F]{16} Amanat caseworker/);
    expect(decrypted.stderr).toContain(`[GNUPG:] VALIDSIG ${amina.fingerprint.toUpperCase()}`);
    expect(decrypted.stderr).toContain(`[GNUPG:] NOTATION_NAME ${CASE_NOTE_NOTATION}`);
    expect(decrypted.stderr).toContain(`[GNUPG:] NOTATION_NAME ${MESSAGE_ID_NOTATION}`);
    expect(decrypted.stderr).toContain(`[GNUPG:] NOTATION_DATA ${MESSAGE_ID}`);
  });
});
