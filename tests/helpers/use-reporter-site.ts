/**
 * The reporter site of one test file or describe block (app, built pages and Chromium), started
 * before its tests and closed after them: the set-up and tear-down every browser test repeated.
 */
import { startReporterSite, type ReporterSite } from './reporter-site';
import { setUpValue } from './set-up-value';

/**
 * Registers the beforeAll/afterAll in the calling block and returns a stand-in for the site:
 * every property read goes to the site the beforeAll started (`site.t`, `site.browser`, ...).
 */
export function useReporterSite(...args: Parameters<typeof startReporterSite>): ReporterSite {
  let started: ReporterSite | undefined;
  beforeAll(async () => {
    started = await startReporterSite(...args);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as ReporterSite, {
    get: (_standIn, property) =>
      Reflect.get(setUpValue(started, `${args[0]}: the reporter site`), property),
  });
}
