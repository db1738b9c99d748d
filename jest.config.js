/** Jest runs every suite against the real local MongoDB-compatible server started in global setup. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  // Two cores: key generation and GnuPG are CPU-bound, so more workers only add contention.
  maxWorkers: 2,
  testTimeout: 60_000,
};
