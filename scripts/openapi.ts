/**
 * Writes docs/openapi.json, the OpenAPI 3.1 document of the HTTP API, from contract/
 * (npm run openapi). Generated, never edited by hand: tests/integration/openapi-document.test.ts
 * fails while the committed file differs from a fresh generation or from the app's routes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiText } from '../contract/openapi';

const target = join(__dirname, '..', 'docs', 'openapi.json');
writeFileSync(target, openApiText());
process.stdout.write(`wrote ${target}\n`);
