export default {
  displayName: 'data-access-queue',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/data-access/queue',
};
