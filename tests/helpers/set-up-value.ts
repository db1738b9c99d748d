/**
 * For helpers that register a beforeAll for the calling block and hand back what it sets up:
 * reading that before the beforeAll ran is a mistake in the test, and says so.
 */
export function setUpValue<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is read before its beforeAll ran`);
  return value;
}
