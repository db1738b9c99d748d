/**
 * How many part uploads an instance reads at once. A part's body is held in memory while it
 * arrives, and at the minimum rate an 8 MiB part may take over twenty minutes: without a cap,
 * slow uploads that passed every check could still hold an instance's memory. So the instance
 * reads at most `perInstance` bodies at once, and at most `perReport` for any one report (the
 * reporter's page sends one part at a time); past either, 503 `attachments_busy` with
 * Retry-After, and the page sends the part again. Per instance, in memory: a body being read
 * lives in this process, and a shared counter would cost a database write per upload.
 */
import { ServiceUnavailableError } from '../../platform/errors';

export interface ConcurrentUploadLimits {
  readonly perInstance: number;
  readonly perReport: number;
}

/** Seconds the reporter's page waits before sending a part refused as busy again. */
const RETRY_AFTER_SECONDS = 5;

export class ConcurrentUploads {
  private total = 0;
  private readonly perReport = new Map<string, number>();

  constructor(private readonly limits: ConcurrentUploadLimits) {}

  /**
   * Takes a place for an upload to `caseId`'s report, or throws 503 `attachments_busy`. Returns
   * the function that gives it back (once, however often it is called).
   */
  enter(caseId: string): () => void {
    const ofReport = this.perReport.get(caseId) ?? 0;
    if (this.total >= this.limits.perInstance || ofReport >= this.limits.perReport) {
      throw new ServiceUnavailableError(
        'attachments_busy',
        'Many files are arriving at once. The part will be sent again in a moment.',
        RETRY_AFTER_SECONDS,
      );
    }
    this.total++;
    this.perReport.set(caseId, ofReport + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.total--;
      const remaining = (this.perReport.get(caseId) ?? 1) - 1;
      if (remaining === 0) this.perReport.delete(caseId);
      else this.perReport.set(caseId, remaining);
    };
  }
}
