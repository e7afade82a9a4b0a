/**
 * Component tests (`*.spec.tsx`, jsdom) and the end-to-end suite (`test/*.e2e-spec.ts`, node environment by
 * its docblock), which drives the built dashboard, served by the built API, in Debian's headless Chromium.
 */
export default {
  displayName: 'dashboard',
  preset: '../../jest.preset.js',
  testEnvironment: 'jsdom',
  testMatch: ['**/?(*.)+(spec|e2e-spec).ts?(x)'],
  transform: {
    '^.+\\.(ts|tsx|js|mjs)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  moduleNameMapper: { '\\.css$': '<rootDir>/test/style-stub.ts' },
  setupFilesAfterEnv: ['<rootDir>/test/setup-tests.ts'],
  coverageDirectory: '../../coverage/apps/dashboard',
  // The end-to-end suite starts the API and a browser.
  testTimeout: 120_000,
};
