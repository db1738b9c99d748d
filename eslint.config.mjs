// Type-aware linting that catches bugs and guards the architecture. The
// walls between parts (tests/unit/lint-walls.test.ts proves each one is enforced):
// - contract/ imports nothing outside contract/ but zod, and no Node module: the server and both
//   front ends import it;
// - the server imports nothing from client/, the reporter page nothing from the dashboard and the
//   dashboard nothing from the reporter page (what they share lives in client/shared or contract/);
// - openpgp, in any of its entry points, only behind the two doors client/crypto/** and
//   server/platform/openpgp/**; the door's forgery kit for tests only from tests/;
// - mongoose only in models, repositories and platform/db.ts; platform/ never imports features/.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';

const OPENPGP_DOORS = ['client/crypto/**', 'server/platform/openpgp/**'];
const MONGOOSE_DOORS = [
  'server/**/*.model.ts',
  'server/**/*.repository.ts',
  'server/platform/db.ts',
];
/** Hostile keys and messages for the security tests: never imported by production code. */
const FORGERY_KIT = './server/platform/openpgp/forgery.ts';

const OPENPGP_RULE = {
  // The package by name and every entry point under it (openpgp/lightweight, …), not our own
  // modules whose path ends in openpgp.
  regex: '^openpgp(/.*)?$',
  message: 'Only client/crypto and server/platform/openpgp may use openpgp (any entry point).',
};
const MONGOOSE_RULE = {
  name: 'mongoose',
  message: 'Only *.model.ts, *.repository.ts and platform/db.ts may use mongoose.',
  allowTypeImports: true,
};
/** The package walls: which of openpgp and mongoose a file may import. */
function packageWalls({ openpgp, mongoose }) {
  return [
    'error',
    {
      paths: mongoose ? [] : [MONGOOSE_RULE],
      patterns: openpgp ? [] : [OPENPGP_RULE],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'coverage/',
      'deploy/',
      'jest.config.js',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    // Resolves .ts imports, so the path walls below see where an import really leads.
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] }),
      ],
    },
    rules: {
      'no-console': 'error',
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-restricted-imports': packageWalls({ openpgp: false, mongoose: false }),
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './server',
              from: './client',
              message: 'The server imports nothing from client/: share through contract/.',
            },
            {
              target: './client/reporter',
              from: './client/dashboard',
              message: 'The reporter page imports nothing from the dashboard: use client/shared.',
            },
            {
              target: './client/dashboard',
              from: './client/reporter',
              message: 'The dashboard imports nothing from the reporter page: use client/shared.',
            },
            {
              target: './contract',
              from: './',
              except: ['./contract', './node_modules/zod'],
              message: 'contract/ imports nothing outside contract/ but zod.',
            },
            {
              target: ['./client', './server', './scripts', './contract'],
              from: FORGERY_KIT,
              message: 'The forgery kit is for tests/ only.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in server/config.ts only.',
        },
      ],
    },
  },
  {
    files: OPENPGP_DOORS,
    rules: {
      '@typescript-eslint/no-restricted-imports': packageWalls({ openpgp: true, mongoose: false }),
    },
  },
  {
    files: MONGOOSE_DOORS,
    rules: {
      '@typescript-eslint/no-restricted-imports': packageWalls({ openpgp: false, mongoose: true }),
    },
  },
  {
    // Shared by the server and both front ends: ECMAScript only (contract/tsconfig.json).
    files: ['contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({
            name,
            message: 'contract/ uses no Node module: it runs in browsers too.',
          })),
          patterns: [
            { regex: '^node:', message: 'contract/ uses no Node module: it runs in browsers too.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/platform/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/features/**'], message: 'platform/ never imports features/.' }],
        },
      ],
    },
  },
  {
    // Tools and tests run outside the server and read their own environment.
    files: ['server/config.ts', 'client/build.ts', 'scripts/**', 'tests/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
