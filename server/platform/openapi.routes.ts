/**
 * GET /api/openapi.json: the OpenAPI 3.1 document of the HTTP API, generated from contract/ once
 * per process (the same text as docs/openapi.json). Public: it describes routes, never data.
 */
import { Router } from 'express';
import { openApiText } from '../../contract/openapi';

export function openApiRoutes(): Router {
  const router = Router();
  const document = openApiText();
  router.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send(document);
  });
  return router;
}
