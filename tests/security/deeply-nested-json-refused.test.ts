/**
 * Attack: JSON bodies nested thousands of levels deep, aimed at the parser and at every
 * recursive reader after it (schema checks, WebAuthn verification, BSON, JSON.stringify in a
 * logger), to burn CPU or blow a stack. No request of ours needs more than a few levels. Defence:
 * every JSON body parser refuses nesting deeper than 32 levels (400 `json_too_deep`) from the
 * raw bytes, before parsing (server/platform/body-limits.ts `refuseDeeplyNestedJson`); brackets
 * inside strings do not count. Nothing is stored, and the server keeps answering.
 */
import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';
import { storedDataExcept } from '../helpers/database';
import { enrolStaff, StaffClient, type EnrolledStaff } from '../helpers/staff';

/** `{"<field>": [[…]]}`: the object plus depth - 1 arrays. */
function nestedBody(field: string, depth: number, extra: Record<string, unknown> = {}): string {
  const prefix = JSON.stringify(extra).slice(0, -1);
  const separator = Object.keys(extra).length > 0 ? ',' : '';
  return `${prefix}${separator}"${field}":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
}

interface JsonRoute {
  readonly name: string;
  readonly path: string;
  /** The field the nesting goes into; other fields make the body otherwise plausible. */
  readonly field: string;
  readonly headers: () => Record<string, string>;
  /** The route's body cap, which bounds how deep a body can be at all. */
  readonly maxBytes: number;
  readonly extra: Record<string, unknown> | undefined;
}

/** One row of the route table: a POST route taking a JSON body. */
const jsonRoute = (
  name: string,
  path: string,
  field: string,
  headers: () => Record<string, string>,
  maxBytes: number,
  extra?: Record<string, unknown>,
): JsonRoute => ({ name, path, field, headers, maxBytes, extra });

describe('deeply nested JSON bodies', () => {
  let caseworker: EnrolledStaff;
  let analyst: EnrolledStaff;
  let halfSignedIn: StaffClient;
  let caseId: string;
  let routes: JsonRoute[];

  const t = useTestApp({ label: 'sec-deep-json', caseworkers: 1 });
  beforeAll(async () => {
    caseworker = await enrolStaff(t, 'deep-caseworker');
    analyst = await enrolStaff(t, 'deep-analyst', 'analyst');
    // A browser between password and second factor: the WebAuthn step takes a free-form
    // response object (the library reads it), the one staff body a schema does not close.
    halfSignedIn = new StaffClient(t.app, t.config.publicOrigin);
    const login = await halfSignedIn.post(
      '/api/auth/login',
      { username: caseworker.username, password: caseworker.password },
      { csrf: false },
    );
    expect(login.body.stage).toBe('second-factor');
    const { body } = await buildSubmission(t.directory);
    caseId = (await request(t.app).post('/api/reports').send(body).expect(201)).body.caseId;

    const json = () => ({ 'Content-Type': 'application/json' });
    const intakeCap = t.config.intake.maxBodyBytes;
    const signInCap = 16 * 1024;
    const signedOut = () => new StaffClient(t.app, t.config.publicOrigin).headers(false);
    const secondFactorStep = () => halfSignedIn.headers(true);
    const asCaseworker = () => caseworker.client.headers(true);
    const asAnalyst = () => analyst.client.headers(true);
    routes = [
      jsonRoute('intake', '/api/reports', 'submissionId', json, intakeCap),
      jsonRoute('receipt lookup', '/api/receipts/case', 'receiptVerifier', json, intakeCap),
      jsonRoute('follow-up', '/api/receipts/messages', 'message', json, intakeCap, {
        receiptVerifier: body.receiptVerifier,
        messageId: 'a'.repeat(32),
      }),
      jsonRoute('login', '/api/auth/login', 'password', signedOut, signInCap, {
        username: caseworker.username,
      }),
      jsonRoute(
        'WebAuthn second factor',
        '/api/auth/second-factor/webauthn',
        'response',
        secondFactorStep,
        signInCap,
      ),
      jsonRoute('case note', `/api/cases/${caseId}/notes`, 'message', asCaseworker, 768 * 1024, {
        messageId: 'b'.repeat(32),
      }),
      jsonRoute('statistics preview', '/api/stats/preview', 'columns', asAnalyst, 4 * 1024),
    ];
  });

  const send = (route: JsonRoute, body: string) =>
    request(t.app).post(route.path).set(route.headers()).send(body);

  const storedData = async () => await storedDataExcept(t.connection);

  test('when a body is nested one level deeper than allowed then every JSON route refuses it with 400 json_too_deep and stores nothing', async () => {
    const before = await storedData();
    const answers = [];
    for (const route of routes) {
      const response = await send(route, nestedBody(route.field, 33, route.extra));
      answers.push({ route: route.name, status: response.status, code: response.body.error?.code });
    }
    expect(answers).toEqual(
      routes.map((route) => ({ route: route.name, status: 400, code: 'json_too_deep' })),
    );
    expect(await storedData()).toBe(before);
  });

  test('when a body is as deep as the route cap allows then it is refused as quickly, and the server keeps answering', async () => {
    const answers = [];
    for (const route of routes) {
      // As deep as fits the cap: hundreds of thousands of levels on the reporter routes.
      const depth = Math.floor((route.maxBytes - 256) / 2);
      const started = process.hrtime.bigint();
      const response = await send(route, nestedBody(route.field, depth, route.extra));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      answers.push({
        route: route.name,
        status: response.status,
        code: response.body.error?.code,
        fast: ms < 2000,
      });
    }
    expect(answers).toEqual(
      routes.map((route) => ({
        route: route.name,
        status: 400,
        code: 'json_too_deep',
        fast: true,
      })),
    );
    await request(t.app).get('/healthz').expect(200);
  });

  test('when a body is exactly 32 levels deep then it is judged on its content, not on depth', async () => {
    const answers = [];
    for (const route of routes) {
      const response = await send(route, nestedBody(route.field, 32, route.extra));
      answers.push({
        route: route.name,
        refusedForDepth: response.body.error?.code === 'json_too_deep',
      });
      // It is still refused: an array is not what any of these fields takes.
      expect([route.name, response.status >= 400 && response.status < 500]).toEqual([
        route.name,
        true,
      ]);
    }
    expect(answers).toEqual(routes.map((route) => ({ route: route.name, refusedForDepth: false })));
  });

  test('when brackets and escaped quotes sit inside strings then they do not count as nesting', async () => {
    const { body } = await buildSubmission(t.directory);
    // Brackets, then an escaped quote, then more brackets, all inside one string: a scanner that
    // missed the escape would count the second run as 100 levels.
    const tricky = JSON.stringify(body).replace(
      '"replyKey":"',
      `"replyKey":"${'[{'.repeat(100)}\\"${'['.repeat(100)}`,
    );
    const response = await request(t.app)
      .post('/api/reports')
      .set('Content-Type', 'application/json')
      .send(tricky);
    // The reply key is now garbage, so the report is refused, but for the key, not for depth.
    expect({ status: response.status, code: response.body.error?.code }).toEqual({
      status: 422,
      code: 'reply_key_invalid',
    });
  });
});
