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

  it('redacts every token query value of the emailed links, and nothing else', () => {
    expect(scrubUrl('/api/email/unsubscribe?token=abc.DEF-123_x%3D')).toBe(
      '/api/email/unsubscribe?token=[redacted]',
    );
    expect(scrubUrl('/api/email/urgent-alerts-to?token=a.b&token=c#top')).toBe(
      '/api/email/urgent-alerts-to?token=[redacted]&token=[redacted]#top',
    );
    expect(scrubUrl('/api/email/urgent-alerts-to?x=1&token=abc&y=2')).toBe(
      '/api/email/urgent-alerts-to?x=1&token=[redacted]&y=2',
    );
    expect(scrubUrl('/api/email/unsubscribe?token=')).toBe('/api/email/unsubscribe?token=[redacted]');
    expect(scrubUrl('/api/activities?notoken=1&tokens=2')).toBe('/api/activities?notoken=1&tokens=2');
  });
});
