export default {
  displayName: 'integration-garmin',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/integrations/garmin',
};
