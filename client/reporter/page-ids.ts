/** Ids that the build (client/build.ts, page-markup.ts) and the page's script (main.ts) share. */
export const DIRECTORY_STATUS_ID = 'directory-status';
/** The page's own catalogue, embedded as JSON data (never script): the script carries no text. */
export const MESSAGES_ID = 'reporter-messages';
/** The script chunks the first load does not fetch, with their integrity (deferred-chunks.ts). */
export const DEFERRED_CHUNKS_ID = 'deferred-chunks';
