/**
 * The published OpenAPI document (docs/openapi.json, GET /api/openapi.json) is the contract's
 * route table: regenerated, it must equal the committed file byte for byte, and it must list
 * exactly the routes the app registers, each with its method. A route added, removed or renamed
 * on one side only fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { openApiPath, openApiText } from '../../contract/openapi';
import { keyOf, registeredRoutesOf } from '../helpers/route-walk';
import { useTestApp } from '../helpers/use-test-app';

const COMMITTED = join(__dirname, '..', '..', 'docs', 'openapi.json');

describe('the OpenAPI document', () => {
  const t = useTestApp({ label: 'openapi', caseworkers: 1 });

  test('when the document is generated again then it equals docs/openapi.json (run npm run openapi)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(openApiText());
  });

  test('when the app registers its routes then the document lists each one with its method, and no other', () => {
    const document = JSON.parse(openApiText()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const registered = registeredRoutesOf(t.app).map((route) =>
      keyOf({ method: route.method, path: openApiPath(route.path) }),
    );
    expect(new Set(registered).size).toBe(registered.length);
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  test('when anyone asks for /api/openapi.json then the app serves the same document as JSON', async () => {
    const answer = await request(t.app).get('/api/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.text).toBe(openApiText());
    expect((answer.body as { openapi: string }).openapi).toBe('3.1.0');
  });
});
