export default {
  displayName: 'feature-athletes',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/athletes',
};
