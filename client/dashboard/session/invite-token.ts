/**
 * The invitation token travels in the URL fragment (`/staff/#invite=<token>`): a fragment is
 * never sent to a server, so it stays out of access logs, proxies and the Referer header. It is
 * read once and removed from the address bar and the history entry at once.
 */

const MAX_TOKEN_LENGTH = 512;

/** The token in a `#invite=<token>` fragment, or null. */
export function readInviteToken(hash: string): string | null {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  // Not URLSearchParams: it would turn a '+' of the token into a space.
  const match = /^invite=([^&]*)$/.exec(fragment);
  if (!match) return null;
  let token: string;
  try {
    token = decodeURIComponent(match[1] ?? '');
  } catch {
    return null;
  }
  if (token === '' || token.length > MAX_TOKEN_LENGTH || /[\s<>"'`]/.test(token)) return null;
  return token;
}

/** Reads the token and replaces the address with the same path and query, without the fragment. */
export function takeInviteToken(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  history: Pick<History, 'replaceState'>,
): string | null {
  if (location.hash === '' || location.hash === '#') return null;
  const token = readInviteToken(location.hash);
  // Security: the fragment goes even if it was malformed; nothing of it stays in history.
  history.replaceState(null, '', `${location.pathname}${location.search}`);
  return token;
}
