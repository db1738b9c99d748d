/**
 * How far a caseworker has read a case, for their inbox mark (PUT /api/cases/:caseId/seen). Only
 * what they could read counts: a message that did not decrypt for them (not shared with them yet,
 * too large, tampered with) is not read, so the mark stops below it and the case stays marked
 * new until they can read it. The mark is one `seq`, so it cannot skip that message to count a
 * later readable one: the later ones wait too, which costs a second look, never a missed one.
 */
import type { DecryptedCase } from './decrypt-case';

/** The highest `seq` read without a gap from the report on; null: not even the report. */
export function readThroughSeq(decrypted: Pick<DecryptedCase, 'report' | 'thread'>): number | null {
  if (!decrypted.report.readable) return null;
  let seq = 0; // the report alone
  const inOrder = [...decrypted.thread].sort((a, b) => a.entry.seq - b.entry.seq);
  for (const message of inOrder) {
    if (message.text === null) break;
    seq = message.entry.seq;
  }
  return seq;
}
