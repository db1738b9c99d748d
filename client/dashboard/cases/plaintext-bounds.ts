/**
 * How much plaintext the dashboard lets one decryption produce. client/crypto's
 * MAX_PLAINTEXT_BYTES are the upper bounds the server's configuration allows (16 MiB for a
 * report); most deployments accept far less (INTAKE_MAX_BODY_BYTES is 512 KiB by default). The
 * server names its own limits with every case list and case (`limits`), so a compression bomb
 * stops at "what this service could have accepted uncompressed", not at the largest any
 * deployment could. The server's word can only lower the upper bounds, never raise them: a
 * missing, malformed or larger value falls back to the upper bound.
 */
import { MAX_PLAINTEXT_BYTES } from '../../crypto/plaintext-limits';

export interface PlaintextBounds {
  /** A report or a follow-up. */
  readonly report: number;
  /** One attachment part. */
  readonly attachmentPart: number;
}

export const UPPER_PLAINTEXT_BOUNDS: PlaintextBounds = Object.freeze({
  report: MAX_PLAINTEXT_BYTES.report,
  attachmentPart: MAX_PLAINTEXT_BYTES.attachmentPart,
});

function bound(value: unknown, upper: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
    ? Math.min(value, upper)
    : upper;
}

/** The bounds from an answer's `limits` ({reportBytes, attachmentPartBytes}), clamped. */
export function readPlaintextBounds(limits: unknown): PlaintextBounds {
  const record =
    typeof limits === 'object' && limits !== null ? (limits as Record<string, unknown>) : {};
  return {
    report: bound(record['reportBytes'], UPPER_PLAINTEXT_BOUNDS.report),
    attachmentPart: bound(record['attachmentPartBytes'], UPPER_PLAINTEXT_BOUNDS.attachmentPart),
  };
}
