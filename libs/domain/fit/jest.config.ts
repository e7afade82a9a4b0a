export default {
  displayName: 'domain-fit',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/domain/fit',
};
