import { scrubUrl } from './logging';

describe('scrubUrl', () => {
  it('keeps invitation tokens out of logged URLs', () => {
    expect(scrubUrl('/api/invitations/abcDEF_123-xyz/accept')).toBe('/api/invitations/[redacted]/accept');
    expect(scrubUrl('/api/invitations/abc?x=1')).toBe('/api/invitations/[redacted]?x=1');
    expect(scrubUrl('/api/me')).toBe('/api/me');
    expect(scrubUrl(undefined)).toBeUndefined();
  });

  it('removes the secret segments of the provider webhook URLs', () => {
    expect(scrubUrl('/api/connections/strava/webhook/s3cr3t?hub.mode=subscribe')).toBe(
      '/api/connections/strava/webhook/[redacted]?hub.mode=subscribe',
    );
    expect(scrubUrl('/api/connections/strava/webhook/s3cr3t?hub.verify_token=abc&hub.challenge=1')).toBe(
      '/api/connections/strava/webhook/[redacted]?hub.verify_token=[redacted]&hub.challenge=1',
    );
    expect(scrubUrl('/api/connections/garmin/notifications/s3cr3t')).toBe(
      '/api/connections/garmin/notifications/[redacted]',
    );
  });
});
