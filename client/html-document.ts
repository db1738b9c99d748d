/**
 * The one frame of every HTML file the build writes (the reporter pages, the no-JavaScript
 * form's answer pages, the staff dashboard's index): the same head, so no page is written without
 * the viewport or with a referrer sent to another site.
 */

import { escapeHtml } from '../contract/html-text';

export interface HtmlDocument {
  readonly lang: string;
  readonly dir: string;
  /** Plain text: escaped here. */
  readonly title: string;
  /** False: search engines are asked not to list the page. */
  readonly indexed: boolean;
  /** Elements after the title (escaped by the caller), one a line. */
  readonly head: readonly string[];
  /** The body's markup (escaped by the caller), indented as it sits inside <body>. */
  readonly body: string;
}

export function htmlDocument(page: HtmlDocument): string {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    ...(page.indexed ? [] : ['<meta name="robots" content="noindex, nofollow">']),
    `<title>${escapeHtml(page.title)}</title>`,
    ...page.head,
  ];
  return `<!doctype html>
<html lang="${page.lang}" dir="${page.dir}">
  <head>
    ${head.join('\n    ')}
  </head>
  <body>
    ${page.body}
  </body>
</html>
`;
}
