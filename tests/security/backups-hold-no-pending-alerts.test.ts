/**
 * Attack: someone who obtains a backup (and the organisation key) reads when reports arrived to
 * the alert batch window, from the pending alert windows and deliveries; or a restore re-sends
 * long-past alerts. Defence: backup:create keeps the alert outbox and deliveries empty, their
 * indexes only (DOCUMENTS_NOT_BACKED_UP in scripts/admin/backup-commands.ts).
 */
import { MongoClient } from 'mongodb';
import {
  createBackup,
  restoreBackup,
  useBackupWorkspace,
  writeRestoreKeyFiles,
} from '../helpers/admin-cli';
import { sendReport } from '../helpers/reporter-traffic';
import { createTestApp, type TestApp } from '../helpers/test-app';

const SLOW_MS = 120_000;

describe('backups hold no pending alerts', () => {
  const { sourceUri, restoredUri, backupFile, keys } = useBackupWorkspace('backup-no-alerts');
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ label: 'backup-no-alerts', caseworkers: 1, mongodbUri: sourceUri });
    t.directory = await t.publishDirectory();
    writeRestoreKeyFiles(keys, t.organisation.armoredSecretKey);
  }, SLOW_MS);

  afterAll(async () => {
    await t?.close();
  });

  test(
    'when a backup is made while alerts are pending then it holds none of them, and the restore holds the report but no alert',
    async () => {
      await sendReport(t.app, t.directory);
      const db = t.connection.db!;
      await db.collection<{ _id: string }>('alert_outbox').insertOne({
        _id: 'planted-window',
        window: 1_800_000,
        counts: { reports: 1 },
        expiresAt: new Date(t.clock.now().getTime() + 86_400_000),
      } as never);
      await db.collection<{ _id: string }>('alert_deliveries').insertOne({
        _id: 'planted-delivery',
        accountId: 'planted-account',
        channel: 'email',
        counts: { reports: 1 },
      } as never);

      const created = createBackup(sourceUri, backupFile, t.organisation);
      expect(created.stdout).toMatch(/\n {2}alert_outbox +0\n/);
      expect(created.stdout).toMatch(/\n {2}alert_deliveries +0\n/);
      expect(created.stdout).toMatch(/\n {2}reports +1\n/);

      const restored = restoreBackup(backupFile, keys, restoredUri);
      expect([restored.status, restored.stderr]).toEqual([0, '']);
      const client = await MongoClient.connect(restoredUri);
      try {
        const copy = client.db();
        expect(await copy.collection('reports').countDocuments({})).toBe(1);
        expect(await copy.collection('alert_outbox').countDocuments({})).toBe(0);
        expect(await copy.collection('alert_deliveries').countDocuments({})).toBe(0);
      } finally {
        await client.close();
      }
    },
    SLOW_MS,
  );
});
