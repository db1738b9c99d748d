import {
  createReceipt,
  deriveReceiptVerifier,
  deriveReplyKeyPassphrase,
  normaliseReceipt,
} from '../../../../client/crypto';

describe('receipts', () => {
  test('when a receipt is created then it has 160 bits in 8 groups of 4 unambiguous characters', () => {
    const receipt = createReceipt();
    expect(receipt).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(Array.from({ length: 200 }, () => createReceipt())).size).toBe(200);
  });

  test('when a person retypes a receipt loosely then it normalises to the same receipt', () => {
    const receipt = createReceipt();
    const typed = ` ${receipt.toLowerCase().replace(/-/g, ' ')} `;
    expect(normaliseReceipt(typed)).toBe(receipt);
    expect(normaliseReceipt('oo1l-IIII')).toBe('0011-1111');
  });

  test('when a verifier is derived then it is 32 bytes base64url, stable, and unrelated to the reply passphrase', async () => {
    const receipt = createReceipt();
    const verifier = await deriveReceiptVerifier(receipt);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await deriveReceiptVerifier(receipt.toLowerCase())).toBe(verifier);
    expect(await deriveReplyKeyPassphrase(receipt)).not.toBe(verifier);
    expect(await deriveReceiptVerifier(createReceipt())).not.toBe(verifier);
  });
});
