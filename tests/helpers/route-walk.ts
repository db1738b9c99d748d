/**
 * Every route the app registers, read from its own router (Express 5, router 2.x), and a raw
 * caller for probing them: security tests walk the real surface, so a route added later is
 * probed without editing the test (deny by default).
 */
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request, { type Response, type Test } from 'supertest';
import { keepBytes } from './raw-get';

export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
}

/** The parts of a router layer the walk reads. */
interface RouterLayer {
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly RouterLayer[] };
  readonly rawPath?: unknown;
  readonly slash?: boolean;
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export const keyOf = (route: RegisteredRoute): string => `${route.method} ${route.path}`;

/**
 * Reporter-facing and infrastructure routes: anyone may call them, with or without a cookie,
 * and gets the same answer. Every other route is guarded (deny by default).
 */
export const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /api/openapi.json',
  'GET /api/recipients',
  'POST /api/reports',
  'POST /api/receipts/case',
  'POST /api/receipts/messages',
  'POST /no-js/report',
  'POST /no-js/status',
  'PUT /api/attachments/:attachmentId/parts/:index',
  'GET /',
  'GET /staff',
  'GET /staff/',
  'GET /assets/:name',
  'GET /staff/assets/:name',
]);

/** Every method and path the app answers, nested routers included; fails on what it cannot read. */
export function registeredRoutesOf(app: Express): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const walk = (stack: readonly RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const { path, methods } = layer.route;
        if (typeof path !== 'string' || /[*{}()]/.test(path)) {
          throw new Error(`route path the walk cannot fill: ${String(path)}`);
        }
        for (const method of Object.keys(methods)) {
          for (const name of method === '_all' ? ALL_METHODS : [method.toUpperCase()]) {
            routes.push({ method: name, path: prefix + path });
          }
        }
      } else if (layer.handle?.stack) {
        if (!layer.slash && typeof layer.rawPath !== 'string') {
          throw new Error(
            `router mounted at a path the walk cannot read: ${String(layer.rawPath)}`,
          );
        }
        walk(layer.handle.stack, layer.slash ? prefix : `${prefix}${String(layer.rawPath)}`);
      }
    }
  };
  walk((app as unknown as { router: { stack: readonly RouterLayer[] } }).router.stack, '');
  return routes;
}

/**
 * Bodies a caseworker would send to the case routes that take messages (a note, a reply, a
 * share of the report with `fingerprint`), valid in form: a refusal of them comes from who sends
 * them or which case they name, not from validation.
 */
export function caseMessageBodies(messages: {
  readonly note: string;
  readonly reply: string;
  readonly fingerprint: string;
  readonly reportId: string;
}): Record<string, object> {
  return {
    'POST /api/cases/:caseId/notes': {
      messageId: randomBytes(16).toString('hex'),
      message: messages.note,
    },
    'POST /api/cases/:caseId/replies': {
      messageId: randomBytes(16).toString('hex'),
      message: messages.reply,
    },
    'POST /api/cases/:caseId/shares': {
      fingerprint: messages.fingerprint,
      packets: [
        { target: 'report', id: messages.reportId, pkesk: randomBytes(96).toString('base64') },
      ],
    },
  };
}

/**
 * Path values for the parameters of routes about no case (the caller's own second factors): a
 * well-formed id that names nothing, so probing the route changes nothing.
 */
export const OWN_ROUTE_PARAMS: Readonly<Record<string, string>> = {
  factorId: 'walk-probe-factor-id',
};

/** What a walk's paths name: a case and its attachment, an account, a caseworker key. */
export interface WalkedObjects {
  readonly caseId: string;
  readonly attachmentId: string;
  readonly accountId: string;
  readonly fingerprint: string;
}

/**
 * Path values for a walk over every route: the objects named, part 0 of the attachment, a built
 * file's name for the sites' asset routes, and OWN_ROUTE_PARAMS.
 */
