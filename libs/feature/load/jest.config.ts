export default {
  displayName: 'feature-load',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/load',
};
