/**
 * Reporter actions are recorded to the day only (SECURITY.md "What is stored or logged in
 * plaintext"): exact times could be matched against network logs to identify a reporter.
 */
export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
