import { scrubUrl } from './logging';

describe('scrubUrl', () => {
  it('keeps invitation tokens out of logged URLs', () => {
    expect(scrubUrl('/api/invitations/abcDEF_123-xyz/accept')).toBe('/api/invitations/[redacted]/accept');
    expect(scrubUrl('/api/invitations/abc?x=1')).toBe('/api/invitations/[redacted]?x=1');
    expect(scrubUrl('/api/me')).toBe('/api/me');
    expect(scrubUrl(undefined)).toBeUndefined();
  });
});
