/**
 * Attack: insecure direct object references. (1) Roles: a signed-out browser, an analyst, a
 * caseworker or an admin calls every route the app registers, with real ids, a CSRF token and a
 * fresh re-authentication, hoping a guard is missing on one of them. Defence: each route group
 * carries a role guard (cases and own key: caseworker, admin; linked cases: caseworker;
 * administration: admin; statistics: analyst, admin) that answers 401/403 before any lookup; routes are read from the
 * router, and one that is not classified below fails the test (deny by default). (2) Objects:
 * a caseworker (or a reporter with a receipt) names an object of case B under case A — an
 * attachment part, a thread message, the report — or a case that does not exist. Defence: every
 * lookup is scoped to the case in the path (the part's, message's and report's case id must
 * match), client-chosen ids are namespaced by case, and a missing case is a plain 404.
 * Nothing of case B shows in any answer about case A, and nothing is stored by a refusal.
 *
 * By design every caseworker of the directory reads every case (each report is encrypted to all
 * of them), so the inbox (GET /api/cases) lists both cases: it is the one answer allowed to.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { encryptForDirectory } from '../../client/crypto';
import { CASE_AND_ACCOUNT_COLLECTIONS, storedDocumentsOf } from '../helpers/database';
import { encryptToDirectory } from '../helpers/reports';
import {
  caseLinkBodies,
  caseMessageBodies,
  fillPath,
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
import { enrolStaff, reauthenticate, StaffClient, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';
import { wholeCaseOf } from '../helpers/whole-case';

type Role = 'signed-out' | 'analyst' | 'caseworker' | 'admin';
const ROLES: readonly Role[] = ['signed-out', 'analyst', 'caseworker', 'admin'];

type RouteClass = 'public' | 'own-session' | 'cases' | 'case-links' | 'own-key' | 'admin' | 'stats';

/** Who may pass each class's guard; everyone else is refused before any lookup. */
const ALLOWED: Record<Exclude<RouteClass, 'public' | 'own-session'>, readonly Role[]> = {
  cases: ['caseworker', 'admin'],
  // Tokens say which cases share an identifier: caseworkers only, not admins.
  'case-links': ['caseworker'],
  'own-key': ['caseworker', 'admin'],
  admin: ['admin'],
  stats: ['analyst', 'admin'],
};

function classify(route: RegisteredRoute): RouteClass | 'unclassified' {
  if (PUBLIC_ROUTES.has(keyOf(route))) return 'public';
  const { path } = route;
  if (path.startsWith('/api/auth/')) return 'own-session';
  // Every staff role's own alert settings: like the session's, about no case.
  if (path === '/api/me/alerts') return 'own-session';
  if (path === '/api/cases' || path.startsWith('/api/cases/')) return 'cases';
  if (path.startsWith('/api/case-links/')) return 'case-links';
  if (path === '/api/me/key' || path.startsWith('/api/me/key/')) return 'own-key';
  if (path.startsWith('/api/admin/')) return 'admin';
  if (path.startsWith('/api/stats/')) return 'stats';
  return 'unclassified';
}

interface SeededCase {
  readonly caseId: string;
  readonly receiptVerifier: string;
  readonly attachmentId: string;
  /** The client-chosen ids used for its follow-up and its note. */
  readonly followUpMessageId: string;
  readonly noteMessageId: string;
  /** Strings only this case's answers contain: ids and a stretch of each ciphertext. */
  readonly secrets: string[];
  /** Every ciphertext of the case (report and thread), base64 of the stored bytes. */
  readonly ciphertexts: string[];
}

