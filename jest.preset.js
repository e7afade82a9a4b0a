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
};
