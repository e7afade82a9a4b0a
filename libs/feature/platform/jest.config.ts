export default {
  displayName: 'feature-platform',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/platform',
};
