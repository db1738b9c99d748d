/**
 * The audit log is append-only and hash-chained: any change, removal or reordering inside the
 * chain is found, and the first broken link is named.
 */
import type { Connection } from 'mongoose';
import {
  AuditLogRepository,
  AuditLogService,
  GENESIS_HASH,
  hashEntry,
} from '../../server/features/audit';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database';

describe('the audit log', () => {
  let connection: Connection;
  let audit: AuditLogService;
  beforeEach(async () => {
    connection = await connectTestDatabase('audit');
    audit = new AuditLogService(new AuditLogRepository(connection));
    for (let i = 1; i <= 5; i++)
      await audit.record('admin-cli', 'caseworker_key.added', { fingerprint: `fp${i}` });
  });
  afterEach(async () => {
    await dropTestDatabase(connection);
  });

  const entries = () =>
    connection.db!.collection<{
      _id: number;
      at: Date;
      event: string;
      details: Record<string, string>;
      hash: string;
      previousHash: string;
      actor: string;
    }>('audit_log');

  test('when nothing was touched then the chain verifies and each entry commits to the previous', async () => {
    const verdict = await audit.verifyChain();
    expect(verdict).toMatchObject({ ok: true, count: 5 });
    const first = await entries().findOne({ _id: 1 });
    const second = await entries().findOne({ _id: 2 });
    expect(first!.previousHash).toBe(GENESIS_HASH);
    expect(second!.previousHash).toBe(first!.hash);
  });

  test('when an entry is edited then verification names that entry', async () => {
    await entries().updateOne({ _id: 3 }, { $set: { 'details.fingerprint': 'attacker' } });
    expect(await audit.verifyChain()).toEqual({
      ok: false,
      brokenAt: 3,
      reason: 'its content does not match its hash',
    });
  });

  test('when an attacker edits an entry and recomputes its hash then the next link breaks', async () => {
    const stored = await entries().findOne({ _id: 2 });
    const forged = {
      seq: 2,
      at: stored!.at,
      actor: 'someone else',
      event: stored!.event,
      details: stored!.details,
      previousHash: stored!.previousHash,
    };
    await entries().updateOne(
      { _id: 2 },
      { $set: { actor: forged.actor, hash: hashEntry(forged) } },
    );
    expect(await audit.verifyChain()).toEqual({
      ok: false,
      brokenAt: 3,
      reason: 'it does not point to the previous entry',
    });
  });

  test('when an entry is removed then verification names the gap', async () => {
    await entries().deleteOne({ _id: 4 });
    expect(await audit.verifyChain()).toEqual({
      ok: false,
      brokenAt: 4,
      reason: 'entry 4 is missing',
    });
  });

  test('when two writers append at once then the chain stays one line', async () => {
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        audit.record('admin-cli', 'case.exported', { caseId: `c${i}` }),
      ),
    );
    expect(await audit.verifyChain()).toMatchObject({ ok: true, count: 11 });
  });
});
