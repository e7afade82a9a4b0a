export default {
  displayName: 'integration-strava',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/integrations/strava',
};
