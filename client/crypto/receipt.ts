/**
 * Receipts (docs/design.md "The report and the receipt"): one implementation, in contract/, for
 * the reporter's browser and the server's no-JavaScript form, so a receipt made on either side
 * opens the same case on the other.
 */
export {
  createReceipt,
  deriveReceiptVerifier,
  deriveReplyKeyPassphrase,
  normaliseReceipt,
} from '../../contract/receipt';
