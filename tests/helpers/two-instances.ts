/**
 * Two app instances on one database, as a multi-instance deployment runs them, for the tests
 * that race requests across instances: whatever a limit claims must hold when the requests that
 * claim it land on different processes' memory. Both are closed after the tests.
 */
import { setUpValue } from './set-up-value';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

export interface TwoInstances {
  /** The first instance, with the test's own handle on the database and keys. */
  readonly t: TestApp;
  /** A second instance on its own connection to the same database. */
  readonly other: Awaited<ReturnType<TestApp['startAnotherInstance']>>;
}

/** Registers the beforeAll/afterAll that start and close both in the calling describe block. */
export function useTwoInstances(options: TestAppOptions): TwoInstances {
  let t: TestApp | undefined;
  let other: TwoInstances['other'] | undefined;
  beforeAll(async () => {
    t = await createTestApp(options);
    other = await t.startAnotherInstance();
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });
  return {
    get t() {
      return setUpValue(t, `${options.label}: the first instance`);
    },
    get other() {
      return setUpValue(other, `${options.label}: the second instance`);
    },
  };
}
