/**
 * Attack: get a statistics release into the ledger (and so into what later releases are checked
 * against, and possibly into someone's hands) without the audit entry that names its analyst
 * and the hashes of its files, or with two entries, by making the database connection fail in
 * the middle of the request. Defence (stats.service.ts release): the release is audited before
 * the ledger holds it, keyed by its id. A release asked for again is a new release (new id, its
 * noise drawn again): its own entry. Real faults: a TCP proxy between the app and the database
 * cuts one chosen command before the database sees it, or after it ran and before its answer
 * comes back.
 */
import { retryWhileUnavailable, useAuditFaultStage } from '../helpers/audit-faults';
import { seedCodedCases, times } from '../helpers/coded-cases';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import type { InterceptVerdict } from '../helpers/tcp-proxy';

const stage = useAuditFaultStage({ label: 'stats-audit-once', caseworkers: 1 });
let analyst: EnrolledStaff;

beforeAll(async () => {
  analyst = await enrolStaff(stage.t, 'analyst.faults', 'analyst');
  for (const month of ['2025-01', '2025-02', '2025-03', '2025-04']) {
    await seedCodedCases(stage.direct, [
      ...times(23, { month, category: 'surveillance', country: 'DE' }),
      ...times(31, { month, category: 'online_harassment', country: 'NL' }),
    ]);
  }
});

/** The month's ledger rows, and for each the entries naming it; entries naming no row. */
async function ledgerOf(month: string) {
  const rows = await stage.direct
    .db!.collection('stats_releases')
    .find({ 'shape.from': month })
    .toArray();
  const entries = await stage.entries('stats.released', { from: month });
  const rowIds = rows.map((row) => String(row['_id']));
  return {
    entriesPerRow: rowIds.map(
      (id) =>
        entries.filter((entry) => (entry['details'] as { release: string }).release === id).length,
    ),
    entriesWithoutRow: entries.filter(
      (entry) => !rowIds.includes((entry['details'] as { release: string }).release),
    ).length,
  };
}

const faults: [string, string, string, InterceptVerdict, number[], number[], number][] = [
  // [what, command, collection, verdict, entries per row after the fault, after the retry,
  //  entries of a release that never reached the ledger]
  [
    'its audit entry is cut off before the database sees it',
    'insert',
    'audit_log',
    'cut-before',
    [],
    [1],
    0,
  ],
  ['the answer to its audit entry is lost', 'insert', 'audit_log', 'cut-after-answer', [], [1], 1],
  [
    'its ledger row is cut off before the database sees it',
    'insert',
    'stats_releases',
    'cut-before',
    [],
    [1],
    1,
  ],
  [
    'the answer to its ledger row is lost',
    'insert',
    'stats_releases',
    'cut-after-answer',
    [1],
    [1, 1],
    0,
  ],
];

describe('a statistics release whose request fails in the middle', () => {
  test.each(faults.map((fault, index) => [...fault, `2025-0${index + 1}`] as const))(
    'when %s then no release is in the ledger unaudited, and after asking again each release has one entry',
    async (_what, command, collection, verdict, afterFault, afterRetry, withoutRow, month) => {
      const send = () =>
        analyst.client.post('/api/stats/releases', {
          columns: 'category',
          periodUnit: 'month',
          from: month,
          to: month,
          audience: 'public',
        });

      const failed = await stage.withFault(command, collection, verdict, send);
      expect(failed.status).toBe(503);
      // Never a ledger row without the entry that names its analyst and file hashes.
      expect(await ledgerOf(month)).toEqual({
        entriesPerRow: afterFault,
        entriesWithoutRow: withoutRow,
      });

      const retried = await retryWhileUnavailable(send);
      expect(retried.status).toBe(201);
      expect(await ledgerOf(month)).toEqual({
        entriesPerRow: afterRetry,
        entriesWithoutRow: withoutRow,
      });
      const release = retried.body.release as { id: string; sha256: { csv: string } };
      const [entry] = await stage.entries('stats.released', { release: release.id });
      expect(entry).toMatchObject({
        actor: expect.stringMatching(/^account:/),
        details: { from: month, to: month, sha256Csv: release.sha256.csv },
      });
    },
  );
});
