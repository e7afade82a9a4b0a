export default {
  displayName: 'feature-connections',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/feature/connections',
};
