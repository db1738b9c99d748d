/**
 * Attack: an analyst (statistics only) reads which cases share an identifier, through the linking
 * routes or through what statistics give out. Defence: every /api/case-links route admits the
 * caseworker role only (server/features/case-links/case-links.routes.ts), and statistics are
 * computed from triage codes alone, never from the case_links collection. The analyst's own
 * full session with its CSRF token is refused on every linking route, and a statistics preview
 * and release made after cases were linked carry no token.
 */
import { API_ROUTES } from '../../contract/routes';
import { seedCodedCases, times } from '../helpers/coded-cases';
import { firstCaseworkerKey, identifiersOf, storedLinkingKey } from '../helpers/case-links';
import { linkCases, shareFirstLinkingKey } from '../helpers/linking-desk';
import { enrolStaff, reauthenticate } from '../helpers/staff';
import { MONTHS_OF_CATEGORIES } from '../helpers/stats-releases';
import { useTestApp } from '../helpers/use-test-app';

describe('an analyst and the link tokens', () => {
  const t = useTestApp({ label: 'sec-analyst-links', caseworkers: 1 });

  test('when cases are linked then the analyst is refused every linking route and no statistic carries a token', async () => {
    await seedCodedCases(
      t.connection,
      times(30, { month: '2025-02', category: 'surveillance', country: 'TR' }),
    );
    const caseIds = (await t.connection.db!.collection('cases').find({}).limit(2).toArray()).map(
      (record) => String(record['_id']),
    );
    const caseworker = await enrolStaff(t, 'links-caseworker-a');
    const handle = await firstCaseworkerKey(t);
    await shareFirstLinkingKey(t, caseworker.client, handle);
    const linking = await storedLinkingKey(caseworker.client, t, handle);
    const tokens = await linkCases(
      t,
      { client: caseworker.client, handle },
      linking,
      caseIds,
      identifiersOf([['phone', '+90 532 555 01 77']], 'TR'),
    );

    const analyst = await enrolStaff(t, 'links-analyst', 'analyst');
    await reauthenticate(t, analyst.client, analyst);
    const linkingRoutes = API_ROUTES.filter((route) => route.path.startsWith('/api/case-links'));
    expect(linkingRoutes.length).toBeGreaterThan(0);
    for (const route of linkingRoutes) {
      const path = route.path.replace(':caseId', caseIds[0]!);
      const url =
        route.method === 'GET' && route.query ? `${path}?caseIds=${caseIds.join(',')}` : path;
      const answer =
        route.method === 'GET'
          ? await analyst.client.get(url)
          : route.method === 'PUT'
            ? await analyst.client.put(url, {})
            : await analyst.client.post(url, {});
      expect({ route: `${route.method} ${route.path}`, status: answer.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 403,
      });
      expect(answer.body.error.code).toBe('role_forbidden');
      for (const token of tokens) expect(answer.text).not.toContain(token);
    }

    const preview = await analyst.client.post('/api/stats/preview', MONTHS_OF_CATEGORIES);
    expect(preview.status).toBe(200);
    const release = await analyst.client.post('/api/stats/releases', MONTHS_OF_CATEGORIES);
    expect(release.status).toBe(201);
    const ledger = await analyst.client.get('/api/stats/releases');
    for (const answer of [preview, release, ledger]) {
      for (const token of tokens) expect(answer.text).not.toContain(token);
      for (const caseId of caseIds) expect(answer.text).not.toContain(caseId);
    }
  });
});
