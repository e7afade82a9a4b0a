import baseConfig from '../../eslint.config.mjs';

// The workspace applies its layer boundaries to .ts and .js files; the dashboard's .tsx files get the same.
const boundaries = baseConfig.find(
  (entry) => entry.rules?.['@nx/enforce-module-boundaries'] && entry.files?.includes('**/*.ts'),
);

export default [
  ...baseConfig,
  { files: ['**/*.tsx'], rules: boundaries.rules },
  {
    files: ['**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];