describe('direct object references across cases and roles', () => {
  const t = useTestApp({ label: 'sec-idor', caseworkers: 1 });
  const staff = {} as Record<Exclude<Role, 'signed-out'>, EnrolledStaff>;
  let caseA: SeededCase;
  let caseB: SeededCase;
  let routes: RegisteredRoute[];
  let note: string;

  const headersOf = (role: Role): Record<string, string> =>
    role === 'signed-out'
      ? new StaffClient(t.app, t.config.publicOrigin).headers(false)
      : staff[role].client.headers(true);

  /** A whole case as a reporter and a caseworker make it: report, follow-up, part, note, reply. */
  async function seedCase(): Promise<SeededCase> {
    const caseworker = staff.caseworker.client;
    const { caseId, submission, attachmentId, followUpMessageId, noteMessageId } =
      await wholeCaseOf(t, caseworker);
    const { receiptVerifier } = submission.body;
    const detail = (await caseworker.get(`/api/cases/${caseId}`)).body;
    const ciphertexts = [
      detail.case.report as string,
      ...(detail.thread as { message: string }[]).map((entry) => entry.message),
    ];
    expect(ciphertexts).toHaveLength(4);
    const part = await sendRaw(
      t.app,
      'GET',
      `/api/cases/${caseId}/attachments/${attachmentId}/parts/0`,
      caseworker.headers(false),
    );
    expect(part.status).toBe(200);
    return {
      caseId,
      receiptVerifier,
      attachmentId,
      followUpMessageId,
      noteMessageId,
      secrets: [
        caseId,
        attachmentId,
        // The end of each ciphertext as served (base64), and of the part as bytes.
        ...ciphertexts.map((base64) => base64.slice(-64, -4)),
        part.text.slice(-48),
      ],
      ciphertexts,
    };
  }

  beforeAll(async () => {
    staff.caseworker = await enrolStaff(t, 'idor-caseworker');
    staff.admin = await enrolStaff(t, 'idor-admin', 'admin');
    staff.analyst = await enrolStaff(t, 'idor-analyst', 'analyst');
    note = await encryptToDirectory(t.directory, 'TEST ONLY note');
    caseA = await seedCase();
    caseB = await seedCase();
    routes = registeredRoutesOf(t.app);
  });

  const paramsOf = ({ caseId, attachmentId }: SeededCase, accountId: string) =>
    routeParams({ caseId, attachmentId, accountId, fingerprint: t.caseworkers[0]!.fingerprint });

  /** A deliberate 5xx (the site is not built here) is an answer; anything else is a bug. */
  const isServerError = (answer: RawAnswer) =>
    answer.status >= 500 && answer.code !== 'site_not_built';

  /** A body every strict schema refuses: a guard that lets the call through changes nothing. */
  const bodyOf = (route: RegisteredRoute) =>
    probeBodyOf(route, caseLinkBodies(caseA.caseId), { probe: 'idor-matrix' });

  const leaksOf = (answer: RawAnswer, secrets: readonly string[]) =>
    secrets.filter((secret) => answer.text.includes(secret));

  const storedCaseData = async () =>
    await storedDocumentsOf(t.connection, [
      ...CASE_AND_ACCOUNT_COLLECTIONS,
      'linking_keys',
      'case_links',
    ]);

  test('the walk finds every registered route and each one is classified', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    const unclassified = routes.filter((route) => classify(route) === 'unclassified').map(keyOf);
    expect(unclassified).toEqual([]);
    for (const key of PUBLIC_ROUTES) expect(routes.map(keyOf)).toContain(key);
    for (const routeClass of ['cases', 'case-links', 'own-key', 'admin', 'stats'] as const) {
      expect([routeClass, routes.some((route) => classify(route) === routeClass)]).toEqual([
        routeClass,
        true,
      ]);
    }
  });

  test('when every role calls every route about case A then each guard answers as its class says, and nothing of case B comes back', async () => {
    for (const role of ['caseworker', 'admin', 'analyst'] as const) {
      await reauthenticate(t, staff[role].client, staff[role]);
    }
    const accountId = (await staff.caseworker.client.get('/api/auth/session')).body.user.id;
    const params = paramsOf(caseA, accountId);
    // Control: the leak search finds a case's ciphertext where it is meant to be.
    for (const seeded of [caseA, caseB]) {
      const detail = await sendRaw(
        t.app,
        'GET',
        `/api/cases/${seeded.caseId}`,
        staff.caseworker.client.headers(false),
      );
      expect(leaksOf(detail, seeded.secrets)).toEqual(seeded.secrets.slice(0, -1));
    }
    const before = await storedCaseData();
    const seen: { route: string; role: Role; outcome: string; leaks: string[] }[] = [];
    const expected: typeof seen = [];
    const publicAnswers = new Map<string, Set<string>>();
    // Logout would end the session the rest of the matrix uses; it is probed last, on its own.
    for (const route of routes.filter((entry) => keyOf(entry) !== 'POST /api/auth/logout')) {
      const routeClass = classify(route);
      for (const role of ROLES) {
        const answer = await sendProbe(t.app, route, params, headersOf(role), bodyOf(route));
        let outcome: string;
        let wanted: string;
        if (routeClass === 'public') {
          outcome = isServerError(answer) ? 'server error' : 'answered';
          wanted = 'answered';
          const answers = publicAnswers.get(keyOf(route)) ?? new Set<string>();
          answers.add(`${answer.status} ${answer.code}`);
          publicAnswers.set(keyOf(route), answers);
        } else if (routeClass === 'own-session' || routeClass === 'unclassified') {
          outcome = isServerError(answer) ? 'server error' : 'answered';
          wanted = routeClass === 'own-session' ? 'answered' : 'classified';
        } else {
          const refused = answer.status === 401 || answer.status === 403;
          outcome = refused
            ? `refused ${answer.status} ${answer.code}`
            : isServerError(answer)
              ? 'server error'
              : 'passed the guard';
          wanted = ALLOWED[routeClass].includes(role)
            ? 'passed the guard'
            : role === 'signed-out'
              ? 'refused 401 session_expired'
              : 'refused 403 role_forbidden';
        }
        // The inbox lists every case by design; the directory is public by design.
        const exempt = ['GET /api/cases', 'GET /api/recipients'].includes(keyOf(route));
        const secrets = exempt
          ? []
          : outcome.startsWith('refused')
            ? [...caseA.secrets, ...caseB.secrets]
            : caseB.secrets;
        seen.push({ route: keyOf(route), role, outcome, leaks: leaksOf(answer, secrets) });
        expected.push({ route: keyOf(route), role, outcome: wanted, leaks: [] });
      }
    }
    expect(seen).toEqual(expected);
    // Public routes answer everyone alike, whatever cookie comes along.
    const differing = [...publicAnswers]
      .filter(([, answers]) => answers.size > 1)
      .map(([key]) => key);
    expect(differing).toEqual([]);
    expect(await storedCaseData()).toBe(before);

    // Logout: anyone may end their own session; it touches no case.
    const loggedOut = await staff.analyst.client.post('/api/auth/logout');
    expect(loggedOut.status).toBe(204);
  });

  test("when a caseworker asks for case B's attachment part under case A then it is 404 and none of its bytes", async () => {
    const answer = await sendRaw(
      t.app,
      'GET',
      `/api/cases/${caseA.caseId}/attachments/${caseB.attachmentId}/parts/0`,
      staff.caseworker.client.headers(false),
    );
    expect({ status: answer.status, code: answer.code }).toEqual({
      status: 404,
      code: 'part_not_found',
    });
    expect(leaksOf(answer, caseB.secrets)).toEqual([]);
    // The same part under its own case is served: the refusal is the scoping, not the part.
    const own = await sendRaw(
      t.app,
      'GET',
      `/api/cases/${caseB.caseId}/attachments/${caseB.attachmentId}/parts/0`,
      staff.caseworker.client.headers(false),
    );
    expect(own.status).toBe(200);
  });

  test("when a share under case A targets case B's report, message or part then it is 404 and case B is unchanged", async () => {
    const caseworker = staff.caseworker;
    await reauthenticate(t, caseworker.client, caseworker);
    const packets = (await caseworker.client.get(`/api/cases/${caseB.caseId}/key-packets`)).body
      .items as { target: 'report' | 'message' | 'part'; id: string; pkesks: string }[];
    expect(new Set(packets.map((item) => item.target))).toEqual(
      new Set(['report', 'message', 'part']),
    );
    const before = await storedCaseData();
    const answers: { target: string; answer: object }[] = [];
    for (const item of packets) {
      const response = await caseworker.client.post(`/api/cases/${caseA.caseId}/shares`, {
        fingerprint: t.caseworkers[0]!.fingerprint,
        // A key packet of B's own message: well-formed, so only the scoping can refuse it.
        packets: [{ target: item.target, id: item.id, pkesk: item.pkesks }],
      });
      answers.push({
        target: item.target,
        answer: { status: response.status, code: response.body.error?.code },
      });
    }
    expect(answers).toEqual(
      packets.map((item) => ({
        target: item.target,
        answer: { status: 404, code: 'message_not_found' },
      })),
    );
    expect(await storedCaseData()).toBe(before);
  });

  test('when a caseworker names a case that does not exist on every case route then each answers 404 with nothing of any case, and nothing is stored', async () => {
    const caseworker = staff.caseworker;
    await reauthenticate(t, caseworker.client, caseworker);
    const reply = await encryptToDirectory(t.directory, 'TEST ONLY reply', []);
    // Valid bodies, so the only thing wrong is the case.
    const bodies: Record<string, object> = {
      'PATCH /api/cases/:caseId': { priority: 'high' },
      'PUT /api/cases/:caseId/seen': { seq: 0 },
      ...caseMessageBodies({
        note,
        reply,
        fingerprint: t.caseworkers[0]!.fingerprint,
        reportId: 'x',
      }),
      ...caseLinkBodies(caseA.caseId),
      'POST /api/cases/:caseId/reply-key-confirmation': {
        fingerprint: t.caseworkers[0]!.fingerprint,
        confirmation: '-----BEGIN PGP MESSAGE-----\n\nTEST ONLY\n-----END PGP MESSAGE-----\n',
      },
    };
    const caseRoutes = routes.filter((route) => route.path.includes(':caseId'));
    expect(caseRoutes.length).toBeGreaterThanOrEqual(8);
    const before = await storedCaseData();
    const missing = randomBytes(16).toString('hex');
    const answers: { route: string; status: number; leaks: string[] }[] = [];
    for (const variant of [missing, caseA.caseId.toUpperCase(), `${caseA.caseId}0`, '..']) {
      for (const route of caseRoutes) {
        const values = { ...paramsOf(caseA, ''), caseId: variant };
        const answer = await sendRaw(
          t.app,
          route.method,
          fillPath(route, values),
          caseworker.client.headers(true),
          route.method === 'GET' ? undefined : bodies[keyOf(route)],
        );
        answers.push({
          route: `${keyOf(route)} [${variant === missing ? 'unknown id' : variant}]`,
          status: answer.status,
          leaks: leaksOf(answer, [...caseA.secrets.slice(1), ...caseB.secrets]),
        });
      }
    }
    expect(answers).toEqual(answers.map(({ route }) => ({ route, status: 404, leaks: [] })));
    expect(await storedCaseData()).toBe(before);
  });

  test("when reporter A uploads a part under case B's attachment id then it is refused and B's part is unchanged", async () => {
    const before = await storedCaseData();
    for (const index of [0, 1]) {
      const response = await request(t.app)
        .put(`/api/attachments/${caseB.attachmentId}/parts/${index}`)
        .set({
          'Content-Type': 'application/octet-stream',
          'X-Receipt-Verifier': caseA.receiptVerifier,
        })
        .send(
          Buffer.from(
            await encryptForDirectory(new TextEncoder().encode('TEST ONLY other'), t.directory),
          ),
        );
      expect([index, response.status, response.body.error?.code]).toEqual([
        index,
        409,
        'attachment_id_taken',
      ]);
    }
    expect(await storedCaseData()).toBe(before);
  });

  test("when reporter A and a caseworker on case A reuse case B's message ids then they land on case A only, and A's receipt opens nothing of B", async () => {
    const threadOf = async (caseId: string) =>
      JSON.stringify((await staff.caseworker.client.get(`/api/cases/${caseId}`)).body.thread);
    const threadB = await threadOf(caseB.caseId);
    await request(t.app)
      .post('/api/receipts/messages')
      .send({
        receiptVerifier: caseA.receiptVerifier,
        messageId: caseB.followUpMessageId,
        message: await encryptToDirectory(t.directory, 'TEST ONLY second follow-up'),
      })
      .expect(201);
    const noted = await staff.caseworker.client.post(`/api/cases/${caseA.caseId}/notes`, {
      messageId: caseB.noteMessageId,
      message: await encryptToDirectory(t.directory, 'TEST ONLY second note'),
    });
    expect(noted.status).toBe(201);
    expect(await threadOf(caseB.caseId)).toBe(threadB);

    const opened = await sendRaw(
      t.app,
      'POST',
      '/api/receipts/case',
      { 'Content-Type': 'application/json' },
      { receiptVerifier: caseA.receiptVerifier },
    );
    expect(opened.status).toBe(200);
    expect(leaksOf(opened, caseB.secrets)).toEqual([]);
    // Each message the receipt opens, dearmored, is one of case A's, none of case B's.
    const messages = (JSON.parse(opened.text) as { messages: { message: string }[] }).messages;
    const base64Of = (armored: string) =>
      armored
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('-----') && !line.startsWith('='))
        .join('');
    const threadA = (await staff.caseworker.client.get(`/api/cases/${caseA.caseId}`)).body
      .thread as { message: string }[];
    expect(messages.length).toBeGreaterThanOrEqual(2);
    for (const { message } of messages) {
      expect(caseB.ciphertexts).not.toContain(base64Of(message));
      expect(threadA.map((entry) => entry.message)).toContain(base64Of(message));
    }
  });
});
