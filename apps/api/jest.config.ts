export default {
  displayName: 'api',
  preset: '../../jest.preset.js',
  coverageDirectory: '../../coverage/apps/api',
  // End-to-end files boot the whole application on a fresh PostgreSQL or SQLite database.
  testTimeout: 60_000,
};
