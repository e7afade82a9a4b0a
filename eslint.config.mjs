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
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:integration',
                'type:domain',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:integration',
                'type:domain',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'],
            },
            {
              sourceTag: 'type:integration',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util'],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util'],
              bannedExternalImports: frameworkAndIo,
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:integration',
                'type:domain',
                'type:util',
                'type:testing',
              ],
            },
          ],
        },
      ],
    },
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
