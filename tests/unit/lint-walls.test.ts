/**
 * The walls eslint.config.mjs keeps between the parts of the code base hold: for each forbidden
 * import, a probe file placed where it is forbidden must be reported, and the same import where
 * it is allowed must not. The probes are written inside the lint scope and deleted after. If a
 * wall is removed from the configuration (or stops resolving the imports it judges), this fails.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Probe {
  /** Folder under the repository root, where the probe file goes. */
  readonly folder: string;
  /** The probe's source: one import of what the wall is about. */
  readonly source: string;
  /** The rule expected to report it; null when the import is allowed there. */
  readonly rule: string | null;
}

/**
 * ESLint's Node API in a child process: it loads eslint.config.mjs as an ES module, which Jest's
 * module sandbox cannot. Prints, per file, the rules that reported something.
 */
const LINT = `
const { ESLint } = require('eslint');
new ESLint({ cwd: process.cwd() })
  .lintFiles(process.argv.slice(1))
  .then((results) => {
    const rules = results.map((r) => [r.filePath, r.messages.map((m) => m.ruleId ?? m.message)]);
    process.stdout.write(JSON.stringify(rules));
  }, (error) => {
    process.stderr.write(String(error && error.stack || error));
    process.exit(2);
  });
`;

function lint(files: readonly string[]): Map<string, string[]> {
  const child = spawnSync(process.execPath, ['-e', LINT, ...files], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`eslint failed: ${child.stderr}`);
  return new Map(JSON.parse(child.stdout) as [string, string[]][]);
}

const PATHS = 'import-x/no-restricted-paths';
const PACKAGES = '@typescript-eslint/no-restricted-imports';

const PROBES: Readonly<Record<string, Probe>> = {
  'the server imports from client/': {
    folder: 'server/features',
    source: "import { element } from '../../client/shared/dom';\nexport const probe = element;\n",
    rule: PATHS,
  },
  'the reporter page imports from the dashboard': {
    folder: 'client/reporter',
    source:
      "import { renderChart } from '../dashboard/stats/chart-dom';\nexport const probe = renderChart;\n",
    rule: PATHS,
  },
  'the dashboard imports from the reporter page': {
    folder: 'client/dashboard',
    source:
      "import { readReportForm } from '../reporter/report-document';\nexport const probe = readReportForm;\n",
    rule: PATHS,
  },
  'the dashboard imports from client/shared': {
    folder: 'client/dashboard',
    source: "import { element } from '../shared/dom';\nexport const probe = element;\n",
    rule: null,
  },
  'contract/ imports from the server': {
    folder: 'contract',
    source:
      "import { AppError } from '../server/platform/errors';\nexport const probe = AppError;\n",
    rule: PATHS,
  },
  'contract/ imports from client/': {
    folder: 'contract',
    source: "import { element } from '../client/shared/dom';\nexport const probe = element;\n",
    rule: PATHS,
  },
  'contract/ imports a package other than zod': {
    folder: 'contract',
    source: "import { Router } from 'express';\nexport const probe = Router;\n",
    rule: PATHS,
  },
  'contract/ imports a Node module': {
    folder: 'contract',
    source: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    rule: 'no-restricted-imports',
  },
  'contract/ imports zod and itself': {
    folder: 'contract',
    source:
      "import * as z from 'zod/mini';\nimport { CASE_STATUSES } from './vocabulary';\nexport const probe = z.enum(CASE_STATUSES);\n",
    rule: null,
  },
  'the server imports contract/': {
    folder: 'server/features',
    source:
      "import { CASE_STATUSES } from '../../contract/vocabulary';\nexport const probe = CASE_STATUSES;\n",
    rule: null,
  },
  'a test imports openpgp': {
    folder: 'tests/helpers',
    source: "import { readKey } from 'openpgp';\nexport const probe = readKey;\n",
    rule: PACKAGES,
  },
  'the dashboard imports openpgp/lightweight': {
    folder: 'client/dashboard',
    source: "import { readKey } from 'openpgp/lightweight';\nexport const probe = readKey;\n",
    rule: PACKAGES,
  },
  'a server feature imports openpgp': {
    folder: 'server/features',
    source: "import * as openpgp from 'openpgp';\nexport const probe = openpgp;\n",
    rule: PACKAGES,
  },
  'client/crypto imports openpgp': {
    folder: 'client/crypto',
    source: "import { readKey } from 'openpgp';\nexport const probe = readKey;\n",
    rule: null,
  },
  "the server's OpenPGP door imports openpgp": {
    folder: 'server/platform/openpgp',
    source: "import { readKey } from 'openpgp';\nexport const probe = readKey;\n",
    rule: null,
  },
  'a server feature imports the forgery kit': {
    folder: 'server/features',
    source:
      "import { hostileKeys } from '../platform/openpgp/forgery';\nexport const probe = hostileKeys;\n",
    rule: PATHS,
  },
  "the server's OpenPGP door imports the forgery kit": {
    folder: 'server/platform/openpgp',
    source: "import { hostileKeys } from './forgery';\nexport const probe = hostileKeys;\n",
    rule: PATHS,
  },
  'a script imports the forgery kit': {
    folder: 'scripts',
    source:
      "import { hostileKeys } from '../server/platform/openpgp/forgery';\nexport const probe = hostileKeys;\n",
    rule: PATHS,
  },
  'a test imports the forgery kit': {
    folder: 'tests/helpers',
    source:
      "import { hostileKeys } from '../../server/platform/openpgp/forgery';\nexport const probe = hostileKeys;\n",
    rule: null,
  },
};

describe('the walls lint keeps between the parts of the code base', () => {
  const run = randomBytes(4).toString('hex');
  const files = new Map<string, string>();
  let reported: Map<string, string[]>;

  beforeAll(() => {
    Object.entries(PROBES).forEach(([name, probe], index) => {
      const file = join(ROOT, probe.folder, `lint-wall-probe-${run}-${index}.ts`);
      writeFileSync(file, probe.source);
      files.set(name, file);
    });
    try {
      reported = lint([...files.values()]);
    } finally {
      for (const file of files.values()) rmSync(file, { force: true });
    }
  }, 300_000);

  test.each(Object.entries(PROBES))(
    'when %s then lint reports it exactly when a wall forbids it',
    (name, probe) => {
      const rules = reported.get(files.get(name)!) ?? [];
      expect(rules).toEqual(probe.rule === null ? [] : [probe.rule]);
    },
  );
});
