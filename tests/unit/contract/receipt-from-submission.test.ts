/**
 * The no-JavaScript form's receipt, derived from the page's submission token
 * (contract/receipt.ts deriveReceiptFromSubmission): a receipt like any other (same alphabet,
 * length and 160 bits), the same for the same token, checked against Node's own HKDF with the
 * derivation's label, and not what the other derivations from the same secret give.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import {
  createReceipt,
  deriveReceiptFromSubmission,
  RECEIPT_ALPHABET,
  RECEIPT_PATTERN,
} from '../../../contract/receipt';

/** The receipt's 160 bits, read back through its alphabet. */
function bitsOf(receipt: string): Buffer {
  const bits = [...receipt.replace(/-/g, '')]
    .map((character) => RECEIPT_ALPHABET.indexOf(character).toString(2).padStart(5, '0'))
    .join('');
  return Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
}

describe('the receipt derived from a submission token', () => {
  test('when a token is derived twice then the receipt is the same, shaped like a created one', async () => {
    const token = randomBytes(32).toString('base64url');
    const receipt = await deriveReceiptFromSubmission(token);
    expect(receipt).toMatch(RECEIPT_PATTERN);
    expect(createReceipt()).toMatch(RECEIPT_PATTERN);
    expect(await deriveReceiptFromSubmission(token)).toBe(receipt);
    expect(await deriveReceiptFromSubmission(randomBytes(32).toString('base64url'))).not.toBe(
      receipt,
    );
  });

  test('when it is derived then it is HKDF-SHA256 of the token under its own label, zero salt, 20 bytes', async () => {
    const token = randomBytes(32).toString('base64url');
    const expected = (label: string) =>
      Buffer.from(hkdfSync('sha256', Buffer.from(token), Buffer.alloc(32), label, 20));
    const bits = bitsOf(await deriveReceiptFromSubmission(token));
    expect(bits).toEqual(expected('amanat/no-js-submission-receipt/v1'));
    // Not the verifier's or the reply passphrase's bytes: one label per use.
    expect(bits).not.toEqual(expected('amanat/receipt-verifier/v1'));
    expect(bits).not.toEqual(expected('amanat/reply-key-passphrase/v1'));
  });
});
