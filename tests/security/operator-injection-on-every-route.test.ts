/**
 * Attack: MongoDB query operators where a string belongs, on every route that takes input, not
 * only intake (tests/security/operator-injection-refused.test.ts): `{"$ne": null}` as a receipt
 * verifier would open someone's case, as an invitation token take over an account, as a username
 * sign in without knowing it; `$regex`, `$gt`, `$in`, `$where` the same; arrays where one value
 * belongs; operator keys in the query string of the inbox. Defence: every body is parsed by a
 * strict schema whose leaves are bounded strings (or enums, booleans, numbers) before any lookup,
 * Express 5's simple query parser makes no objects from `a[$ne]=`, and mongoose runs with
 * `sanitizeFilter` and `strictQuery: 'throw'`. Each attempt is a 400 and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { CHANGED_BY_EVERY_REQUEST, storedDataExcept } from '../helpers/database';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import {
  enrolStaff,
  inviteStaff,
  reauthenticate,
  STAFF_PASSWORD,
  StaffClient,
  type EnrolledStaff,
} from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const OPERATORS: readonly unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $regex: '.*' },
  { $in: ['a', 'b'] },
  { $where: 'sleep(1000) || true' },
  { $exists: true },
  ['an', 'array'],
];

interface InputRoute {
  readonly name: string;
  readonly send: (body: Record<string, unknown>) => Promise<{ status: number; text: string }>;
  /** A body that would be accepted; each of its fields in turn is replaced by an operator. */
  readonly base: () => Record<string, unknown>;
}

describe('operator injection on every route that takes input', () => {
  let caseworker: EnrolledStaff;
  let admin: EnrolledStaff;
  let analyst: EnrolledStaff;
  let caseId: string;
  let receiptVerifier: string;
  let inviteToken: string;
  let note: string;
  let routes: InputRoute[];

  const t = useTestApp({
    label: 'sec-injection-all',
    caseworkers: 1,
    env: { TRUST_PROXY: '1' },
  });
  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'inject-caseworker');
    admin = await enrolStaff(t, 'inject-admin', 'admin');
    analyst = await enrolStaff(t, 'inject-analyst', 'analyst');
    inviteToken = await inviteStaff(t, 'inject-invited');
    const { body } = await buildSubmission(t.directory);
    caseId = (await request(t.app).post('/api/reports').send(body).expect(201)).body.caseId;
    receiptVerifier = body.receiptVerifier;
    note = await encryptToDirectory(t.directory, 'TEST ONLY note');
    await reauthenticate(t, admin.client, admin);

    let address = 0;
    const anonymous =
      (path: string, headers: Record<string, string> = {}) =>
      async (body: object) => {
        const response = await request(t.app)
          .post(path)
          .set({
            ...new StaffClient(t.app, t.config.publicOrigin).headers(false),
            // Each attempt from its own address: throttles never answer in place of the schema.
            'X-Forwarded-For': `198.18.7.${(++address % 250) + 1}`,
            ...headers,
          })
          .send(body);
        return { status: response.status, text: response.text };
      };
    const as =
      (client: StaffClient, method: 'post' | 'patch', path: string) => async (body: object) => {
        const response = await request(t.app)[method](path).set(client.headers(true)).send(body);
        return { status: response.status, text: response.text };
      };
    routes = [
      {
        name: 'POST /api/receipts/case',
        send: anonymous('/api/receipts/case'),
        base: () => ({ receiptVerifier }),
      },
      {
        name: 'POST /api/receipts/messages',
        send: anonymous('/api/receipts/messages'),
        base: () => ({
          receiptVerifier,
          messageId: randomBytes(16).toString('hex'),
          message: note,
        }),
      },
      {
        name: 'POST /api/auth/login',
        send: anonymous('/api/auth/login'),
        base: () => ({ username: caseworker.username, password: STAFF_PASSWORD }),
      },
      {
        name: 'POST /api/auth/invites/accept',
        send: anonymous('/api/auth/invites/accept'),
        base: () => ({ token: inviteToken, password: 'a brand new passphrase for me 42' }),
      },
      {
        name: 'POST /api/cases/:caseId/notes',
        send: as(caseworker.client, 'post', `/api/cases/${caseId}/notes`),
        base: () => ({ messageId: randomBytes(16).toString('hex'), message: note }),
      },
      {
        name: 'PATCH /api/cases/:caseId',
        send: as(caseworker.client, 'patch', `/api/cases/${caseId}`),
        base: () => ({
          status: 'in_progress',
          priority: 'high',
          labels: ['family'],
          hostCountry: 'DE',
        }),
      },
      {
        name: 'POST /api/admin/invites',
        send: as(admin.client, 'post', '/api/admin/invites'),
        base: () => ({ username: 'inject-new-account', role: 'caseworker' }),
      },
      {
        name: 'POST /api/stats/preview',
        send: as(analyst.client, 'post', '/api/stats/preview'),
        base: () => ({
          columns: 'category',
          periodUnit: 'month',
          from: '2025-01',
          to: '2025-03',
          audience: 'public',
        }),
      },
    ];
  });

  // Besides what every request changes, statistics previews are audited by design.
  const storedData = async () =>
    await storedDataExcept(t.connection, [...CHANGED_BY_EVERY_REQUEST, 'audit_log']);

  test('when any field of any input route carries a query operator or an array then the request is refused with 400 and nothing changes', async () => {
    const before = await storedData();
    const answers: { attempt: string; status: number; opened: boolean }[] = [];
    for (const route of routes) {
      for (const field of Object.keys(route.base())) {
        for (const operator of OPERATORS) {
          // An array is the right type for a list field (labels); operators inside it are not.
          if (Array.isArray(operator) && Array.isArray(route.base()[field])) continue;
          const answer = await route.send({ ...route.base(), [field]: operator });
          answers.push({
            attempt: `${route.name} ${field}=${JSON.stringify(operator)}`,
            status: answer.status,
            // What a successful injection would hand back: a case thread, a session, a token.
            opened:
              /"messages"|"csrfToken"|"token"|"stage":"(full|second-factor|enrol-factor)"/.test(
                answer.text,
              ),
          });
        }
      }
    }
    expect(answers.length).toBeGreaterThan(100);
    expect(answers).toEqual(
      answers.map(({ attempt }) => ({ attempt, status: 400, opened: false })),
    );
    expect(await storedData()).toBe(before);
  });

  test('when the inbox query string carries operator keys or repeated values then it is refused, not widened', async () => {
    const queries = [
      'status[$ne]=closed',
      'assignee[$ne]=me',
      'label[$regex]=.*',
      'page[$gt]=0',
      'status=new&status=closed',
      'sort[]=urgency',
      '$where=sleep(1000)',
      'assignee=me&assignee[$exists]=true',
    ];
    const answers: { query: string; status: number }[] = [];
    for (const query of queries) {
      const response = await request(t.app)
        .get(`/api/cases?${query}`)
        .set(caseworker.client.headers(false));
      answers.push({ query, status: response.status });
    }
    expect(answers).toEqual(queries.map((query) => ({ query, status: 400 })));
  });

  test('the same routes with their plain bodies work (control: the refusals above are the operators)', async () => {
    const lookup = await routes[0]!.send(routes[0]!.base());
    expect(lookup.status).toBe(200);
    // No coded cases here, so no table: refused for its content (422), past the schema.
    const preview = await routes.at(-1)!.send(routes.at(-1)!.base());
    expect(preview.status).toBe(422);
  });
});
