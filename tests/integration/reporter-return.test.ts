/**
 * The reporter comes back with the receipt: sees the status, reads a caseworker's signed reply
 * (decrypted with the reply key that only the receipt unlocks, its signer checked against the
 * directory, and its message id against the entry the server stored it as) and sends a follow-up
 * signed with that key. The server sees only the verifier, never the receipt.
 */
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import {
  decryptFollowUp,
  decryptReply,
  deriveReceiptVerifier,
  deriveReplyKeyPassphrase,
  encryptForDirectory,
  encryptSignedFollowUp,
  encryptSignedReply,
  armorBinaryMessage,
  createMessageId,
  prepareReportSubmission,
  storedMessageId,
  unlockCaseworkerKey,
  unlockReplyKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import { CaseMessagesService } from '../../server/features/case-messages';
import { useTestApp } from '../helpers/use-test-app';
import { dumpAllCollections } from '../helpers/database';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { sendPreparedReport } from '../helpers/reporter-traffic';

async function encryptTo(
  directory: VerifiedDirectory,
  text: string,
  extraKeys: string[] = [],
): Promise<string> {
  const recipients = [
    ...directory.recipients,
    ...extraKeys.map((publicKey, i) => ({ fingerprint: `extra-${i}`, label: 'extra', publicKey })),
  ];
  return armorBinaryMessage(
    await encryptForDirectory(new TextEncoder().encode(text), { ...directory, recipients }),
  );
}

describe('the reporter returns with the receipt', () => {
  const t = useTestApp({
    label: 'reporter-return',
    caseworkers: 2,
    env: { RECEIPT_FAILED_LOOKUP_LIMIT: '3' },
  });
  let caseMessages: CaseMessagesService;
  beforeAll(() => {
    caseMessages = t.caseMessages();
  });

  test('when a caseworker replied then the reporter reads the reply with the receipt and answers', async () => {
    const prepared = await prepareReportSubmission({ whatHappened: 'TEST ONLY' }, t.directory);
    const accepted = await request(t.app).post('/api/reports').send(prepared.body).expect(201);
    const caseId = accepted.body.caseId as string;
    const receiptVerifier = await deriveReceiptVerifier(prepared.receipt);

    const before = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier })
      .expect(200);
    expect(before.body).toMatchObject({
      status: 'new',
      receivedOn: accepted.body.receivedOn,
      messages: [],
    });

    // The dashboard's reply, signed with a caseworker key, through the server's service layer.
    const caseworkerKey = await unlockCaseworkerKey(
      t.caseworkers[0]!.armoredSecretKey,
      TEST_PASSPHRASE,
    );
    const replyKeyFingerprint = (
      await unlockReplyKey(
        prepared.armoredReplySecretKey,
        await deriveReplyKeyPassphrase(prepared.receipt),
      )
    ).fingerprint;
    const replyMessageId = createMessageId();
    const reply = armorBinaryMessage(
      await encryptSignedReply(
        'TEST ONLY: we received your report; a lawyer will call.',
        t.directory,
        prepared.body.replyKey,
        replyKeyFingerprint,
        caseworkerKey,
        replyMessageId,
      ),
    );
    await caseMessages.addCaseworkerReply(caseId, reply, replyMessageId);

    const view = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier })
      .expect(200);
    expect(view.body.caseId).toBe(caseId);
    expect(view.body.messages).toHaveLength(1);
    // The client derives the id the server stores a message under, as the server does.
    expect(view.body.messages[0]).toMatchObject({
      messageId: await storedMessageId(caseId, replyMessageId),
      author: 'caseworker',
      sentOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const replyKey = await unlockReplyKey(
      view.body.replySecretKey,
      await deriveReplyKeyPassphrase(prepared.receipt),
    );
    expect(
      await decryptReply(view.body.messages[0].message, replyKey, t.directory, {
        caseId: view.body.caseId,
        entryId: view.body.messages[0].messageId,
      }),
    ).toEqual({
      text: 'TEST ONLY: we received your report; a lawyer will call.',
      signer: {
        fingerprint: t.caseworkers[0]!.fingerprint.toLowerCase(),
        retired: false,
        signedOn: view.body.messages[0].sentOn,
      },
    });

    const followUpDocument = { schema: 'amanat-follow-up/v1', text: 'TEST ONLY: thank you.' };
    const messageId = randomBytes(16).toString('hex');
    const followUp = await encryptSignedFollowUp(
      followUpDocument,
      replyKey,
      t.directory,
      messageId,
    );
    await request(t.app)
      .post('/api/receipts/messages')
      .send({ receiptVerifier, messageId, message: followUp })
      .expect(201);
    // A retry (lost response) is answered as before and stores nothing new; a different message
    // under the same id is refused.
    const retried = await request(t.app)
      .post('/api/receipts/messages')
      .send({ receiptVerifier, messageId, message: followUp })
      .expect(201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    const other = await encryptTo(t.directory, 'TEST ONLY: something else');
    const reused = await request(t.app)
      .post('/api/receipts/messages')
      .send({ receiptVerifier, messageId, message: other })
      .expect(409);
    expect(reused.body.error.code).toBe('message_id_reused');
    const thread = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier })
      .expect(200);
    const authors = (thread.body as { messages: { author: string }[] }).messages.map(
      (m) => m.author,
    );
    expect(authors).toEqual(['caseworker', 'reporter']);
    const forCaseworker = await decryptFollowUp(
      await unlockCaseworkerKey(t.caseworkers[1]!.armoredSecretKey, TEST_PASSPHRASE),
      thread.body.messages[1].message,
      prepared.body.replyKey,
      replyKeyFingerprint,
      { caseId, entryId: thread.body.messages[1].messageId },
    );
    expect(JSON.parse(new TextDecoder().decode(forCaseworker.plaintext))).toEqual(followUpDocument);
    expect(forCaseworker.verified).toBe(true);

    // The receipt itself never reached the server.
    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    expect(stored).not.toContain(prepared.receipt);
    expect(stored).not.toContain(prepared.receipt.replace(/-/g, ''));
  });

  test('when a reply is not readable by the reporter, or by every caseworker, then the service refuses it', async () => {
    const { prepared, caseId } = await sendPreparedReport(t.app, t.directory, {
      whatHappened: 'TEST ONLY',
    });
    await expect(
      caseMessages.addCaseworkerReply(caseId, await encryptTo(t.directory, 'x')),
    ).rejects.toMatchObject({
      code: 'recipient_missing',
    });
    const onlyReporter = await encryptTo({ ...t.directory, recipients: [] }, 'x', [
      prepared.body.replyKey,
    ]);
    await expect(caseMessages.addCaseworkerReply(caseId, onlyReporter)).rejects.toMatchObject({
      code: 'recipient_missing',
    });
  });

  test('when the receipt request carries anything but the verifier then it is refused', async () => {
    await request(t.app).post('/api/receipts/case').send({ receipt: 'AAAA-BBBB' }).expect(400);
    await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier: { $ne: null } })
      .expect(400);
  });

  test('when a wrong receipt is tried then the answer is generic, and repeated failures are rate-limited', async () => {
    const wrong = await deriveReceiptVerifier('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH');
    const statuses: number[] = [];
    let firstBody: unknown;
    for (let i = 0; i < 4; i++) {
      const response = await request(t.app)
        .post('/api/receipts/case')
        .send({ receiptVerifier: wrong });
      statuses.push(response.status);
      firstBody ??= response.body.error;
    }
    // The two malformed requests above failed too: 2 + 1 = the limit of 3.
    expect(statuses).toEqual([404, 429, 429, 429]);
    expect(firstBody).toMatchObject({
      code: 'receipt_not_found',
      message: 'No report matches this receipt.',
    });
  });
});
