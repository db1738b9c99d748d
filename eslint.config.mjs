// Type-aware linting that catches bugs and guards the architecture (HOUSE-STYLE "Habits").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';

const OPENPGP_DOORS = ['client/crypto/**', 'server/platform/openpgp/**', 'tests/helpers/forge.ts'];
const MONGOOSE_DOORS = [
  'server/**/*.model.ts',
  'server/**/*.repository.ts',
  'server/platform/db.ts',
];

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
    rules: {
      'no-console': 'error',
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'openpgp',
              message: 'Only client/crypto and server/platform/openpgp may use openpgp.',
            },
            {
              name: 'mongoose',
              message: 'Only *.model.ts, *.repository.ts and platform/db.ts may use mongoose.',
              allowTypeImports: true,
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
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'mongoose', message: 'No database access here.', allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    files: MONGOOSE_DOORS,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'openpgp',
              message: 'Only client/crypto and server/platform/openpgp may use openpgp.',
            },
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
