export default {
  displayName: 'domain-activity',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/domain/activity',
};
