import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

/** Libraries no pure domain lib may import (design.md: domain -> nothing). */
const frameworkAndIo = [
  '@nestjs/*',
  'typeorm',
  'bullmq',
  'ioredis',
  'better-sqlite3',
  'pg',
  'nodemailer',
  'express',
];

const LAYERS = {
  'type:app': [
    'type:feature',
    'type:data-access',
    'type:integration',
    'type:domain',
    'type:util',
    'type:contracts',
  ],
  'type:feature': [
    'type:feature',
    'type:data-access',
    'type:integration',
    'type:domain',
    'type:util',
    'type:contracts',
  ],
  // The API's types for the dashboard: they name the domain's own types rather than copy them.
  'type:contracts': ['type:contracts', 'type:domain'],
  // The dashboard (browser code) talks to the API only: its contract types, nothing server-side.
  'type:web': ['type:contracts', 'type:util'],
  'type:data-access': ['type:data-access', 'type:domain', 'type:util'],
  'type:integration': ['type:domain', 'type:util'],
  'type:domain': ['type:domain', 'type:util'],
  'type:util': ['type:util'],
  'type:testing': [
    'type:contracts',
    'type:feature',
    'type:data-access',
    'type:integration',
    'type:domain',
    'type:util',
    'type:testing',
  ],
};

/** The dependency direction of design.md: apps -> feature -> (data-access, integrations) -> domain. */
function boundaries(inTests) {
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: [],
      depConstraints: Object.entries(LAYERS).map(([sourceTag, allowed]) => ({
        sourceTag,
        onlyDependOnLibsWithTags:
          inTests && !allowed.includes('type:testing') ? [...allowed, 'type:testing'] : allowed,
        ...(sourceTag === 'type:domain' ? { bannedExternalImports: frameworkAndIo } : {}),
      })),
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  prettier,
  {
    ignores: ['**/dist', '**/node_modules', '**/coverage', '**/.nx', 'bench/.cache', 'tmp', 'data'],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: { '@nx/enforce-module-boundaries': boundaries(false) },
  },
  {
    // Tests of any project may use the testing library (factories, FIT writer, service harness).
    files: ['**/*.spec.ts', '**/*.medium-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The domain libraries are pure: no file, network or process I/O in their source (tests may read fixtures).
    files: ['libs/domain/**/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.medium-spec.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'child_process',
            'node:child_process',
            'net',
            'node:net',
            'http',
            'node:http',
            'https',
            'node:https',
            'worker_threads',
            'node:worker_threads',
          ].map((name) => ({
            name,
            message: 'Domain libraries are pure: do the I/O in an app, feature or data-access library.',
          })),
        },
      ],
    },
  },
];
