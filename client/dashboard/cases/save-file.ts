/**
 * Saves bytes as a download, never as something the browser could render: the Blob is always
 * `application/octet-stream`, the name comes from safeFileName (or is ours), and the object URL
 * is used only by a download link, never navigated to, and revoked right after.
 */
import { element } from '../../shared/dom';

export function saveBytes(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
  );
  const link = element('a', { href: url, download: fileName, hidden: '', rel: 'noopener' });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked once the download has started; the URL must not outlive its use.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
