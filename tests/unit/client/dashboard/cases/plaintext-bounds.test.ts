import { MAX_PLAINTEXT_BYTES } from '../../../../../client/crypto/plaintext-limits';
import {
  readPlaintextBounds,
  UPPER_PLAINTEXT_BOUNDS,
} from '../../../../../client/dashboard/cases/plaintext-bounds';

describe("the deployment's plaintext bounds", () => {
  test('when the server names its limits then the dashboard decrypts no more than they allow', () => {
    expect(readPlaintextBounds({ reportBytes: 524_288, attachmentPartBytes: 8_454_144 })).toEqual({
      report: 524_288,
      attachmentPart: 8_454_144,
    });
  });

  test('when the server names more than the upper bounds then the upper bounds stay', () => {
    expect(
      readPlaintextBounds({ reportBytes: 2 ** 40, attachmentPartBytes: Number.MAX_SAFE_INTEGER }),
    ).toEqual({
      report: MAX_PLAINTEXT_BYTES.report,
      attachmentPart: MAX_PLAINTEXT_BYTES.attachmentPart,
    });
  });

  test.each([
    undefined,
    null,
    'big',
    [],
    { reportBytes: -1 },
    { reportBytes: 1.5 },
    { reportBytes: '1' },
  ])('when the limits are %j then the upper bounds apply', (limits) => {
    expect(readPlaintextBounds(limits)).toEqual(UPPER_PLAINTEXT_BOUNDS);
  });
});
