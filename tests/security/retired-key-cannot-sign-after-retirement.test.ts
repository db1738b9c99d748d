/**
 * Attack: a caseworker was offboarded because their key may be in the wrong hands (a seized
 * laptop, a coerced colleague). The directory keeps the key as retired, so that what they signed
 * while they were a caseworker still verifies. Whoever holds it now uses stock GnuPG to sign a
 * reply to a reporter ("come to the consulate on Monday"), an internal note to colleagues and a
 * confirmation of a swapped reply key, and plants them in the database (each bound to its case,
 * reply key and entry, as genuine ones are). Defence
 * (client/crypto/signatures.ts readDirectorySigners and signerOf): a retired key verifies only
 * signatures that say they were made no later than the end of its retirement day (the day the
 * organisation-signed directory names), on the reporter's page and in the dashboard alike, and
 * never a reply-key confirmation. Residual risk, shown here too: the key's holder writes the
 * signature's time, so a signature backdated to before the retirement verifies; it is shown only
 * as a former caseworker's, with the day the signature names.
 */
import request from 'supertest';
import {
  createMessageId,
  decryptCaseworkerMessage,
  decryptReply,
  deriveReplyKeyPassphrase,
  replyKeyFingerprintOf,
  signRecipientDirectory,
  signReplyKeyConfirmation,
  storedMessageId,
  unlockCaseworkerKey,
  unlockReplyKey,
  verifyRecipientDirectory,
  verifyReplyKeyConfirmation,
  type UnlockedReplyKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { DirectoryRepository, DirectoryService } from '../../server/features/directory';
import { replantedSignedMessage } from '../helpers/forge';
import { GnuPG, withPassphrase } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { sendPreparedReport } from '../helpers/reporter-traffic';

const DAY_MS = 86_400_000;
const FORMER_USER_ID = 'Amanat caseworker (TEST ONLY former)';
const LURE = 'TEST ONLY: come to the consulate on Monday. canary-retired-lure-2c7e';

/** When the attacker's GnuPG says it signs: days before now (0: now). */
const SIGNED = { whileActive: 5, afterRetirement: 2, now: 0 } as const;

function daysAgo(days: number): Date {
  return new Date(Date.now() - days * DAY_MS);
}

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

describe('a retired caseworker key signs after its retirement', () => {
  let t: TestApp;
  const gpg = new GnuPG();
  let former: string;
  let formerSecretKey: string;
  let caseId: string;
  let replyFingerprint: string;
  let directory: VerifiedDirectory;
  let replyKeyHandle: UnlockedReplyKey;
  let receiptVerifier: string;
  /** The instants the attacker signed at, by name. */
  const signedAt = new Map<keyof typeof SIGNED, Date>();

  /** The organisation drafts, signs and publishes the next directory as of `now`. */
  async function publishDirectoryAsOf(now: Date): Promise<VerifiedDirectory> {
    const service = new DirectoryService(new DirectoryRepository(t.connection), {
      orgFingerprint: t.config.orgFingerprint,
      isProduction: false,
      minVersion: t.config.directoryMinVersion,
      cacheMs: 0,
    });
    const draft = await service.draftNextDirectory(
      await t.caseworkerKeys.listActiveKeys(),
      30,
      false,
      now,
    );
    const signed = await signRecipientDirectory(
      draft,
      t.organisation.armoredSecretKey,
      TEST_PASSPHRASE,
    );
    await service.publishDirectory(signed, t.organisation.armoredPublicKey);
    // As the pages read it: served by the server, verified against the pinned organisation key.
    const served = await request(t.app).get('/api/recipients').expect(200);
    return await verifyRecipientDirectory(
      served.body.directory,
      t.organisation.armoredPublicKey,
      t.organisation.fingerprint,
    );
  }

  /** The attacker's GnuPG with its clock set to `at`, using the retired key. */
  function formerKeyGpg(at: Date, args: readonly string[], input: string): Buffer {
    return gpg.run(
      [
        '--faked-system-time',
        `${Math.floor(at.getTime() / 1000)}!`,
        ...withPassphrase(TEST_PASSPHRASE),
        '--trust-model',
        'always',
        '--compress-algo',
        'none',
        '--local-user',
        former,
        ...args,
      ],
      input,
    );
  }

  /**
   * `text` signed with the retired key at `at` (with these notations) and encrypted to
   * `armoredKeys`. GnuPG signs and encrypts to the retired key itself, the only key that
   * existed then; the signed packets are then re-encrypted, byte for byte, to the keys of now.
   */
  async function signedByFormerKey(
    at: Date,
    text: string,
    notations: Readonly<Record<string, string>>,
    armoredKeys: readonly string[],
  ): Promise<Uint8Array> {
    const args = ['--sign', '--encrypt', '--recipient', former];
    for (const [name, value] of Object.entries(notations)) {
      args.push('--sig-notation', `${name}=${value}`);
    }
    const message = formerKeyGpg(at, args, text);
    return await replantedSignedMessage(message, formerSecretKey, TEST_PASSPHRASE, armoredKeys);
  }

  /** The database writer: straight into the thread, under the entry `messageId` names. */
  async function plant(message: Uint8Array, kind: 'reply' | 'note', messageId: string) {
    await new CaseMessagesRepository(t.connection).append(
      caseId,
      {
        author: 'caseworker',
        internal: kind === 'note',
        message,
        recipientKeyIds: [],
        sentOn: dayOf(new Date()),
      },
      await storedMessageId(caseId, messageId),
    );
  }

  beforeAll(async () => {
    t = await createTestApp({ label: 'retired-key-signs', caseworkers: 1 });
    // A caseworker's key, made ten days ago; active for a while, then offboarded three days ago.
    gpg.run([
      '--faked-system-time',
      `${Math.floor(daysAgo(10).getTime() / 1000)}!`,
      ...withPassphrase(TEST_PASSPHRASE),
      '--quick-gen-key',
      FORMER_USER_ID,
      'future-default',
      'default',
      '1y',
    ]);
    former = gpg.fingerprintOf(FORMER_USER_ID);
    formerSecretKey = gpg.exportSecretKey(former, TEST_PASSPHRASE);
    await t.caseworkerKeys.addCaseworkerKey(gpg.exportPublicKey(former), 'caseworker.former');
    const whileActive = await publishDirectoryAsOf(daysAgo(7));
    expect(whileActive.recipients.map((entry) => entry.fingerprint)).toContain(former);
    await t.caseworkerKeys.removeCaseworkerKey(former);
    directory = await publishDirectoryAsOf(daysAgo(3));
    expect(directory.retired).toEqual([
      expect.objectContaining({ fingerprint: former, retiredOn: dayOf(daysAgo(3)) }),
    ]);

    const sent = await sendPreparedReport(t.app, directory, {
      whatHappened: 'TEST ONLY: pressure through relatives',
    });
    const { prepared } = sent;
    caseId = sent.caseId;
    replyFingerprint = await replyKeyFingerprintOf(prepared.body.replyKey);
    for (const [name, days] of Object.entries(SIGNED) as [keyof typeof SIGNED, number][]) {
      signedAt.set(name, daysAgo(days));
    }

    // The same lure as a reply and as a note, signed at each time, each under its own entry.
    for (const [name, at] of signedAt) {
      const replyId = createMessageId();
      await plant(
        await signedByFormerKey(
          at,
          `${LURE} (${name})`,
          { 'reply-key@amanat': replyFingerprint, 'message-id@amanat': replyId },
          [prepared.body.replyKey],
        ),
        'reply',
        replyId,
      );
      const noteId = createMessageId();
      await plant(
        await signedByFormerKey(
          at,
          `${LURE} (${name} note)`,
          { 'case-note@amanat': caseId, 'message-id@amanat': noteId },
          [t.caseworkers[0]!.armoredPublicKey],
        ),
        'note',
        noteId,
      );
    }
    // The reporter's reply key, unlocked with the receipt as the return page does.
    replyKeyHandle = await unlockReplyKey(
      prepared.armoredReplySecretKey,
      await deriveReplyKeyPassphrase(prepared.receipt),
    );
    receiptVerifier = prepared.body.receiptVerifier;
  }, 120_000);
  afterAll(async () => {
    gpg.dispose();
    await t.close();
  });

  test('when the reporter opens the case then only the reply signed before the retirement day names a signer: a former caseworker, on its signature’s day', async () => {
    const view = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier })
      .expect(200);
    const read = [];
    for (const message of view.body.messages as { messageId: string; message: string }[]) {
      const reply = await decryptReply(message.message, replyKeyHandle, directory, {
        caseId,
        entryId: message.messageId,
      });
      read.push([reply.text, reply.signer]);
    }
    expect(read).toEqual([
      [
        `${LURE} (whileActive)`,
        { fingerprint: former, retired: true, signedOn: dayOf(signedAt.get('whileActive')!) },
      ],
      [`${LURE} (afterRetirement)`, null],
      [`${LURE} (now)`, null],
    ]);
  });

  test('when a colleague opens the case then only the note signed before the retirement day is verified, as a former caseworker’s', async () => {
    const handle = await unlockCaseworkerKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
    const notes = (await new CaseMessagesRepository(t.connection).listThread(caseId)).filter(
      (entry) => entry.internal,
    );
    const read = [];
    for (const note of notes) {
      const { plaintext, signature } = await decryptCaseworkerMessage(
        handle,
        note.message,
        { kind: 'note', binding: caseId, entry: { caseId, entryId: note.id } },
        directory,
      );
      read.push([new TextDecoder().decode(plaintext), signature]);
    }
    expect(read).toEqual([
      [
        `${LURE} (whileActive note)`,
        {
          state: 'verified',
          signer: {
            fingerprint: former,
            retired: true,
            signedOn: dayOf(signedAt.get('whileActive')!),
            label: 'caseworker.former',
          },
        },
      ],
      [`${LURE} (afterRetirement note)`, { state: 'unverified' }],
      [`${LURE} (now note)`, { state: 'unverified' }],
    ]);
  });

  test('when the retired key confirms a reply key then it confirms nothing, even backdated to while it was active', async () => {
    const statement = (fingerprint: string) =>
      JSON.stringify({
        type: 'amanat-reply-key-confirmation/v1',
        caseId,
        replyKeyFingerprint: fingerprint,
      });
    const attackerKey = 'f'.repeat(40);
    for (const at of signedAt.values()) {
      const confirmation = formerKeyGpg(at, ['--armor', '--sign'], statement(attackerKey)).toString(
        'utf8',
      );
      expect(await verifyReplyKeyConfirmation(confirmation, caseId, directory)).toBeNull();
    }
    // Control: a current caseworker's confirmation verifies against the same directory.
    const current = await signReplyKeyConfirmation(
      await unlockCaseworkerKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE),
      caseId,
      replyFingerprint,
    );
    expect(await verifyReplyKeyConfirmation(current, caseId, directory)).toMatchObject({
      replyKeyFingerprint: replyFingerprint,
      signer: { fingerprint: t.caseworkers[0]!.fingerprint.toLowerCase(), retired: false },
    });
  });
});
