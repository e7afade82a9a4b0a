export default {
  displayName: 'integration-mailer',
  preset: '../../../jest.preset.js',
  coverageDirectory: '../../../coverage/libs/integrations/mailer',
};
