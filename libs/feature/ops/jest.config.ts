export default {
  displayName: 'feature-ops',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/ops',
};
