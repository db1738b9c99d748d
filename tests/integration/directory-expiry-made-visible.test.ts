/**
 * Intake stops when the recipient directory expires, so its expiry is made visible ahead of
 * time: each instance logs `directory.expiring` (whole days left) at start and in its daily
 * check from DIRECTORY_EXPIRY_WARNING_DAYS (7) before, `directory.expired` once it has passed,
 * and /readyz reports the days left all along without taking the instance out of rotation. The
 * app's clock moves the days on; the directory was published with 30 days.
 */
import request from 'supertest';
import { captureLog } from '../helpers/log-capture';
import type { TestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/use-test-app';

const DAY_MS = 86_400_000;

describe("the recipient directory's expiry is said ahead of time", () => {
  const log = captureLog();
  const t = useTestApp({
    label: 'directory-expiry',
    caseworkers: 1,
    logDestination: log.destination,
  });

  /** The directory.* lines written while `run` ran. */
  async function directoryLines(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
    const before = log.lines.length;
    await run();
    return log.lines
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => String(line['event']).startsWith('directory.'));
  }

  async function readiness(): Promise<unknown> {
    return (await request(t.app).get('/readyz').expect(200)).body;
  }

  test('when the directory has more days left than the warning window then readyz gives them and nothing is logged', async () => {
    expect(await directoryLines(() => t.checkDirectoryExpiry())).toEqual([]);
    expect(await readiness()).toEqual({
      status: 'ready',
      directory: { state: 'current', version: 1, daysLeft: 30 },
    });

    t.clock.advance(22 * DAY_MS); // 8 days left: one more than DIRECTORY_EXPIRY_WARNING_DAYS
    expect(await directoryLines(() => t.checkDirectoryExpiry())).toEqual([]);
    expect(await readiness()).toEqual({
      status: 'ready',
      directory: { state: 'current', version: 1, daysLeft: 8 },
    });
  });

  test('when it expires in 3 days then every instance logs directory.expiring with the days left, at start and in its daily check, and readyz says so', async () => {
    t.clock.advance(5 * DAY_MS);
    let other: Awaited<ReturnType<TestApp['startAnotherInstance']>> | undefined;
    const lines = await directoryLines(async () => {
      await t.checkDirectoryExpiry();
      other = await t.startAnotherInstance(); // its start checks too
    });
    await other!.close();
    const expiring = { level: 'warn', event: 'directory.expiring', version: 1, daysLeft: 3 };
    expect(lines).toEqual([
      { ...expiring, time: expect.any(Number) },
      { ...expiring, time: expect.any(Number) },
    ]);
    expect(await readiness()).toEqual({
      status: 'ready',
      directory: { state: 'expiring', version: 1, daysLeft: 3 },
    });
  });

  test('when it has expired then directory.expired is logged and readyz says so while the instance stays ready', async () => {
    t.clock.advance(4 * DAY_MS);
    expect(await directoryLines(() => t.checkDirectoryExpiry())).toEqual([
      {
        level: 'error',
        event: 'directory.expired',
        version: 1,
        daysLeft: 0,
        time: expect.any(Number),
      },
    ]);
    expect(await readiness()).toEqual({
      status: 'ready',
      directory: { state: 'expired', version: 1, daysLeft: 0 },
    });
  });

  test('when no directory can be used at all then readyz names the code intake answers with', async () => {
    await t.connection.collection('recipient_directories').deleteMany({});
    expect(await directoryLines(() => t.checkDirectoryExpiry())).toEqual([
      {
        level: 'error',
        event: 'directory.unusable',
        code: 'no_directory',
        time: expect.any(Number),
      },
    ]);
    expect(await readiness()).toEqual({
      status: 'ready',
      directory: { state: 'unusable', code: 'no_directory' },
    });
  });
});
