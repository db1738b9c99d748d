/**
 * The directory's expiry in whole days, and the check each instance runs at start and then once
 * a day. Jest's fake clock stands in for the days passing; the standing is what the directory
 * service would read (its own tests read it from the database).
 */
import {
  DirectoryExpiryWatch,
  expiryOf,
} from '../../../../../server/features/directory/directory-expiry';
import type { DirectoryStanding } from '../../../../../server/features/directory/directory.service';
import type { LogFields, Logger } from '../../../../../server/platform/logger';

const DAY_MS = 86_400_000;
const NOW = new Date(Date.UTC(2026, 5, 1, 13, 17));
const expiringIn = (ms: number): DirectoryStanding => ({
  version: 4,
  expiresAt: new Date(NOW.getTime() + ms).toISOString(),
});

describe('whole days left, and the warning window', () => {
  test.each([
    [30 * DAY_MS, { state: 'current', version: 4, daysLeft: 30 }],
    [7 * DAY_MS + 1, { state: 'current', version: 4, daysLeft: 8 }],
    [7 * DAY_MS, { state: 'expiring', version: 4, daysLeft: 7 }],
    [1, { state: 'expiring', version: 4, daysLeft: 1 }],
    [0, { state: 'expired', version: 4, daysLeft: 0 }],
    [-3 * DAY_MS, { state: 'expired', version: 4, daysLeft: 0 }],
  ])('when it expires %d ms from now then it is %j', (ms, expected) => {
    expect(expiryOf(expiringIn(ms), NOW, 7)).toEqual(expected);
  });

  test('when intake would refuse the directory for another reason then that code is the answer', () => {
    expect(expiryOf({ unusable: 'directory_invalid' }, NOW, 7)).toEqual({
      state: 'unusable',
      code: 'directory_invalid',
    });
  });
});

describe('the check at start and once a day', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('when an instance starts then it checks at once and again every 24 hours until it stops', async () => {
    const lines: LogFields[] = [];
    const keep = (fields: LogFields): void => {
      lines.push(fields);
    };
    const logger: Logger = { debug: keep, info: keep, warn: keep, error: keep };
    const expiresAt = NOW.getTime() + 2 * DAY_MS;
    const watch = new DirectoryExpiryWatch({
      directory: {
        standing: () =>
          Promise.resolve({ version: 4, expiresAt: new Date(expiresAt).toISOString() }),
      },
      warningDays: 7,
      logger,
      clock: () => new Date(),
    });
    await watch.start();
    expect(lines).toEqual([{ event: 'directory.expiring', version: 4, daysLeft: 2 }]);
    await jest.advanceTimersByTimeAsync(DAY_MS - 1);
    expect(lines).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(lines.slice(1)).toEqual([{ event: 'directory.expiring', version: 4, daysLeft: 1 }]);
    await jest.advanceTimersByTimeAsync(DAY_MS);
    expect(lines.slice(2)).toEqual([{ event: 'directory.expired', version: 4, daysLeft: 0 }]);
    watch.stop();
    await jest.advanceTimersByTimeAsync(3 * DAY_MS);
    expect(lines).toHaveLength(3);
  });
});
