/**
 * Statistics count coded cases in the database (CasesRepository.countCodedCases): `$group` over
 * the statistics index on MongoDB, one `$group` per incident month where the engine groups slowly
 * (FerretDB v1, platform/engine.ts). Both ways must give exactly the counts of the stored codes;
 * the cases themselves never travel to the app; and counting from the records themselves, not
 * from counters, loses nothing to concurrent triage (FerretDB v1 loses concurrent `$inc`s).
 */
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { CasesRepository, type CodedCaseCount } from '../../server/features/cases';
import { connectDb } from '../../server/platform/db';
import type { DatabaseEngine } from '../../server/platform/engine';
import { seedCodedCases, times, type CodedCase } from '../helpers/coded-cases';
import { dropTestDatabase, testDatabaseUri } from '../helpers/database';

/** Each way of counting, pinned whatever the test database is. */
const ENGINES: Record<string, DatabaseEngine> = {
  'one $group at one point in time (MongoDB)': {
    name: 'mongodb',
    hasTtlIndexes: true,
    groupsInOnePass: true,
    readsIdListsByIndex: true,
    hasSnapshotReads: true,
  },
  'one $group per month (FerretDB v1)': {
    name: 'ferretdb',
    hasTtlIndexes: false,
    groupsInOnePass: false,
    readsIdListsByIndex: false,
    hasSnapshotReads: false,
  },
};

const CASES: CodedCase[] = [
  ...times(7, { month: '2025-01', category: 'threats_through_relatives', country: 'DE' }),
  ...times(4, {
    month: '2025-01',
    category: 'threats_through_relatives',
    country: 'DE',
    outcome: 'resolved',
  }),
  ...times(3, { month: '2025-01', category: 'online_harassment', country: 'TR' }),
  ...times(9, { month: '2025-02', category: 'surveillance', country: 'NL', outcome: 'no_contact' }),
  ...times(2, { month: '2025-04', category: 'online_harassment', country: 'DE' }),
  // Outside the range asked for, and not coded: never counted.
  ...times(6, { month: '2024-12', category: 'surveillance', country: 'DE' }),
  ...times(5, { month: '2025-05', category: 'surveillance', country: 'DE' }),
  ...times(8, { month: '2025-02', category: null, country: 'DE' }),
];

const EXPECTED: CodedCaseCount[] = [
  { month: '2025-01', category: 'online_harassment', country: 'TR', outcome: null, count: 3 },
  {
    month: '2025-01',
    category: 'threats_through_relatives',
    country: 'DE',
    outcome: null,
    count: 7,
  },
  {
    month: '2025-01',
    category: 'threats_through_relatives',
    country: 'DE',
    outcome: 'resolved',
    count: 4,
  },
  { month: '2025-02', category: 'surveillance', country: 'NL', outcome: 'no_contact', count: 9 },
  { month: '2025-04', category: 'online_harassment', country: 'DE', outcome: null, count: 2 },
];

const sorted = (counts: readonly CodedCaseCount[]) =>
  [...counts].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('statistics counted by the database', () => {
  let connection: Connection;
  const commands: CommandStartedEvent[] = [];

  beforeAll(async () => {
    const uri = new URL(testDatabaseUri('stats-counted'));
    uri.searchParams.set('monitorCommands', 'true');
    connection = await connectDb(uri.toString());
    connection.getClient().on('commandStarted', (event) => commands.push(event));
    await new CasesRepository(connection).prepare();
    await seedCodedCases(connection, CASES);
  });
  afterAll(async () => {
    await dropTestDatabase(connection);
  });

  test.each(Object.keys(ENGINES))(
    'when coded cases are counted by %s then every combination of codes has its exact count',
    async (way) => {
      const cases = new CasesRepository(connection, ENGINES[way]);
      expect(sorted(await cases.countCodedCases('2025-01', '2025-04'))).toEqual(sorted(EXPECTED));
    },
  );

  test.each(Object.keys(ENGINES))(
    'when coded cases are counted by %s then only groups come back: the cases are never read into the app',
    async (way) => {
      const cases = new CasesRepository(connection, ENGINES[way]);
      commands.length = 0;
      await cases.countCodedCases('2025-01', '2025-04');
      const onCases = commands.filter(
        (event) =>
          ['find', 'aggregate', 'count', 'distinct'].includes(event.commandName) &&
          event.command[event.commandName] === 'cases',
      );
      expect(onCases.length).toBeGreaterThan(0);
      for (const { commandName, command } of onCases) {
        expect(commandName).toBe('aggregate');
        const stages = (command['pipeline'] as Record<string, unknown>[]).map(
          (stage) => Object.keys(stage)[0],
        );
        expect(stages).toEqual(['$match', '$group']);
      }
    },
  );

  test('when 100 cases are coded at the same moment then every one of them is counted', async () => {
    const cases = new CasesRepository(connection);
    const ids = Array.from({ length: 100 }, (_, i) => i.toString(16).padStart(32, 'e'));
    for (const id of ids) await cases.ensure(id, '2025-03-10');
    const opened = await Promise.all(ids.map(async (id) => (await cases.findById(id))!));
    const applied = await Promise.all(
      opened.map((record) =>
        cases.updateAtRevision(record, {
          incidentCategory: 'surveillance',
          hostCountry: 'GE',
          incidentMonth: '2025-03',
        }),
      ),
    );
    expect(applied.every(Boolean)).toBe(true);
    for (const engine of Object.values(ENGINES)) {
      const counted = await new CasesRepository(connection, engine).countCodedCases(
        '2025-03',
        '2025-03',
      );
      expect(counted).toEqual([
        { month: '2025-03', category: 'surveillance', country: 'GE', outcome: null, count: 100 },
      ]);
    }
  });
});
