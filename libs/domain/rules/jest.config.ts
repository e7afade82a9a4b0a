export default {
  displayName: 'domain-rules',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/domain/rules',
};
