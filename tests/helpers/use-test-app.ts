/**
 * The test app of one describe block, created before its tests and closed after them: the
 * set-up and tear-down nearly every integration and security test file repeated.
 */
import { setUpValue } from './set-up-value';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app';

/**
 * Registers the beforeAll/afterAll in the calling block and returns a stand-in for the app: every
 * property read (or set) goes to the app the beforeAll created, so a test uses it as `t.app`,
 * `t.directory` and so on. Reading it before the beforeAll ran throws.
 */
export function useTestApp(options: TestAppOptions): TestApp {
  let created: TestApp | undefined;
  beforeAll(async () => {
    created = await createTestApp(options);
  });
  afterAll(async () => {
    await created?.close();
  });
  const app = (): TestApp => setUpValue(created, `${options.label}: the test app`);
  return new Proxy({} as TestApp, {
    get: (_standIn, property) => Reflect.get(app(), property),
    set: (_standIn, property, value) => Reflect.set(app(), property, value),
  });
}
