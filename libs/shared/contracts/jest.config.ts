export default {
  displayName: 'shared-contracts',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/shared/contracts',
};
