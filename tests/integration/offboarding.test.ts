/**
 * Offboarding a caseworker (`npm run admin -- caseworker:offboard`): their PKESK packets leave
 * every stored report, thread message and attachment part, the other recipients decrypt exactly
 * what they did before, the next directory no longer lists the key, and a repeat changes nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  armorBinaryMessage,
  createAttachmentId,
  createMessageId,
  decryptMessage,
  deriveReceiptVerifier,
  deriveReplyKeyPassphrase,
  encryptForDirectory,
  prepareReportSubmission,
  verifyRecipientDirectory,
  type GeneratedKeyPair,
  type VerifiedDirectory,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';
import { AuditLogRepository, AuditLogService } from '../../server/features/audit';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import {
  CaseworkerKeysRepository,
  CaseworkerKeysService,
  type CaseworkerKey,
} from '../../server/features/caseworkers';
import { ReportRepository } from '../../server/features/intake';
import { OffboardingService, type OffboardingHooks } from '../../server/features/offboarding';
import {
  StoredCiphertextRepository,
  StoredCiphertextService,
  type CiphertextRef,
  type StoredCiphertext,
} from '../../server/features/stored-ciphertext';
import { inspectEncryptedMessage } from '../../server/platform/openpgp';
import { bytesOf } from '../../server/platform/db';
import { exportCaseOf } from '../helpers/case-export';
import { runCli } from '../helpers/admin-cli';
import { messageForKeys, withSeipdVersion } from '../helpers/forge';
import { GnuPG } from '../helpers/gnupg';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { sendPreparedReport } from '../helpers/reporter-traffic';

const MESSAGE_COLLECTIONS = ['reports', 'case_messages', 'attachment_parts'] as const;

interface StoredMessageDocument {
  _id: string;
  caseId?: string;
  message: unknown;
  recipientKeyIds: string[];
  sha256?: string;
  size?: number;
}

describe('offboarding a caseworker', () => {
  let t: TestApp;
  const gpg = new GnuPG();
  const work = mkdtempSync(join(tmpdir(), 'amanat-offboarding-'));
  let env: Record<string, string>;
  let keyOf: (caseworker: GeneratedKeyPair) => Promise<CaseworkerKey>;

  // The case as the reporter and caseworkers made it before caseworker 2 left.
  const report = { whatHappened: 'TEST ONLY: my brother was questioned about me.', locale: 'ug' };
  const attachment = randomBytes(40 * 1024);
  const followUp = 'TEST ONLY: they came back today.';
  const reply = 'TEST ONLY: we have passed this to a lawyer.';
  let caseId: string;
  let receipt: string;
  let replySecretKey: string;
  /** The report as encrypted: it names its reply key. */
  let encryptedReport: object;
  let directoryBefore: VerifiedDirectory;
  let storedBefore: Record<string, StoredMessageDocument[]>;

  const collection = (name: string) => t.connection.db!.collection<StoredMessageDocument>(name);
  async function storedMessages(): Promise<Record<string, StoredMessageDocument[]>> {
    const all: Record<string, StoredMessageDocument[]> = {};
    for (const name of MESSAGE_COLLECTIONS) {
      all[name] = await collection(name).find({}).sort({ _id: 1 }).toArray();
    }
    return all;
  }
  const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

  /** A report stored without going through intake: as one from an earlier directory would be. */
  async function insertBareReport(id: string, message: Uint8Array): Promise<void> {
    const { recipientKeyIds } = await inspectEncryptedMessage(message);
    await new ReportRepository(t.connection).insert({
      caseId: id,
      submissionId: randomBytes(16).toString('base64url'),
      requestDigest: id,
      message,
      recipientKeyIds,
      directoryVersion: 1,
      replyKey: 'TEST ONLY: not used',
      replyKeyIds: [],
      receiptVerifierHash: randomBytes(32).toString('base64url'),
      receivedOn: '2026-11-28',
    });
  }

  function offboardingService(
    stored: StoredCiphertextRepository,
    hooks: OffboardingHooks = {},
  ): OffboardingService {
    return new OffboardingService(
      {
        caseworkerKeys: new CaseworkerKeysService(new CaseworkerKeysRepository(t.connection)),
        ciphertext: new StoredCiphertextService(stored),
        caseLinks: t.services.caseLinks,
      },
      hooks,
    );
  }

  beforeAll(async () => {
    t = await createTestApp({ label: 'offboarding', caseworkers: 3 });
    directoryBefore = t.directory;
    const orgKey = join(work, 'org.asc');
    writeFileSync(orgKey, t.organisation.armoredSecretKey, { mode: 0o600 });
    writeFileSync(`${orgKey}.pub`, t.organisation.armoredPublicKey);
    writeFileSync(join(work, 'passphrase'), `${TEST_PASSPHRASE}\n`, { mode: 0o600 });
    env = { MONGODB_URI: t.config.mongodbUri, ORG_FINGERPRINT: t.config.orgFingerprint };
    const keys = new CaseworkerKeysRepository(t.connection);
    keyOf = async (caseworker) => (await keys.findByFingerprint(caseworker.fingerprint))!;

    const sent = await sendPreparedReport(t.app, t.directory, report);
    const { prepared } = sent;
    caseId = sent.caseId;
    receipt = prepared.receipt;
    replySecretKey = prepared.body.replySecretKey!;
    encryptedReport = { ...report, replyKeyFingerprint: prepared.replyKeyFingerprint };
    const receiptVerifier = await deriveReceiptVerifier(receipt);
    await request(t.app)
      .put(`/api/attachments/${createAttachmentId()}/parts/0`)
      .set('Content-Type', 'application/octet-stream')
      .set('X-Receipt-Verifier', receiptVerifier)
      .send(Buffer.from(await encryptForDirectory(attachment, t.directory)))
      .expect(201);
    await request(t.app)
      .post('/api/receipts/messages')
      .send({
        receiptVerifier,
        messageId: createMessageId(),
        message: armorBinaryMessage(
          await encryptForDirectory(new TextEncoder().encode(followUp), t.directory),
        ),
      })
      .expect(201);
    // A caseworker reply is readable by the reporter too: that recipient must survive.
    const withReporter = {
      ...t.directory,
      recipients: [
        ...t.directory.recipients,
        { fingerprint: 'reporter', label: 'reporter', publicKey: prepared.body.replyKey },
      ],
    };
    await t
      .caseMessages()
      .addCaseworkerReply(
        caseId,
        armorBinaryMessage(
          await encryptForDirectory(new TextEncoder().encode(reply), withReporter),
        ),
      );
    storedBefore = await storedMessages();
  });
  afterAll(async () => {
    await t.close();
    gpg.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  test('when caseworker:offboard runs with --org-key then every stored message drops their key id and the next directory no longer lists it', async () => {
    const leaving = t.caseworkers[1]!;
    const result = runCli(
      [
        'caseworker:offboard',
        leaving.fingerprint,
        '--org-key',
        join(work, 'org.asc'),
        '--passphrase-file',
        join(work, 'passphrase'),
        '--valid-days',
        '30',
      ],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Published recipient directory version 2 with 2 key(s)');
    expect(result.stdout).toMatch(/reports: +1\n/);
    expect(result.stdout).toMatch(/thread messages: +2\n/);
    expect(result.stdout).toMatch(/attachment parts: +1\n/);
    expect(result.stdout).toContain('Not undone');

    const gone = new Set((await keyOf(leaving)).encryptionKeyIds);
    const stored = await storedMessages();
    for (const name of MESSAGE_COLLECTIONS) {
      expect(stored[name]).toHaveLength(storedBefore[name]!.length);
      for (const [i, document] of stored[name]!.entries()) {
        const bytes = bytesOf(document.message);
        // The bytes are what a key holder could open: parse them, do not trust the field.
        const { recipientKeyIds } = await inspectEncryptedMessage(bytes);
        expect(recipientKeyIds.filter((keyId) => gone.has(keyId))).toEqual([]);
        expect(document.recipientKeyIds).toEqual(recipientKeyIds);
        const before = storedBefore[name]![i]!;
        expect(recipientKeyIds).toEqual(before.recipientKeyIds.filter((k) => !gone.has(k)));
        if (name === 'attachment_parts') {
          expect(document.size).toBe(bytes.length);
          expect(document.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        }
      }
    }

    const served = await request(t.app).get('/api/recipients').expect(200);
    const directory = await verifyRecipientDirectory(
      served.body.directory,
      served.body.organisationKey,
      t.organisation.fingerprint,
    );
    expect(directory.recipients.map((r) => r.fingerprint).sort()).toEqual(
      [t.caseworkers[0]!.fingerprint, t.caseworkers[2]!.fingerprint].sort(),
    );
    // A browser still holding the old directory is refused instead of naming the removed key.
    const stale = await prepareReportSubmission(report, directoryBefore);
    const refused = await request(t.app).post('/api/reports').send(stale.body).expect(422);
    expect(refused.body.error.code).toBe('unknown_recipient');
  });

  test('when the rest read the rewritten case then every plaintext is unchanged and the removed key opens nothing stored', async () => {
    const [stays, leaving] = [t.caseworkers[0]!, t.caseworkers[1]!];
    const stored = await storedMessages();
    const reportBytes = bytesOf(stored['reports']!.find((d) => d._id === caseId)!.message);
    expect(
      JSON.parse(
        text(
          await decryptMessage(
            reportBytes,
            stays.armoredSecretKey,
            TEST_PASSPHRASE,
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ),
    ).toEqual(encryptedReport);
    const part = bytesOf(stored['attachment_parts']![0]!.message);
    expect(
      Buffer.from(
        await decryptMessage(
          part,
          stays.armoredSecretKey,
          TEST_PASSPHRASE,
          MAX_PLAINTEXT_BYTES.attachmentPart,
        ),
      ).equals(attachment),
    ).toBe(true);
    const thread = await new CaseMessagesRepository(t.connection).listThread(caseId);
    const texts = await Promise.all(
      thread.map(async (m) =>
        text(
          await decryptMessage(
            m.message,
            stays.armoredSecretKey,
            TEST_PASSPHRASE,
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ),
    );
    expect(texts.sort()).toEqual([followUp, reply].sort());
    // The reporter's reply key is another recipient: untouched.
    const replyMessage = thread.find((m) => m.author === 'caseworker')!;
    const passphrase = await deriveReplyKeyPassphrase(receipt);
    expect(
      text(
        await decryptMessage(
          replyMessage.message,
          replySecretKey,
          passphrase,
          MAX_PLAINTEXT_BYTES.report,
        ),
      ),
    ).toBe(reply);

    for (const bytes of [reportBytes, part, ...thread.map((m) => m.message)]) {
      await expect(
        decryptMessage(
          bytes,
          leaving.armoredSecretKey,
          TEST_PASSPHRASE,
          MAX_PLAINTEXT_BYTES.report,
        ),
      ).rejects.toMatchObject({ code: 'decryption_failed' });
    }
  });

  test('when the exported rewritten report goes to GnuPG then --list-packets names only the remaining keys and gpg decrypts it', async () => {
    const exported = await exportCaseOf(t.connection, caseId);
    const file = join(work, 'report.asc');
    writeFileSync(file, exported.files.find((f) => f.name === 'report.asc')!.content);
    // No secret key in this GnuPG home yet: it lists the packets and then fails to decrypt.
    const listing = gpg.tryRun(['--list-packets', file]).stdout.toString('utf8');
    const listed = [
      ...listing.matchAll(/:pubkey enc packet: version 3, algo \d+, keyid ([0-9A-F]{16})/g),
    ]
      .map((match) => match[1]!.toLowerCase())
      .sort();
    const remaining = [
      ...(await keyOf(t.caseworkers[0]!)).encryptionKeyIds,
      ...(await keyOf(t.caseworkers[2]!)).encryptionKeyIds,
    ].sort();
    expect(listed).toEqual(remaining);
    gpg.importSecretKey(t.caseworkers[2]!.armoredSecretKey, TEST_PASSPHRASE);
    expect(JSON.parse(gpg.decryptFile(file, TEST_PASSPHRASE).toString('utf8'))).toEqual(
      encryptedReport,
    );
  });

  test('when caseworker:offboard runs again then nothing stored changes and it says to sign the directory', async () => {
    const before = await storedMessages();
    const again = runCli(['caseworker:offboard', t.caseworkers[1]!.fingerprint], env);
    expect(again.stderr).toBe('');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/reports: +0\n/);
    expect(again.stdout).toMatch(/thread messages: +0\n/);
    expect(again.stdout).toMatch(/attachment parts: +0\n/);
    expect(again.stdout).toContain('NEXT: Publish the next directory: directory:export');
    expect(await storedMessages()).toEqual(before);
  });

  test('when an admin offboarded then the audit log holds the offboarding with its counts and its chain verifies', async () => {
    const audit = new AuditLogService(new AuditLogRepository(t.connection));
    const entries = [];
    for await (const entry of new AuditLogRepository(t.connection).listInOrder())
      entries.push(entry);
    const offboarded = entries.filter((entry) => entry.event === 'caseworker.offboarded');
    expect(offboarded.map((entry) => entry.details)).toEqual([
      {
        fingerprint: t.caseworkers[1]!.fingerprint,
        reports: '1',
        caseMessages: '2',
        attachmentParts: '1',
        recipientPacketsRemoved: '4',
        onlyRecipientOf: '0',
        directoryVersion: '2',
      },
      {
        fingerprint: t.caseworkers[1]!.fingerprint,
        reports: '0',
        caseMessages: '0',
        attachmentParts: '0',
        recipientPacketsRemoved: '0',
        onlyRecipientOf: '0',
      },
    ]);
    expect(entries.map((entry) => entry.event)).toEqual(
      expect.arrayContaining(['caseworker_key.removed', 'directory.published']),
    );
    expect(await audit.verifyChain()).toMatchObject({ ok: true });
  });

  test('when the key is still active, or a message is readable by the leaving key alone, then nothing unreadable is made and the access hook runs', async () => {
    const leaving = t.caseworkers[2]!;
    const ended: string[] = [];
    const service = offboardingService(new StoredCiphertextRepository(t.connection), {
      endCaseworkerAccess: (key) => {
        ended.push(key.fingerprint);
        return Promise.resolve();
      },
    });
    await expect(
      service.removeCaseworkerFromStoredMessages(leaving.fingerprint),
    ).rejects.toMatchObject({ code: 'key_still_active' });
    // A report from a time when caseworker 3 was the only one in the directory.
    const onlyTheirs = await messageForKeys('TEST ONLY: early report', [leaving.armoredPublicKey]);
    await insertBareReport('f'.repeat(32), onlyTheirs);

    await service.removeCaseworker(leaving.fingerprint);
    expect(ended).toEqual([leaving.fingerprint]);
    const counts = await service.removeCaseworkerFromStoredMessages(leaving.fingerprint);
    expect(counts).toMatchObject({ reports: 1, caseMessages: 2, attachmentParts: 1 });
    expect(counts.onlyRecipientOf).toEqual([{ kind: 'report', caseId: 'f'.repeat(32) }]);
    const kept = await collection('reports').findOne({ _id: 'f'.repeat(32) });
    expect(Buffer.from(bytesOf(kept!.message)).equals(Buffer.from(onlyTheirs))).toBe(true);
    // Only caseworker 1 remains on the real report, and it still opens it.
    const reportBytes = bytesOf((await collection('reports').findOne({ _id: caseId }))!.message);
    expect((await inspectEncryptedMessage(reportBytes)).recipientKeyIds).toEqual(
      (await keyOf(t.caseworkers[0]!)).encryptionKeyIds,
    );
    expect(
      JSON.parse(
        text(
          await decryptMessage(
            reportBytes,
            t.caseworkers[0]!.armoredSecretKey,
            TEST_PASSPHRASE,
            MAX_PLAINTEXT_BYTES.report,
          ),
        ),
      ),
    ).toEqual(encryptedReport);
  });
  test('when a message changes between read and write then the change is not lost: it is read again and rewritten', async () => {
    const [stays, leaving, other] = t.caseworkers as [
      GeneratedKeyPair,
      GeneratedKeyPair,
      GeneratedKeyPair,
    ];
    const racingId = 'e'.repeat(32);
    await insertBareReport(
      racingId,
      await messageForKeys('TEST ONLY: before the share', [
        stays.armoredPublicKey,
        leaving.armoredPublicKey,
      ]),
    );
    // What a concurrent writer (for example a share to caseworker 3) stores right after our read.
    const concurrent = await messageForKeys('TEST ONLY: after the share', [
      stays.armoredPublicKey,
      leaving.armoredPublicKey,
      other.armoredPublicKey,
    ]);
    class RacingReports extends StoredCiphertextRepository {
      reads = 0;
      override async read(ref: CiphertextRef): Promise<StoredCiphertext | null> {
        const read = await super.read(ref);
        if (ref.kind === 'report' && ref.caseId === racingId && this.reads++ === 0) {
          await t.connection.db!.collection<{ _id: string }>('reports').updateOne(
            { _id: racingId },
            {
              $set: {
                message: Buffer.from(concurrent),
                recipientKeyIds: (await inspectEncryptedMessage(concurrent)).recipientKeyIds,
              },
            },
          );
        }
        return read;
      }
    }
    const reports = new RacingReports(t.connection);
    const counts = await offboardingService(reports).removeCaseworkerFromStoredMessages(
      leaving.fingerprint,
    );
    expect(counts).toMatchObject({ reports: 1, caseMessages: 0, attachmentParts: 0 });
    expect(reports.reads).toBe(3); // read, read again after the refused write, read back
    const stored = bytesOf((await collection('reports').findOne({ _id: racingId }))!.message);
    expect((await inspectEncryptedMessage(stored)).recipientKeyIds).toEqual([
      ...(await keyOf(stays)).encryptionKeyIds,
      ...(await keyOf(other)).encryptionKeyIds,
    ]);
    expect(
      text(
        await decryptMessage(
          stored,
          other.armoredSecretKey,
          TEST_PASSPHRASE,
          MAX_PLAINTEXT_BYTES.report,
        ),
      ),
    ).toBe('TEST ONLY: after the share');
  });
  test('when a rewrite is asked to replace bytes that are no longer stored then it writes nothing', async () => {
    const before = await storedMessages();
    const stale = (name: string) => bytesOf(storedBefore[name]![0]!.message);
    const next = { message: Uint8Array.from([1, 2, 3]), recipientKeyIds: [] };
    const stored = new StoredCiphertextRepository(t.connection);
    const [attachmentId, index] = storedBefore['attachment_parts']![0]!._id.split(':');
    const refs: [string, CiphertextRef][] = [
      ['reports', { kind: 'report', caseId: storedBefore['reports']![0]!._id }],
      ['case_messages', { kind: 'caseMessage', id: storedBefore['case_messages']![0]!._id }],
      [
        'attachment_parts',
        { kind: 'attachmentPart', attachmentId: attachmentId!, index: Number(index) },
      ],
    ];
    for (const [name, ref] of refs) {
      expect(await stored.rewriteIfUnchanged(ref, stale(name), next)).toBe('changed-meanwhile');
    }
    expect(await storedMessages()).toEqual(before);
  });
  test('when a stored message is not one intake would accept then offboarding stops and names its case', async () => {
    const [stays, leaving] = [t.caseworkers[0]!, t.caseworkers[1]!];
    const damagedId = 'd'.repeat(32);
    const valid = await messageForKeys('TEST ONLY', [
      stays.armoredPublicKey,
      leaving.armoredPublicKey,
    ]);
    await insertBareReport(damagedId, valid);
    await collection('reports').updateOne(
      { _id: damagedId },
      { $set: { message: Buffer.from(withSeipdVersion(valid, 2)) } },
    );
    await expect(
      offboardingService(
        new StoredCiphertextRepository(t.connection),
      ).removeCaseworkerFromStoredMessages(leaving.fingerprint),
    ).rejects.toMatchObject({
      code: 'stored_message_invalid',
      message: expect.stringContaining(`case ${damagedId}`),
    });
    const stored = await collection('reports').findOne({ _id: damagedId });
    expect(
      Buffer.from(bytesOf(stored!.message)).equals(Buffer.from(withSeipdVersion(valid, 2))),
    ).toBe(true);
  });
});
