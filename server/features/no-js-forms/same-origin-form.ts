/**
 * A form post is accepted only from this site's own page. Without it, any other site could make
 * its visitors' browsers post reports here (a flood of plausible reports, each costing the
 * server a key and an encryption) or try receipts: a form post needs no permission across sites.
 *
 * Browsers say where a post comes from in headers a page cannot forge. Sec-Fetch-Site must be
 * `same-origin` where it is sent; where it is not (older browsers), Origin must be this site's,
 * public or onion. Origin alone is not enough the other way round: this site's pages ask for no
 * referrer, and with that policy browsers send `Origin: null` on their own form posts.
 */
import type { RequestHandler } from 'express';
import { ForbiddenError } from '../../platform/errors';

export function requireSameOriginForm(allowedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    const origin = req.headers.origin;
    const fetchSite = req.headers['sec-fetch-site'];
    const originAllowed = origin !== undefined && allowedOrigins.includes(origin);
    const sameOrigin =
      fetchSite === undefined
        ? originAllowed
        : fetchSite === 'same-origin' &&
          (origin === undefined || origin === 'null' || originAllowed);
    if (!sameOrigin) {
      throw new ForbiddenError(
        'cross_site_form',
        "This form is accepted only when sent from this site's own page.",
      );
    }
    next();
  };
}
