// The suite's jest config as the UML kernel runs it (scripts/test-kernel/guest-init.sh): the tree is
// read-only there, so jest's cache lives on the guest's tmpfs; ts-jest only transpiles (the host's
// `npm test` and `npm run lint` type-check the same files), because type-checking each file under
// UML's slow system calls would take most of the time budget; one worker, as UML has one CPU.
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../..',
  cacheDirectory: '/tmp/jest-cache',
  maxWorkers: 1,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/scripts/test-kernel/tsconfig.json' }],
  },
};
