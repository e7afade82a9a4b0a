export default {
  displayName: 'domain-training-load',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/domain/training-load',
};
