/**
 * backup:restore makes whole what a backup read mid-write (scripts/admin/restore-repair.ts). The
 * source database is put, by hand, in each state a backup read collection by collection can
 * catch: a report whose case record was not written yet; a retention deletion under way, already
 * in the audit log (read last), with the report gone and the case record and thread still there;
 * a case read whole before retention deleted it, which the log records; a finished deletion whose
 * thread and parts were read before it; a deletion under way that the log does not show (a
 * backup made before retention audited first); a case the log records as deleted that was
 * reopened since; room reserved for attachment parts still on their way. After the restore:
 * every report has its case record and nothing outlives its report, the unlogged deletion is
 * finished and audited, the reopened case and an untouched one are exactly as they were, no
 * reserved room is unused, and audit:verify passes. */
import { MongoClient } from 'mongodb';
import { AuditLogRepository, AuditLogService, caseRefOf } from '../../server/features/audit';
import { dayOf } from '../../server/platform/days';
import {
  expectAuditLogIntact,
  restoreBackup,
  runCli,
  useBackupWorkspace,
} from '../helpers/admin-cli';
import { checkConsistency } from '../helpers/backup-consistency';
import { useBackupSource } from '../helpers/backup-source';
import { sendReportWithThread, type SentReport } from '../helpers/reporter-traffic';

/** Several CLI runs, each a fresh process. */
const SLOW_MS = 120_000;

