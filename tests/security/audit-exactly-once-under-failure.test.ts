/**
 * Attack: make an audited action happen without its audit entry, or twice-audited, by making
 * something fail in the middle of it (a flaky network, an instance that loses the race for the
 * head of the chain). Defences (audit-log.service.ts, casework.service.ts, own-key.routes.ts):
 * replies, notes, shares and key uploads are recorded before they take effect, keyed by the
 * action's identity so a retry appends nothing; an append that keeps losing the race fails
 * loudly (503 audit_busy) instead of letting the action through. Triage changes, factor resets,
 * retention and statistics releases have files of their own (*-audited-once-under-failure).
 *
 * The faults are real and come from outside the app: a TCP proxy between the app and the
 * database holds the one database command named in each test and then cuts the connection
 * before the database sees it, or after the database ran it but before its answer came back;
 * or, for the race, a second writer appends to the chain on its own connection at that moment.
 * After each fault the test checks that nothing visible is unaudited, then retries as a client
 * does and checks the audit log holds exactly one entry for the action.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import request, { type Response } from 'supertest';
import {
  generateCaseworkerKey,
  recipientKeyIdsOf,
  rewrapKeyPackets,
  unlockCaseworkerKey,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';
import { AuditLogRepository, AuditLogService, caseRefOf } from '../../server/features/audit';
import { retryWhileUnavailable, useAuditFaultStage } from '../helpers/audit-faults';
import { generateTestCaseworker, TEST_PASSPHRASE } from '../helpers/keys';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { enrolStaff, reauthenticate, uploadOwnKey, type EnrolledStaff } from '../helpers/staff';
import type { InterceptVerdict } from '../helpers/tcp-proxy';
import type { TestApp } from '../helpers/test-app';

const stage = useAuditFaultStage({ label: 'audit-once', caseworkers: 1 });
let t: TestApp;
/** The test's own connection, straight to the database (never through the proxy). */
let direct: Connection;
let staff: EnrolledStaff;

beforeAll(async () => {
  ({ t, direct } = stage);
  staff = await enrolStaff(t, 'ilham');
});

/** A new case whose reporter can be replied to; returns its id and its reply key. */
async function newCase(): Promise<{ caseId: string; replyKey: string }> {
  const built = await buildSubmission(t.directory);
  const response = await request(t.app).post('/api/reports').send(built.body).expect(201);
  return { caseId: (response.body as { caseId: string }).caseId, replyKey: built.body.replyKey };
}

const sendWithFault = (
  command: string,
  collection: string,
  decide: () => Promise<InterceptVerdict>,
  send: () => Promise<Response>,
): Promise<Response> => stage.withFault(command, collection, decide, send);
const retry = retryWhileUnavailable;

async function auditEntries(event: string, caseId: string) {
  return await direct
    .db!.collection('audit_log')
    .find({ event, 'details.case': caseRefOf(caseId) })
    .toArray();
}

async function threadLength(caseId: string): Promise<number> {
  return await direct.db!.collection('case_messages').countDocuments({ caseId });
}

describe.each([
  ['reply', 'replies', 'case.reply_sent'],
  ['note', 'notes', 'case.note_added'],
] as const)('a %s whose request fails in the middle', (kind, route, event) => {
  const cases: [string, string, InterceptVerdict, 'stored' | 'audited only' | 'nothing'][] = [
    [
      'its audit entry is cut off before the database sees it',
      'audit_log',
      'cut-before',
      'nothing',
    ],
    ['the answer to its audit entry is lost', 'audit_log', 'cut-after-answer', 'audited only'],
    ['the answer to the stored message is lost', 'case_messages', 'cut-after-answer', 'stored'],
  ];

  test.each(cases)(
    'when %s then nothing is stored unaudited and the retry leaves one message and one entry',
    async (_what, collection, verdict, afterFault) => {
      const { caseId, replyKey } = await newCase();
      const body = {
        messageId: randomBytes(16).toString('hex'),
        // A reply is also for the reporter's reply key; a note only for caseworkers.
        message: await encryptToDirectory(
          t.directory,
          `TEST ONLY ${kind} under a fault`,
          kind === 'reply' ? [replyKey] : [],
        ),
      };
      const send = () => staff.client.post(`/api/cases/${caseId}/${route}`, body);

      const failed = await sendWithFault(
        'insert',
        collection,
        () => Promise.resolve(verdict),
        send,
      );
      expect(failed.status).toBe(503);
      expect(failed.body.error.code).toBe('database_unavailable');
      const stored = await threadLength(caseId);
      const audited = (await auditEntries(event, caseId)).length;
      // Never a stored message without its entry, whatever the fault hit.
      expect({ stored, audited }).toEqual({
        stored: afterFault === 'stored' ? 1 : 0,
        audited: afterFault === 'nothing' ? 0 : 1,
      });

      const retried = await retry(send);
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBe(
        afterFault === 'stored' ? 'true' : undefined,
      );
      expect(await threadLength(caseId)).toBe(1);
      expect(await auditEntries(event, caseId)).toHaveLength(1);
    },
  );
});

