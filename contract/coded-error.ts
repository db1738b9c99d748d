/**
 * An error that says what went wrong with a stable `code` from a closed list, for callers to
 * branch on (and to map to an API error or a translated message); `message` is for people and
 * logs. Each kind of failure is its own subclass, named for logs and `instanceof`.
 */
export class CodedError<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
  }
}
