const nxPreset = require('@nx/jest/preset').default;

/** Shared Jest settings: SWC for speed (type-checking happens in the `typecheck` target). */
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  testMatch: ['**/?(*.)+(spec|medium-spec|e2e-spec).ts'],
  transform: {
    '^.+\\.(ts|js|mjs)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // @garmin/fitsdk and fit-file-parser ship ESM only.
  transformIgnorePatterns: ['/node_modules/(?!(@garmin/fitsdk|fit-file-parser)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Medium tests create a PostgreSQL database and migrate it in their hooks: Jest's 5 s default is too tight
  // on 2 loaded CI cores. Files that need more still say so with jest.setTimeout.
  testTimeout: 30_000,
};
