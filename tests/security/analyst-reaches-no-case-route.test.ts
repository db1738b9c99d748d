/**
 * Attack: an analyst (who sees only statistics: no case, no ciphertext, no caseworker
 * names) uses their own full, freshly re-authenticated session, with its CSRF token, to reach
 * case data (the inbox, a case and its ciphertext, attachment parts, key packets, export,
 * sharing, triage, linked cases), staff administration or caseworker keys. Defence: every
 * /api/cases, /api/case-links, /api/admin and /api/me/key route carries a role guard
 * (requireSignedIn) that refuses the analyst with 403 `role_forbidden` before any lookup. The routes are read from the app's own
 * router, so a route added later is probed without editing this file; a route outside the
 * analyst's own and the public ones is expected to refuse (deny by default).
 */
import { randomBytes } from 'node:crypto';
import { seedCodedCases, times } from '../helpers/coded-cases';
import { CASE_AND_ACCOUNT_COLLECTIONS, storedDocumentsOf } from '../helpers/database';
import { MONTHS_OF_CATEGORIES } from '../helpers/stats-releases';
import { useTestApp } from '../helpers/use-test-app';
import { wholeCaseOf } from '../helpers/whole-case';
import { enrolStaff, reauthenticate, StaffClient, type EnrolledStaff } from '../helpers/staff';
import {
  caseLinkBodies,
  caseMessageBodies,
  keyOf,
  probeBodyOf,
  PUBLIC_ROUTES,
  registeredRoutesOf,
  routeParams,
  sendProbe,
  sendRaw,
  type RawAnswer,
  type RegisteredRoute,
} from '../helpers/route-walk';

type RouteClass = 'refused' | 'analyst' | 'public';

function classify(route: RegisteredRoute): RouteClass {
  if (PUBLIC_ROUTES.has(keyOf(route))) return 'public';
  const { path } = route;
  if (path.startsWith('/api/auth/') || path.startsWith('/api/stats/')) return 'analyst';
  // The analyst's own account routes, but never the caseworker key pair.
  const isOwnAccount = path === '/api/me' || path.startsWith('/api/me/');
  if (isOwnAccount && !path.startsWith('/api/me/key')) return 'analyst';
  // /api/cases, /api/admin, /api/me/key and anything not named above.
  return 'refused';
}

/** A browser's headers: its session cookie and CSRF token (if any), origin and content type. */
type Caller = () => Record<string, string>;

