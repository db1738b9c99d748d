/**
 * The manifest the staff dashboard's build writes beside its page (`staff/page.json`, never
 * served) and the server reads for the page's answers: one shape for both sides.
 */
import type { ReporterPagesManifest } from './reporter-pages';

export const STAFF_PAGE_MANIFEST = 'page.json';

/** CSP hashes of the page's one inline script, its integrity import map. */
export type StaffPageManifest = Pick<ReporterPagesManifest, 'inlineScriptHashes'>;