export function routeParams(named: WalkedObjects): Record<string, string> {
  return {
    caseId: named.caseId,
    attachmentId: named.attachmentId,
    index: '0',
    id: named.accountId,
    name: 'icon.svg',
    fingerprint: named.fingerprint,
    ...OWN_ROUTE_PARAMS,
  };
}

/**
 * Bodies a caseworker's dashboard would send to the linking routes, valid in form but carrying
 * bytes that are no encrypted message: a refusal comes from the role or the CSRF check when the
 * guard works, and a caller who gets past it stores nothing (422 linking_message_invalid).
 */
export function caseLinkBodies(caseId: string): Record<string, object> {
  const notAMessage = randomBytes(96).toString('base64');
  const tokens = [randomBytes(32).toString('base64url')];
  return {
    'PUT /api/case-links/key': { version: 1, message: notAMessage },
    'PUT /api/case-links/cases/:caseId': { keyVersion: 1, tokens, identifiers: notAMessage },
    'POST /api/case-links/rotation': {
      version: 2,
      message: notAMessage,
      cases: [{ caseId, tokens, identifiers: notAMessage }],
    },
  };
}

/**
 * A probe's body: none for GET and HEAD, random bytes for an attachment part upload, otherwise
 * the body `bodies` names for the route, or `fallback`.
 */
export function probeBodyOf(
  route: RegisteredRoute,
  bodies: Readonly<Record<string, object>>,
  fallback: object,
): object | Buffer | undefined {
  if (route.method === 'GET' || route.method === 'HEAD') return undefined;
  if (route.path.startsWith('/api/attachments/')) return randomBytes(512);
  return bodies[keyOf(route)] ?? fallback;
}

/** A probe's headers: a part upload is bytes, with a receipt verifier that opens nothing. */
export function probeHeadersOf(
  route: RegisteredRoute,
  headers: Record<string, string>,
): Record<string, string> {
  if (!route.path.startsWith('/api/attachments/')) return headers;
  return {
    ...headers,
    'Content-Type': 'application/octet-stream',
    'X-Receipt-Verifier': 'A'.repeat(43),
  };
}

/** Fills `:name` parameters; throws if a value is missing, so no route is probed half-filled. */
export function fillPath(route: RegisteredRoute, values: Readonly<Record<string, string>>): string {
  return route.path.replace(/:(\w+)/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route.path}`);
    return value;
  });
}

/** Sends `route` as a probe: its path filled from `values`, with the probe headers and `body`. */
export async function sendProbe(
  app: Express,
  route: RegisteredRoute,
  values: Readonly<Record<string, string>>,
  headers: Record<string, string>,
  body?: object | Buffer,
): Promise<RawAnswer> {
  return await sendRaw(
    app,
    route.method,
    fillPath(route, values),
    probeHeadersOf(route, headers),
    body,
  );
}

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly location: string | undefined;
  readonly text: string;
  readonly code: string | undefined;
}

/** Sends one request and reads the answer as bytes (latin1 text), whatever its type. */
export async function sendRaw(
  app: Express,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: object | Buffer,
): Promise<RawAnswer> {
  const agent = request(app);
  const starts: Record<string, (url: string) => Test> = {
    GET: (url) => agent.get(url),
    HEAD: (url) => agent.head(url),
    POST: (url) => agent.post(url),
    PUT: (url) => agent.put(url),
    PATCH: (url) => agent.patch(url),
    DELETE: (url) => agent.delete(url),
  };
  const start = starts[method];
  if (!start) throw new Error(`no client for method ${method}`);
  let pending = start(path).set(headers).buffer(true).parse(keepBytes);
  if (body !== undefined) pending = pending.send(body);
  const response: Response = await pending;
  const text = (response.body as Buffer).toString('latin1');
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return {
    status: response.status,
    contentType: String(response.headers['content-type'] ?? ''),
    location: response.headers['location'],
    text,
    code,
  };
}
