/** Tests run as root against the real kernel, each in namespaces it creates (see test/helpers.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/leak-check.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 60000,
  maxWorkers: 2,
};
