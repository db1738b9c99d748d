/**
 * Decryption with stock GnuPG that also reports its machine-readable status lines (GOODSIG,
 * VALIDSIG, NOTATION_NAME/DATA) on stderr: how the offline path shows who signed a message and
 * which case or message id the signature names.
 */
import { withPassphrase, type GnuPG } from './gnupg';

export function decryptWithStatus(
  gpg: GnuPG,
  path: string,
  passphrase: string,
): ReturnType<GnuPG['tryRun']> {
  return gpg.tryRun([...withPassphrase(passphrase), '--status-fd', '2', '--decrypt', path]);
}