describe('an analyst reaching case routes', () => {
  const t = useTestApp({ label: 'sec-analyst-routes', caseworkers: 1 });
  let caseworker: EnrolledStaff;
  let analyst: EnrolledStaff;
  let routes: RegisteredRoute[];
  let caseId: string;
  let attachmentId: string;
  let caseworkerAccountId: string;
  /** What a caseworker sees of the case that no analyst answer may contain. */
  let caseSecrets: string[];
  let params: Record<string, string>;
  let bodies: Record<string, object>;

  const asAnalyst: Caller = () => analyst.client.headers(true);
  const asCaseworker: Caller = () => caseworker.client.headers(true);
  const asNobody: Caller = () => new StaffClient(t.app, t.config.publicOrigin).headers(false);

  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'zulfiya');
    analyst = await enrolStaff(t, 'emin', 'analyst');
    caseworkerAccountId = (await caseworker.client.get('/api/auth/session')).body.user.id;

    // A real case with everything a case view shows: report, follow-up, note, reply, attachment
    // part, an assignee (a caseworker name) and triage history.
    const seeded = await wholeCaseOf(t, caseworker.client);
    ({ caseId, attachmentId } = seeded);
    const { note, reply } = seeded;
    const triaged = await caseworker.client.patch(`/api/cases/${caseId}`, {
      assigneeId: caseworkerAccountId,
      priority: 'high',
      labels: ['family-pressure'],
      incidentCategory: 'threats_through_relatives',
      hostCountry: 'DE',
      incidentMonth: '2025-01',
    });
    expect(triaged.status).toBe(200);

    // Enough coded cases besides it for statistics to publish a table.
    await seedCodedCases(t.connection, [
      ...times(24, { month: '2025-01', category: 'threats_through_relatives', country: 'DE' }),
      ...times(30, { month: '2025-02', category: 'online_harassment', country: 'TR' }),
      ...times(20, { month: '2025-03', category: 'online_harassment', country: 'DE' }),
    ]);

    const detail = await caseworker.client.get(`/api/cases/${caseId}`);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toContain('zulfiya');
    const ciphertexts = [
      detail.body.case.report as string,
      ...(detail.body.thread as { message: string }[]).map((entry) => entry.message),
    ];
    // The report, the follow-up, the note and the reply.
    expect(ciphertexts).toHaveLength(4);
    caseSecrets = [
      caseId,
      attachmentId,
      caseworkerAccountId,
      'zulfiya',
      // A stretch of each encrypted body (the end; the start is the shared key id), as served.
      ...ciphertexts.map((base64) => base64.slice(-64, -4)),
    ];

    params = routeParams({
      caseId,
      attachmentId,
      accountId: caseworkerAccountId,
      fingerprint: t.caseworkers[0]!.fingerprint,
    });
    // Bodies a caseworker or admin would send, so a refusal comes from the role, not validation.
    bodies = {
      'PATCH /api/cases/:caseId': { status: 'closed', outcome: 'resolved', assigneeId: null },
      ...caseMessageBodies({
        note,
        reply,
        fingerprint: t.caseworkers[0]!.fingerprint,
        reportId: caseId,
      }),
      'PUT /api/me/key': {
        armoredPublicKey: t.caseworkers[0]!.armoredPublicKey,
        protectedSecretKey: t.caseworkers[0]!.armoredSecretKey,
      },
      ...caseLinkBodies(caseId),
      'PUT /api/me/key/protection': { protectedSecretKey: t.caseworkers[0]!.armoredSecretKey },
      'POST /api/admin/invites': { username: 'mallory', role: 'admin' },
      'POST /api/admin/users/:id/reset-factors': {},
      'POST /api/admin/keys/:fingerprint/vet': {},
      // Reporter routes: a receipt verifier that opens nothing and an empty report, so the
      // same request from anyone gets the same answer and nothing is stored.
      'POST /api/reports': {},
      'POST /api/receipts/case': { receiptVerifier: 'A'.repeat(43) },
      'POST /api/receipts/messages': {
        receiptVerifier: 'A'.repeat(43),
        messageId: randomBytes(16).toString('hex'),
        message: note,
      },
      // The analyst's own routes: statistics get a valid table; sign-in steps get the default
      // body below, which every (strict) sign-in schema refuses, so probing them changes nothing.
      'POST /api/stats/preview': MONTHS_OF_CATEGORIES,
      'POST /api/stats/releases': MONTHS_OF_CATEGORIES,
    };
    routes = registeredRoutesOf(t.app);
  });

  const callRoute = (route: RegisteredRoute, caller: Caller, values = params) =>
    sendProbe(t.app, route, values, caller(), probeBodyOf(route, bodies, { probe: 'analyst' }));

  /** What of the case, if anything, an answer gives away. */
  function leaksOf(answer: RawAnswer, options: { armorAllowed?: boolean } = {}): string[] {
    const leaks = caseSecrets.filter((secret) => answer.text.includes(secret));
    if (!options.armorAllowed && answer.text.includes('-----BEGIN PGP')) leaks.push('PGP armor');
    return leaks;
  }

  const storedCaseData = async () =>
    await storedDocumentsOf(t.connection, [
      ...CASE_AND_ACCOUNT_COLLECTIONS,
      'caseworker_keys',
      'linking_keys',
      'case_links',
    ]);

  const refusedRoutes = () => routes.filter((route) => classify(route) === 'refused');

  test('the walk finds every route the app registers, and each is classified', () => {
    expect(routes.length).toBeGreaterThanOrEqual(30);
    const keys = routes.map(keyOf);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/cases',
        'GET /api/cases/:caseId',
        'GET /api/cases/:caseId/export',
        'GET /api/admin/users',
        'GET /api/me/key',
        'GET /api/case-links/key',
        'PUT /api/case-links/cases/:caseId',
        'POST /api/case-links/rotation',
        'POST /api/stats/preview',
        'POST /api/reports',
        'GET /healthz',
      ]),
    );
    // Every public route named above still exists: a renamed one would otherwise go unprobed.
    for (const key of PUBLIC_ROUTES) expect(keys).toContain(key);
    for (const route of routes) {
      if (/^\/api\/(cases|case-links|admin)(\/|$)|^\/api\/me\/key/.test(route.path)) {
        expect([keyOf(route), classify(route)]).toEqual([keyOf(route), 'refused']);
      }
    }
    expect(refusedRoutes().length).toBeGreaterThanOrEqual(15);
  });

  test('when a signed-in analyst calls any case, admin or key route, with real ids, CSRF and a plausible body, then it is refused with 403 role_forbidden and nothing of the case', async () => {
    // The analyst's session works and is fresh: a refusal below is the role, nothing else.
    await reauthenticate(t, analyst.client, analyst);
    const session = await analyst.client.get('/api/auth/session');
    expect(session.body).toMatchObject({ stage: 'full', user: { role: 'analyst' } });
    expect((await analyst.client.get('/api/stats/options')).status).toBe(200);

    // The probe sees case content where there is some: a caseworker's case view shows all of it.
    const control = await callRoute({ method: 'GET', path: '/api/cases/:caseId' }, asCaseworker);
    expect(leaksOf(control).sort()).toEqual([...caseSecrets, 'PGP armor'].sort());

    const before = await storedCaseData();
    const answers: { route: string; status: number; code?: string | undefined; leaks: string[] }[] =
      [];
    for (const route of refusedRoutes()) {
      const probes = route.method === 'GET' ? [route, { ...route, method: 'HEAD' }] : [route];
      for (const probe of probes) {
        const answer = await callRoute(probe, asAnalyst);
        answers.push({
          route: keyOf(probe),
          status: answer.status,
          ...(probe.method === 'HEAD' ? {} : { code: answer.code }),
          leaks: leaksOf(answer),
        });
      }
    }
    expect(answers).toEqual(
      answers.map(({ route }) => ({
        route,
        status: 403,
        ...(route.startsWith('HEAD ') ? {} : { code: 'role_forbidden' }),
        leaks: [],
      })),
    );
    expect(await storedCaseData()).toBe(before);
  });

  test('when the analyst names a case, attachment or account that does not exist then the answer is the same (no existence oracle)', async () => {
    const madeUp = {
      ...params,
      caseId: randomBytes(16).toString('hex'),
      attachmentId: randomBytes(16).toString('hex'),
      id: randomBytes(16).toString('hex'),
      fingerprint: randomBytes(20).toString('hex'),
    };
    const differences: string[] = [];
    for (const route of refusedRoutes().filter((entry) => entry.path.includes(':'))) {
      const real = await callRoute(route, asAnalyst);
      const unknown = await callRoute(route, asAnalyst, madeUp);
      if (real.status !== unknown.status || real.code !== unknown.code) {
        differences.push(
          `${keyOf(route)}: ${real.status} ${real.code} vs ${unknown.status} ${unknown.code}`,
        );
      }
    }
    expect(differences).toEqual([]);
  });

  test('when the analyst spells a case path differently then it still reaches no case', async () => {
    const variants = [
      '/api/cases/',
      '/API/CASES',
      '/api/Cases?pageSize=100',
      `/api/cases/${caseId}/`,
      `/API/cases/${caseId}`,
      `/api/cases/${caseId.toUpperCase()}`,
      `/api/cases/${caseId}/export/`,
      `/api/cases/${caseId}/attachments/${attachmentId}/parts/0/`,
      `/api/cases/${caseId}%2Fexport`,
      `/api//cases/${caseId}`,
      `//api/cases/${caseId}`,
      `/api/stats/../cases/${caseId}`,
    ];
    const answers: { path: string; refused: boolean; leaks: string[] }[] = [];
    for (const path of variants) {
      const answer = await sendRaw(t.app, 'GET', path, asAnalyst());
      answers.push({
        path,
        refused: answer.status >= 400 && answer.status < 500,
        leaks: leaksOf(answer),
      });
    }
    expect(answers).toEqual(variants.map((path) => ({ path, refused: true, leaks: [] })));
  });

  test('when the analyst uses their own routes (statistics, sign-in, session) then no case content comes back', async () => {
    const own = routes.filter((route) => classify(route) === 'analyst');
    expect(own.map(keyOf)).toEqual(
      expect.arrayContaining([
        'GET /api/auth/session',
        'GET /api/stats/options',
        'POST /api/stats/preview',
        'GET /api/stats/releases',
      ]),
    );
    const answers: { route: string; serverError: boolean; leaks: string[] }[] = [];
    const statistics: { route: string; answered: boolean }[] = [];
    // Logout is the one own route not probed: it would end the session (it answers 204, empty).
    for (const route of own.filter((entry) => keyOf(entry) !== 'POST /api/auth/logout')) {
      const answer = await callRoute(route, asAnalyst);
      answers.push({
        route: keyOf(route),
        serverError: answer.status >= 500,
        leaks: leaksOf(answer),
      });
      // Statistics really answer (with tables that count the case above), so the check is not
      // empty.
      if (route.path.startsWith('/api/stats/')) {
        statistics.push({
          route: keyOf(route),
          answered: answer.status === 200 || answer.status === 201,
        });
      }
    }
    expect(answers).toEqual(answers.map(({ route }) => ({ route, serverError: false, leaks: [] })));
    expect(statistics).toEqual(statistics.map(({ route }) => ({ route, answered: true })));
  });

  test('when an analyst cookie goes with a public reporter route then the answer is the one anyone gets', async () => {
    const publicRoutes = routes.filter((route) => classify(route) === 'public');
    expect(publicRoutes).toHaveLength(PUBLIC_ROUTES.size);
    const answers: { route: string; sameAsAnyone: boolean; leaks: string[] }[] = [];
    const comparable = (answer: RawAnswer) => ({
      status: answer.status,
      contentType: answer.contentType,
      location: answer.location,
      text: answer.text.replace(/"requestId":"[^"]*"/g, ''),
    });
    for (const route of publicRoutes) {
      const withCookie = await callRoute(route, asAnalyst);
      const anyone = await callRoute(route, asNobody);
      answers.push({
        route: keyOf(route),
        sameAsAnyone: JSON.stringify(comparable(withCookie)) === JSON.stringify(comparable(anyone)),
        // The recipient directory is public by design and carries the caseworkers' public keys.
        leaks: leaksOf(withCookie, { armorAllowed: route.path === '/api/recipients' }),
      });
    }
    expect(answers).toEqual(answers.map(({ route }) => ({ route, sameAsAnyone: true, leaks: [] })));
  });

  test('when a caseworker calls a statistics route then 403 role_forbidden; signed out, 401', async () => {
    const statsRoutes = routes.filter((route) => route.path.startsWith('/api/stats/'));
    expect(statsRoutes.length).toBeGreaterThanOrEqual(4);
    const answers: { route: string; caseworker: unknown; signedOut: unknown }[] = [];
    for (const route of statsRoutes) {
      const asStaff = await callRoute(route, asCaseworker);
      const signedOut = await callRoute(route, asNobody);
      answers.push({
        route: keyOf(route),
        caseworker: [asStaff.status, asStaff.code],
        signedOut: [signedOut.status, signedOut.code],
      });
    }
    expect(answers).toEqual(
      answers.map(({ route }) => ({
        route,
        caseworker: [403, 'role_forbidden'],
        signedOut: [401, 'session_expired'],
      })),
    );
  });

  test('when a signed-out browser calls any case, admin or key route then it is refused with 401', async () => {
    const answers: { route: string; status: number; leaks: string[] }[] = [];
    for (const route of refusedRoutes()) {
      const answer = await callRoute(route, asNobody);
      answers.push({ route: keyOf(route), status: answer.status, leaks: leaksOf(answer) });
    }
    expect(answers).toEqual(answers.map(({ route }) => ({ route, status: 401, leaks: [] })));
  });
});
