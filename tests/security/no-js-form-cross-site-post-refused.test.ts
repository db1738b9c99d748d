/**
 * Attack: another site makes its visitors' browsers post the no-JavaScript forms (a form post
 * needs no permission across sites): flooding the organisation with plausible reports, each
 * costing the server a key and an encryption, or trying receipts from many addresses. Defence:
 * the forms are taken only from this site's own page (server/features/no-js-forms/
 * same-origin-form.ts): Sec-Fetch-Site `same-origin` where the browser sends it, else this
 * site's Origin (public or onion). Every refusal is 403 `cross_site_form`, checked before the
 * rate limiter and the body, and stores nothing.
 */
import { countReports } from '../helpers/database';
import { postForm, reportFields, useNoJsFormApp, refusalCode } from '../helpers/no-js-forms';

const PUBLIC = 'https://amanat.example';
const ONION = `http://${'a'.repeat(56)}.onion`;

describe('the no-JavaScript forms refuse posts from other sites', () => {
  const t = useNoJsFormApp('sec-nojs-xsite', {
    caseworkers: 1,
    env: { PUBLIC_ORIGIN: PUBLIC, ONION_ORIGIN: ONION },
  });

  const report = reportFields('TEST ONLY a report posted from elsewhere');
  const status = { lang: 'en', receipt: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789' };

  test.each([
    ['no Origin and no Sec-Fetch-Site', {}],
    ['a foreign Origin', { Origin: 'https://evil.example' }],
    [
      'a foreign Origin claiming same-origin',
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'same-origin' },
    ],
    ['Sec-Fetch-Site cross-site', { 'Sec-Fetch-Site': 'cross-site', Origin: 'null' }],
    ['Sec-Fetch-Site same-site (a sibling host)', { 'Sec-Fetch-Site': 'same-site' }],
    ['Sec-Fetch-Site none (typed or bookmarked)', { 'Sec-Fetch-Site': 'none' }],
    ['an opaque Origin alone (a sandboxed frame)', { Origin: 'null' }],
    ['our Origin but a cross-site fetch', { Origin: PUBLIC, 'Sec-Fetch-Site': 'cross-site' }],
  ])(
    'when a form comes with %s then both forms refuse it and nothing is stored',
    async (_what, headers) => {
      const before = await countReports(t.connection);
      for (const [path, fields] of [
        ['/no-js/report', report],
        ['/no-js/status', status],
      ] as const) {
        const answer = await postForm(t.app, path, fields, headers);
        expect(answer.status).toBe(403);
        expect(refusalCode(answer)).toBe('cross_site_form');
      }
      expect(await countReports(t.connection)).toBe(before);
    },
  );

  test.each([
    [
      'Sec-Fetch-Site same-origin with the opaque Origin a no-referrer page sends',
      { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' },
    ],
    ['the public Origin from a browser without Sec-Fetch-Site', { Origin: PUBLIC }],
    ['the onion Origin from a browser without Sec-Fetch-Site', { Origin: ONION }],
  ])('when a form comes from the site itself with %s then it is taken', async (_what, headers) => {
    const before = await countReports(t.connection);
    // A page load of its own: the same form posted again would be the report already stored.
    const fromOwnPage = reportFields('TEST ONLY a report posted from the site itself');
    const answer = await postForm(t.app, '/no-js/report', fromOwnPage, headers);
    expect(answer.status).toBe(201);
    expect(await countReports(t.connection)).toBe(before + 1);
  });
});