describe('a share that fails in the middle', () => {
  let newcomer: Awaited<ReturnType<typeof generateTestCaseworker>>;
  let newcomerKeyIds: readonly string[];
  let reader: UnlockedCaseworkerKey;
  const shareCases: string[] = [];

  beforeAll(async () => {
    // Cases with a report and a note, made before the newcomer joined: they cannot read them.
    for (let i = 0; i < 3; i++) {
      const { caseId } = await newCase();
      const note = await staff.client.post(`/api/cases/${caseId}/notes`, {
        messageId: randomBytes(16).toString('hex'),
        message: await encryptToDirectory(t.directory, 'TEST ONLY note before sharing'),
      });
      expect(note.status).toBe(201);
      shareCases.push(caseId);
    }
    newcomer = await generateTestCaseworker('newcomer');
    const added = await t.caseworkerKeys.addCaseworkerKey(newcomer.armoredPublicKey, 'newcomer');
    newcomerKeyIds = added.encryptionKeyIds;
    await t.publishDirectory();
    reader = await unlockCaseworkerKey(t.caseworkers[0]!.armoredSecretKey, TEST_PASSPHRASE);
  });

  /** How many messages of the case name the newcomer's key (can be read by them). */
  async function readableByNewcomer(caseId: string): Promise<number> {
    const messages = [
      ...(await direct
        .db!.collection('reports')
        .find({ _id: caseId as never })
        .toArray()),
      ...(await direct.db!.collection('case_messages').find({ caseId }).toArray()),
    ];
    return messages.filter((message) =>
      (message['recipientKeyIds'] as string[]).some((keyId) => newcomerKeyIds.includes(keyId)),
    ).length;
  }

  /**
   * As the dashboard does: re-wraps, for the newcomer, every message they cannot read yet, after
   * a fresh re-authentication (outside any fault: it writes an audit entry of its own); returns
   * the request that shares them.
   */
  async function shareMissing(caseId: string): Promise<() => Promise<Response>> {
    const listed = await staff.client.get(`/api/cases/${caseId}/key-packets`);
    const packets: { target: string; id: string; pkesk: string }[] = [];
    for (const item of listed.body.items as { target: string; id: string; pkesks: string }[]) {
      const pkesks = Buffer.from(item.pkesks, 'base64');
      const existing = await recipientKeyIdsOf(pkesks);
      if (newcomerKeyIds.some((keyId) => existing.includes(keyId))) continue;
      const pkesk = await rewrapKeyPackets(reader, pkesks, newcomer.armoredPublicKey);
      packets.push({
        target: item.target,
        id: item.id,
        pkesk: Buffer.from(pkesk).toString('base64'),
      });
    }
    await reauthenticate(t, staff.client, staff);
    return () =>
      staff.client.post(`/api/cases/${caseId}/shares`, {
        fingerprint: newcomer.fingerprint,
        packets,
      });
  }

  const faults: [string, string, string, InterceptVerdict, number, number][] = [
    // [what, command, collection, verdict, readable after the fault, entries after the fault]
    [
      'the second message is cut off after the report was shared',
      'update',
      'case_messages',
      'cut-before',
      1,
      1,
    ],
    [
      'its audit entry is cut off before the database sees it',
      'insert',
      'audit_log',
      'cut-before',
      0,
      0,
    ],
    ['the answer to its audit entry is lost', 'insert', 'audit_log', 'cut-after-answer', 0, 1],
  ];

  test.each(faults.map((fault, index) => [...fault, index] as const))(
    'when %s then no shared packet is unaudited and the retry of what is missing leaves one entry',
    async (_what, command, collection, verdict, readableAfterFault, entriesAfterFault, index) => {
      const caseId = shareCases[index]!;
      expect(await readableByNewcomer(caseId)).toBe(0);

      const failed = await sendWithFault(
        command,
        collection,
        () => Promise.resolve(verdict),
        await shareMissing(caseId),
      );
      expect(failed.status).toBe(503);
      const readable = await readableByNewcomer(caseId);
      const entries = (await auditEntries('case.shared', caseId)).length;
      // Never a packet the newcomer can use without an entry saying who gave it.
      expect({ readable, entries }).toEqual({
        readable: readableAfterFault,
        entries: entriesAfterFault,
      });

      const retried = await retry(async () => await (await shareMissing(caseId))());
      expect(retried.status).toBe(201);
      expect(retried.body).toEqual({ added: 2 - readableAfterFault });
      expect(await readableByNewcomer(caseId)).toBe(2);
      const [entry, ...more] = await auditEntries('case.shared', caseId);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        actor: expect.stringMatching(/^account:/),
        details: { with: newcomer.fingerprint.toLowerCase(), packets: '2' },
      });
    },
  );
});

