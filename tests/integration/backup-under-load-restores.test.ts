/**
 * A backup taken while reporters keep sending reports, follow-ups and attachment parts through
 * the app, restored into a new database: backup:create reads collection by collection (no
 * snapshot of the whole database), and backup:restore makes whole what it caught mid-write
 * (scripts/admin/restore-repair.ts). Then every restored report has its case record and the
 * other way round, nothing of a case outlives its report, no reserved attachment room is unused,
 * every report and part answered 201 before the backup started is there, audit:verify passes, and
 * the app on the restored database serves the caseworker an inbox of every restored case.
 */
import { MongoClient } from 'mongodb';
import { buildApp } from '../../server/app';
import { connectDb } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';
import {
  expectAuditLogIntact,
  restoreBackup,
  runCliInBackground,
  useBackupWorkspace,
} from '../helpers/admin-cli';
import { checkConsistency } from '../helpers/backup-consistency';
import { servingRestored, useBackupSource } from '../helpers/backup-source';
import { sendReportWithThread, type SentReport } from '../helpers/reporter-traffic';
import { enrolStaff, signInStaff, type EnrolledStaff } from '../helpers/staff';

/** Cases stored before any load, so the backup has enough to read for a while. */
const SEEDED = 40;
/** Reporters sending at once while the backup runs. */
const REPORTERS = 3;
const PART_BYTES = 150_000;
const SLOW_MS = 180_000;

interface Sent {
  readonly report: SentReport;
  /** Attachment ids of parts answered 201. */
  readonly parts: string[];
  /** Whether the report was answered 201 before backup:create was started. */
  readonly beforeBackup: boolean;
}

describe('a backup taken under load restores whole', () => {
  const workspace = useBackupWorkspace('backup-load');
  const { sourceUri, restoredUri, backupFile, keys } = workspace;
  const t = useBackupSource(workspace, {
    label: 'backup-load',
    caseworkers: 1,
    // Every reporter here shares one address: its limits are not what this test is about.
    env: { RECEIPT_FOLLOW_UP_LIMIT: '1000000', ATTACHMENT_RATE_LIMIT: '1000000' },
  });
  let caseworker: EnrolledStaff;
  const sent: Sent[] = [];

  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'backup-load-caseworker');
    for (let i = 0; i < SEEDED; i++) sent.push(await sendCase(true));
  }, SLOW_MS);

  /** A report, a follow-up and an attachment part, each as the reporter's page sends it. */
  async function sendCase(beforeBackup: boolean): Promise<Sent> {
    const { report, attachmentId } = await sendReportWithThread(t.app, t.directory, PART_BYTES);
    return { report, parts: [attachmentId], beforeBackup };
  }

  test(
    'when backup:create runs while reports, follow-ups and parts arrive then the restore is whole and holds everything accepted before it started',
    async () => {
      const backup = runCliInBackground(['backup:create', '--out', backupFile], {
        MONGODB_URI: sourceUri,
        ORG_FINGERPRINT: t.organisation.fingerprint,
      });
      let backupDone = false;
      const reporters = Array.from({ length: REPORTERS }, async () => {
        while (!backupDone) sent.push(await sendCase(false));
      });
      const created = await backup;
      backupDone = true;
      await Promise.all(reporters);
      expect([created.status, created.stderr]).toEqual([0, '']);
      const duringBackup = sent.filter((entry) => !entry.beforeBackup).length;

      const restored = restoreBackup(backupFile, keys, restoredUri);
      expect([restored.status, restored.stderr]).toEqual([0, '']);
      process.stdout.write(
        `[backup under load] ${JSON.stringify({ seeded: SEEDED, duringBackup })}\n${restored.stdout}\n`,
      );

      const consistency = await checkConsistency(restoredUri);
      expect(consistency.problems).toEqual([]);

      // Everything answered 201 before the backup started is there: report, case, thread, part.
      const client = await MongoClient.connect(restoredUri);
      try {
        const db = client.db();
        const before = sent.filter((entry) => entry.beforeBackup);
        const caseIds = before.map((entry) => entry.report.caseId);
        const missing = async (collection: string, field: string, ids: readonly string[]) => {
          const found = new Set((await db.collection(collection).distinct(field)).map(String));
          return ids.filter((id) => !found.has(id));
        };
        expect(await missing('reports', '_id', caseIds)).toEqual([]);
        expect(await missing('cases', '_id', caseIds)).toEqual([]);
        expect(await missing('case_messages', 'caseId', caseIds)).toEqual([]);
        expect(
          await missing(
            'attachment_parts',
            'attachmentId',
            before.flatMap((entry) => entry.parts),
          ),
        ).toEqual([]);
      } finally {
        await client.close();
      }

      expectAuditLogIntact({ MONGODB_URI: restoredUri });

      // The app on the restored database: the caseworker's inbox lists every case, each with its report.
      const connection = await connectDb(restoredUri);
      const built = buildApp({
        config: { ...t.config, mongodbUri: restoredUri },
        connection,
        logger: createLogger('silent'),
        clock: t.clock.now,
      });
      try {
        await built.prepare();
        const client = await signInStaff(servingRestored(t, built.app), caseworker);
        const listed: { caseId: string; report: string | null }[] = [];
        for (let page = 1; ; page++) {
          const answer = await client.get(`/api/cases?pageSize=100&page=${page}`);
          expect(answer.status).toBe(200);
          const body = answer.body as {
            cases: { caseId: string; report: string | null }[];
            total: number;
          };
          listed.push(...body.cases);
          if (listed.length >= body.total || body.cases.length === 0) break;
        }
        expect(listed).toHaveLength(consistency.reports);
        expect(listed.filter((entry) => entry.report === null)).toEqual([]);
        const listedIds = new Set(listed.map((entry) => entry.caseId));
        expect(sent.filter((e) => e.beforeBackup && !listedIds.has(e.report.caseId))).toEqual([]);
      } finally {
        built.close();
        await connection.close();
      }
    },
    SLOW_MS,
  );
});
