/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route table (contract/routes.ts)
 * and its zod schemas. OpenAPI 3.1 schemas are JSON Schema 2020-12, which zod writes. Requests
 * are described as the server accepts them (input), answers as clients read them (output).
 * Deterministic: the same contract always gives the same document, byte for byte.
 */
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import { errorBodySchema } from './api/common';
import { API_ROUTES, type Access, type ApiRoute } from './routes';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ACCESS_TEXT: Readonly<Record<Access, string>> = {
  reporter: 'Reporters: no credentials; no address, user agent or time finer than the day is kept.',
  public: 'Anyone.',
  session: 'Any browser, with or without a staff session.',
  'staff:second-factor': 'A staff session that passed the password step.',
  'staff:enrolling':
    'A staff session enrolling its first second factor, or signed-in staff re-authenticated recently in this tab (X-Key-Release).',
  staff: 'Signed-in staff (any role).',
  'staff+reauth':
    'Signed-in staff (any role), re-authenticated recently, from the tab that did (X-Key-Release).',
  caseworker: 'Signed-in caseworkers and admins.',
  'caseworker+reauth': 'Signed-in caseworkers and admins, re-authenticated recently.',
  admin: 'Signed-in admins.',
  'admin+reauth': 'Signed-in admins, re-authenticated recently.',
  analyst: 'Signed-in analysts and admins.',
};

function schemaOf(schema: $ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

/** `/api/cases/:caseId` as OpenAPI writes it: `/api/cases/{caseId}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function parametersOf(route: ApiRoute): Json[] {
  const parameters: Json[] = [];
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    parameters.push({ name, in: 'path', required: true, schema: schemaOf(schema, 'input') });
  }
  if (route.query) {
    const shape = route.query.def.shape as Record<string, $ZodType>;
    for (const [name, schema] of Object.entries(shape)) {
      parameters.push({ name, in: 'query', required: false, schema: schemaOf(schema, 'input') });
    }
  }
  for (const [name, header] of Object.entries(route.headers ?? {})) {
    parameters.push({
      name,
      in: 'header',
      required: true,
      description: header.description,
      schema: { type: 'string' },
    });
  }
  return parameters;
}

function operationOf(route: ApiRoute): JsonObject {
  const operation: JsonObject = {
    operationId: `${route.method.toLowerCase()} ${route.path}`,
    summary: route.summary,
    description: ACCESS_TEXT[route.access],
    tags: [route.tag],
  };
  const parameters = parametersOf(route);
  if (parameters.length > 0) operation['parameters'] = parameters;
  if (route.body) {
    operation['requestBody'] = {
      required: true,
      content:
        'json' in route.body
          ? { 'application/json': { schema: schemaOf(route.body.json, 'input') } }
          : 'form' in route.body
            ? {
                'application/x-www-form-urlencoded': {
                  schema: schemaOf(route.body.form, 'input'),
                },
              }
            : {
                [route.body.bytes]: {
                  schema: { type: 'string', contentMediaType: route.body.bytes },
                },
              },
    };
  }
  const responses: JsonObject = {};
  for (const answer of route.answers) {
    const content: JsonObject | undefined = answer.json
      ? { 'application/json': { schema: schemaOf(answer.json, 'output') } }
      : answer.mediaType
        ? { [answer.mediaType]: {} }
        : undefined;
    responses[String(answer.status)] = {
      description: answer.description,
      ...(content ? { content } : {}),
    };
  }
  responses['default'] = { $ref: '#/components/responses/Error' };
  operation['responses'] = responses;
  return operation;
}

/** The version of this document: raised when a route or a schema changes incompatibly. */
export const API_DOCUMENT_VERSION = '1.0.0';

/** The whole document. */
export function buildOpenApiDocument(): JsonObject {
  const paths: JsonObject = {};
  for (const route of API_ROUTES) {
    const path = openApiPath(route.path);
    const item = (paths[path] ?? {}) as JsonObject;
    item[route.method.toLowerCase()] = operationOf(route);
    paths[path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Amanat HTTP API',
      version: API_DOCUMENT_VERSION,
      description:
        'Reports are encrypted in the reporter’s browser; the server stores only ciphertext and ' +
        'plaintext triage fields. Staff routes use the session cookie and, for every ' +
        'state-changing request, the X-CSRF-Token header of the session view. Generated from ' +
        'contract/ (npm run openapi): do not edit by hand.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      responses: {
        Error: {
          description: 'A refusal or failure: a stable code and a message for people.',
          content: { 'application/json': { schema: schemaOf(errorBodySchema, 'output') } },
        },
      },
    },
  };
}

/** The document as docs/openapi.json holds it and GET /api/openapi.json serves it. */
export function openApiText(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
