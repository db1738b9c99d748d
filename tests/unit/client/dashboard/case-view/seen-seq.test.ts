import type {
  DecryptedCase,
  DecryptedMessage,
} from '../../../../../client/dashboard/case-view/decrypt-case';
import { readThroughSeq } from '../../../../../client/dashboard/case-view/seen-seq';

const READABLE_REPORT: DecryptedCase['report'] = {
  readable: true,
  report: null,
  plaintext: '{}',
  replyKeyFingerprint: null,
};

/** A thread message at `seq`, read (text) or not decrypted for this caseworker (null). */
function message(seq: number, text: string | null): DecryptedMessage {
  return {
    entry: { messageId: `m${seq}`, seq, kind: 'follow-up', sentOn: '2026-06-01', message: null },
    text,
    fromReporter: text === null ? null : true,
    fromCaseworker: null,
  };
}

describe('how far a caseworker has read a case', () => {
  test('when every message decrypted then the mark is the last one', () => {
    const thread = [message(1, 'a'), message(2, 'b'), message(3, 'c')];
    expect(readThroughSeq({ report: READABLE_REPORT, thread })).toBe(3);
  });

  test('when a follow-up did not decrypt for them then the mark stops below it, readable later ones included', () => {
    const thread = [message(1, 'a'), message(2, null), message(3, 'c')];
    expect(readThroughSeq({ report: READABLE_REPORT, thread })).toBe(1);
  });

  test('when the first message did not decrypt then only the report is read', () => {
    expect(readThroughSeq({ report: READABLE_REPORT, thread: [message(1, null)] })).toBe(0);
    expect(readThroughSeq({ report: READABLE_REPORT, thread: [] })).toBe(0);
  });

  test('when the thread comes out of order then the gap is found by seq', () => {
    const thread = [message(3, 'c'), message(1, 'a'), message(2, null)];
    expect(readThroughSeq({ report: READABLE_REPORT, thread })).toBe(1);
  });

  test('when the report itself did not decrypt then nothing is marked read', () => {
    const report = { readable: false, tooLarge: false } as const;
    expect(readThroughSeq({ report, thread: [message(1, 'a')] })).toBeNull();
  });
});
