export default {
  displayName: 'data-access-db',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/data-access/db',
};
