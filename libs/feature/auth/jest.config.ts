export default {
  displayName: 'feature-auth',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/auth',
};
