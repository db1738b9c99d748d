/**
 * The app a backup test backs up: a test app on its workspace's source database, with the
 * organisation key files that backup:restore opens the backup with, as org:init leaves them;
 * and that app's stand-in serving the restored database.
 */
import type { Express } from 'express';
import { writeRestoreKeyFiles, type BackupWorkspace } from './admin-cli';
import type { TestApp, TestAppOptions } from './test-app';
import { useTestApp } from './use-test-app';

/**
 * Registers, in the calling block, the beforeAll that creates the app on `workspace.sourceUri`
 * and writes the restore key files, and the afterAll that closes it (useTestApp).
 */
export function useBackupSource(
  workspace: BackupWorkspace,
  options: Omit<TestAppOptions, 'mongodbUri'>,
): TestApp {
  const t = useTestApp({ ...options, mongodbUri: workspace.sourceUri });
  beforeAll(() => {
    writeRestoreKeyFiles(workspace.keys, t.organisation.armoredSecretKey);
  });
  return t;
}

/**
 * The source's test app (its configuration, clock and keys) with `app` in place of its own: an
 * app built on the restored database, for helpers that take a TestApp such as signInStaff.
 */
export function servingRestored(t: TestApp, app: Express): TestApp {
  return new Proxy(t, {
    get: (source, property) => (property === 'app' ? app : Reflect.get(source, property)),
  });
}
