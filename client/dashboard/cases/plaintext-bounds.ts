/**
 * How much plaintext the dashboard lets one decryption produce. client/crypto's
 * MAX_PLAINTEXT_BYTES are the upper bounds the server's configuration allows (16 MiB for a
 * report); most deployments accept far less (INTAKE_MAX_BODY_BYTES is 512 KiB by default). The
 * server names its own limits with every case list and case (`limits`), so a compression bomb
 * stops at "what this service could have accepted uncompressed", not at the largest any
 * deployment could. The server's word can only lower the upper bounds, never raise them: a
 * missing, malformed or larger value falls back to the upper bound.
 */
import { plaintextLimitsSchema } from '../../../contract/api/cases';
import { MAX_PLAINTEXT_BYTES } from '../../crypto/plaintext-limits';
import { readAs, withFallbacks } from '../session/answer-reading';

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

/** A missing, malformed or non-positive limit is no limit: the upper bound stays. */
const limitsReading = withFallbacks(plaintextLimitsSchema, {
  reportBytes: UPPER_PLAINTEXT_BOUNDS.report,
  attachmentPartBytes: UPPER_PLAINTEXT_BOUNDS.attachmentPart,
});

/** The bounds from an answer's `limits` ({reportBytes, attachmentPartBytes}), clamped. */
export function readPlaintextBounds(limits: unknown): PlaintextBounds {
  const read = readAs(limitsReading, limits) ?? readAs(limitsReading, {})!;
  return {
    report: Math.min(read.reportBytes, UPPER_PLAINTEXT_BOUNDS.report),
    attachmentPart: Math.min(read.attachmentPartBytes, UPPER_PLAINTEXT_BOUNDS.attachmentPart),
  };
}
