/**
 * The API's end-to-end suites of the server issue, run unchanged on QUEUE_DRIVER=bullmq: the API in process
 * (it only produces) with the built worker (dist/apps/worker) as a child process beside it, on PostgreSQL.
 * The health check in platform.e2e-spec reports the inline driver, so that file stays with the API.
 */
const API_SUITES = ['access-matrix', 'auth', 'coaching', 'me', 'processing', 'training-access-matrix'];

export default {
  displayName: 'worker',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/worker',
  roots: ['<rootDir>', '<rootDir>/../api/test'],
  testMatch: [
    '<rootDir>/src/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
    ...API_SUITES.map((name) => `<rootDir>/../api/test/${name}.e2e-spec.ts`),
  ],
  moduleNameMapper: {
    '^\\./support/test-app$': '<rootDir>/test/support/api-on-bullmq.ts',
    '^@loadwatch/testing$': '<rootDir>/test/support/testing-on-postgres.ts',
  },
  // Each file starts the API and one or more worker processes on real PostgreSQL and Redis.
  testTimeout: 120_000,
};
