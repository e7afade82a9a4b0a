export default {
  displayName: 'feature-alerts',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/alerts',
};
