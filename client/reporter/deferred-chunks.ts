/**
 * Subresource Integrity for the script chunks the first load does not fetch (OpenPGP.js parts a
 * rare key or message needs, the way back's schema): the page lists them with their hashes
 * (client/build.ts) and, once the directory verified, preloads each with its integrity so that the
 * import() sending needs finds it already fetched; the first load stays small because these are
 * fetched only after sending is enabled. The preload is not the defence: when its check fails,
 * Chromium fetches the module again for the import without any integrity. What keeps a changed
 * chunk from running is the page's integrity import map (client/build.ts), which pins every chunk
 * address to its hash for every fetch, preload or import alike.
 */
import { DEFERRED_CHUNKS_ID } from './page-ids';

export function preloadDeferredChunks(): void {
  const listing = document.getElementById(DEFERRED_CHUNKS_ID)?.textContent ?? '[]';
  const chunks = JSON.parse(listing) as readonly (readonly [href: string, integrity: string])[];
  for (const [href, integrity] of chunks) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.integrity = integrity;
    link.href = href;
    document.head.append(link);
  }
}
