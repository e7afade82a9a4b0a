export default {
  displayName: 'feature-ingestion',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/ingestion',
};
