export default {
  displayName: 'feature-rules',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/rules',
};