describe('a key upload whose answer is lost', () => {
  test('when the stored key is not confirmed to the app then it is audited already, and the retry adds no second entry', async () => {
    const owner = await enrolStaff(t, 'gulbahar');
    const key = await generateCaseworkerKey('TEST ONLY key passphrase under a fault');
    const send = () => uploadOwnKey(owner.client, key);
    const uploads = async () =>
      await direct.db!.collection('audit_log').countDocuments({
        event: 'caseworker_key.uploaded',
        'details.fingerprint': key.fingerprint,
      });
    const failed = await sendWithFault(
      'insert',
      'caseworker_keys',
      () => Promise.resolve('cut-after-answer'),
      send,
    );
    expect(failed.status).toBe(503);
    const stored = await direct
      .db!.collection('caseworker_keys')
      .countDocuments({ _id: key.fingerprint as never });
    expect({ stored, audited: await uploads() }).toEqual({ stored: 1, audited: 1 });

    expect((await retry(send)).status).toBe(201);
    expect(await uploads()).toBe(1);
  });
});

describe('an append that loses the race for the head of the chain', () => {
  /** Another writer: appends to the chain on its own connection, as a second instance would. */
  const competitor = () => new AuditLogService(new AuditLogRepository(direct));

  /** While the app's audit insert is held, the competitor takes its sequence number first. */
  function stealTheHead(times: number): {
    decide: () => Promise<InterceptVerdict>;
    stolen: () => number;
  } {
    let stolen = 0;
    const other = competitor();
    return {
      decide: async () => {
        if (stolen < times) {
          stolen++;
          await other.record('test-competitor', 'test.competing_append', { n: String(stolen) });
        }
        return 'forward';
      },
      stolen: () => stolen,
    };
  }

  async function replyBody(replyKey: string) {
    return {
      messageId: randomBytes(16).toString('hex'),
      message: await encryptToDirectory(t.directory, 'TEST ONLY reply under contention', [
        replyKey,
      ]),
    };
  }

  test('when another instance wins the head fifteen times in a row then the reply still goes through, audited once, and the chain verifies', async () => {
    const { caseId, replyKey } = await newCase();
    const body = await replyBody(replyKey);
    const race = stealTheHead(15);
    const answer = await sendWithFault('insert', 'audit_log', race.decide, () =>
      staff.client.post(`/api/cases/${caseId}/replies`, body),
    );
    expect(race.stolen()).toBe(15);
    expect(answer.status).toBe(201);
    expect(await auditEntries('case.reply_sent', caseId)).toHaveLength(1);
    expect(await threadLength(caseId)).toBe(1);
    expect(await competitor().verifyChain()).toMatchObject({ ok: true });
  });

  test('when it loses every race then the reply is refused with 503 audit_busy, nothing is stored, and the retry is audited once', async () => {
    const { caseId, replyKey } = await newCase();
    const body = await replyBody(replyKey);
    const send = () => staff.client.post(`/api/cases/${caseId}/replies`, body);
    const race = stealTheHead(Number.MAX_SAFE_INTEGER);
    const refused = await sendWithFault('insert', 'audit_log', race.decide, send);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('audit_busy');
    expect(refused.headers['retry-after']).toBe('1');
    expect(await threadLength(caseId)).toBe(0);
    expect(await auditEntries('case.reply_sent', caseId)).toHaveLength(0);

    expect((await send()).status).toBe(201);
    expect(await threadLength(caseId)).toBe(1);
    expect(await auditEntries('case.reply_sent', caseId)).toHaveLength(1);
    expect(await competitor().verifyChain()).toMatchObject({ ok: true });
  });
});