describe('backup:restore repairs what a backup caught mid-write', () => {
  const workspace = useBackupWorkspace('backup-repair');
  const { sourceUri, restoredUri, backupFile, keys } = workspace;
  const t = useBackupSource(workspace, { label: 'backup-repair', caseworkers: 1 });
  let source: MongoClient;
  let cases: Record<
    | 'notYetOpened'
    | 'deletionUnderWay'
    | 'deletedAsLogged'
    | 'deletedAfterItsThread'
    | 'deletionNotLogged'
    | 'reopened'
    | 'untouched',
    SentReport
  >;

  /** Removes a case's documents from these collections (where its case id is the `_id`). */
  const removeById = async (caseId: string, collections: readonly string[]) => {
    for (const name of collections) {
      await source.db().collection<{ _id: string }>(name).deleteMany({ _id: caseId });
    }
  };

  beforeAll(async () => {
    const withThread = async (): Promise<SentReport> =>
      (await sendReportWithThread(t.app, t.directory, 70_000)).report;
    cases = {
      notYetOpened: await withThread(),
      deletionUnderWay: await withThread(),
      deletedAsLogged: await withThread(),
      deletedAfterItsThread: await withThread(),
      deletionNotLogged: await withThread(),
      reopened: await withThread(),
      untouched: await withThread(),
    };
    source = await MongoClient.connect(sourceUri);
    const db = source.db();
    // A caseworker had opened every case: the read mark belongs to its case like the thread.
    const caseworkerId = 'c'.repeat(32);
    await db.collection('case_reads').insertMany(
      Object.values(cases).map(({ caseId }) => ({
        _id: `${caseId}:${caseworkerId}`,
        caseId,
        caseworkerId,
        seenSeq: 1,
      })) as never[],
    );
    const today = dayOf(new Date());
    const audit = new AuditLogService(new AuditLogRepository(t.connection));
    /** Closes the case, and records its deletion as retention does before it deletes anything. */
    const closeAndLogDeletion = async (caseId: string) => {
      await db
        .collection<{ _id: string }>('cases')
        .updateOne(
          { _id: caseId },
          { $set: { status: 'closed', outcome: 'resolved', closedOn: today } },
        );
      await audit.record('retention', 'case.deleted', {
        case: caseRefOf(caseId),
        closedOn: today,
        reason: 'closed more than 180 days',
      });
    };

    // Intake stored the report; the case record was written after the backup read `cases`.
    await removeById(cases.notYetOpened.caseId, ['cases']);
    // Retention logged it and deleted the report after the backup read the case record.
    await closeAndLogDeletion(cases.deletionUnderWay.caseId);
    await removeById(cases.deletionUnderWay.caseId, ['reports']);
    // Read whole, then deleted; the log, read last, records it.
    await closeAndLogDeletion(cases.deletedAsLogged.caseId);
    // Its thread and parts were read, then retention deleted it all.
    await closeAndLogDeletion(cases.deletedAfterItsThread.caseId);
    await removeById(cases.deletedAfterItsThread.caseId, ['reports', 'cases']);
    // Report deleted, case record not yet, and no entry: the order before retention audited first.
    await removeById(cases.deletionNotLogged.caseId, ['reports']);
    // Logged for deletion, the run cut short, then a caseworker reopened the case.
    await closeAndLogDeletion(cases.reopened.caseId);
    await db
      .collection<{ _id: string }>('cases')
      .updateOne(
        { _id: cases.reopened.caseId },
        { $set: { status: 'in_progress', outcome: null, closedOn: null } },
      );
    // Room claimed by uploads whose parts were stored after the backup read the parts.
    await db.collection('attachment_reservations').insertMany([
      {
        _id: `${cases.untouched.caseId}:bytes:1500`,
        caseId: cases.untouched.caseId,
        kind: 'bytes',
        holder: 'an-upload-on-its-way',
        claimedOn: today,
      },
      {
        _id: `${cases.untouched.caseId}:files:19`,
        caseId: cases.untouched.caseId,
        kind: 'files',
        holder: 'ab'.repeat(16),
        claimedOn: today,
      },
    ] as never[]);
    expect((await checkConsistency(sourceUri)).problems.length).toBeGreaterThan(0);
  }, SLOW_MS);

  afterAll(async () => {
    await source?.close();
  });

  test(
    'when such a backup is restored then the database is whole, the unfinished deletion is finished and audited, and the rest is as it was',
    async () => {
      const env = { MONGODB_URI: sourceUri, ORG_FINGERPRINT: t.organisation.fingerprint };
      const created = runCli(['backup:create', '--out', backupFile], env);
      expect([created.status, created.stderr]).toEqual([0, '']);

      const restored = restoreBackup(backupFile, keys, restoredUri);
      expect([restored.status, restored.stderr]).toEqual([0, '']);
      expect(restored.stdout).toContain('1 case record(s) opened for reports that arrived');
      expect(restored.stdout).toContain('2 case(s) deleted again as the audit log records');
      expect(restored.stdout).toContain('1 deletion(s) under way during the backup finished');
      expect(restored.stdout).toContain('2 unused attachment reservation(s) released');

      expect(await checkConsistency(restoredUri)).toEqual({ reports: 3, problems: [] });
      const client = await MongoClient.connect(restoredUri);
      try {
        const db = client.db();
        // The report whose record was missing, the reopened and the untouched case; no other.
        expect((await db.collection('reports').distinct('_id')).sort()).toEqual(
          [cases.notYetOpened, cases.reopened, cases.untouched].map((c) => c.caseId).sort(),
        );
        expect(
          await db.collection('cases').findOne({ _id: cases.notYetOpened.caseId as never }),
        ).toMatchObject({
          status: 'new',
        });
        // The reopened and the untouched case, byte for byte.
        for (const [caseId, name] of [cases.reopened, cases.untouched].flatMap((c) =>
          ['reports', 'cases', 'case_messages', 'attachment_parts'].map(
            (collection) => [c.caseId, collection] as const,
          ),
        )) {
          const field = name === 'reports' || name === 'cases' ? '_id' : 'caseId';
          const filter = { [field]: caseId };
          const raw = async (database: MongoClient) =>
            (
              (await database
                .db()
                .collection(name)
                .find(filter, { raw: true })
                .toArray()) as unknown as Uint8Array[]
            )
              .map((bytes) => Buffer.from(bytes).toString('base64'))
              .sort();
          expect({ name, documents: await raw(client) }).toEqual({
            name,
            documents: await raw(source),
          });
        }
        const entries = await db
          .collection('audit_log')
          .find({}, { sort: { _id: 1 } })
          .toArray();
        const finished = entries.filter(
          (entry) =>
            entry['event'] === 'case.deleted' &&
            (entry['details'] as Record<string, string>)['case'] ===
              caseRefOf(cases.deletionNotLogged.caseId),
        );
        expect(finished).toHaveLength(1);
        expect(finished[0]!['details']).toMatchObject({
          reason: 'its deletion was under way when the backup was made',
        });
        expect(entries.at(-1)!['details']).toMatchObject({
          caseRecordsOpened: '1',
          casesDeleted: '3',
          reservationsReleased: '2',
        });
      } finally {
        await client.close();
      }

      expectAuditLogIntact({ MONGODB_URI: restoredUri });
    },
    SLOW_MS,
  );
});
