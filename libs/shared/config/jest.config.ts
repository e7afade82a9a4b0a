export default {
  displayName: 'shared-config',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/config',
};
