/**
 * A case's triage record is opened once (cases.repository.ts ensure): the same case opened again,
 * by a retried submission or the repair of an unfinished one, changes nothing. Only the case id
 * already taken means "already opened": a unique index refusing the record on any other key is a
 * fault the caller must hear of, or the report would be left with no case and nobody told.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { CasesRepository } from '../../server/features/cases';
import { connectTestDatabase, dropTestDatabase } from '../helpers/database';

const newCaseId = (): string => randomBytes(16).toString('hex');

describe('opening the triage record of a case', () => {
  let connection: Connection;
  let cases: CasesRepository;
  beforeAll(async () => {
    connection = await connectTestDatabase('case-opened-once');
    cases = new CasesRepository(connection);
    await cases.prepare();
  });
  afterAll(async () => {
    await dropTestDatabase(connection);
  });

  test('when the same case is opened twice then one record stays, as first written, and only the first opening says it opened it', async () => {
    const caseId = newCaseId();
    await expect(cases.ensure(caseId, '2026-03-01')).resolves.toBe(true);
    await expect(cases.ensure(caseId, '2026-03-02')).resolves.toBe(false);

    expect(await connection.db!.collection('cases').countDocuments({ _id: caseId as never })).toBe(
      1,
    );
    expect(await cases.findById(caseId)).toMatchObject({ receivedOn: '2026-03-01', revision: 0 });
  });

  test('when a unique index on another key refuses the record then the caller gets the error and no record is stored', async () => {
    // A unique index the app does not declare stands in for any clash that is not the case id.
    await connection
      .db!.collection('cases')
      .createIndex({ receivedOn: 1 }, { unique: true, name: 'test_only_one_case_a_day' });
    const first = newCaseId();
    const second = newCaseId();
    await cases.ensure(first, '2026-04-01');

    await expect(cases.ensure(second, '2026-04-01')).rejects.toMatchObject({ code: 11000 });
    expect(await cases.findById(second)).toBeNull();
    expect(await cases.findById(first)).toMatchObject({ receivedOn: '2026-04-01' });
  });
});
