import {
  readUnsubscribeToken,
  readUrgentRedirectToken,
  unsubscribeToken,
  urgentRedirectToken,
} from './email-secrets';

const SECRET = 's'.repeat(32);

describe('urgent-alert redirect tokens', () => {
  it('read back the account, request and expiry they were signed with', () => {
    const token = urgentRedirectToken(SECRET, 'u-1', '3.abc_-', 1_800_000_000_000);
    expect(readUrgentRedirectToken(SECRET, token)).toEqual({
      userId: 'u-1',
      requestId: '3.abc_-',
      expiresAtMs: 1_800_000_000_000,
    });
  });

  it('are refused when forged, changed, signed with another secret, or of the unsubscribe kind', () => {
    const token = urgentRedirectToken(SECRET, 'u-1', '3.abc', 1_800_000_000_000);
    const [, signature] = token.split('.');
    const later = Buffer.from('u-1:3.abc:1900000000000').toString('base64url');
    expect(readUrgentRedirectToken(SECRET, `${later}.${signature}`)).toBeNull();
    expect(readUrgentRedirectToken('t'.repeat(32), token)).toBeNull();
    expect(readUrgentRedirectToken(SECRET, `${token}.x`)).toBeNull();
    expect(readUrgentRedirectToken(SECRET, '')).toBeNull();
    const unsubscribe = unsubscribeToken(SECRET, 'u-1', 'weekly-digest');
    expect(readUrgentRedirectToken(SECRET, unsubscribe)).toBeNull();
    expect(readUnsubscribeToken(SECRET, token)).toBeNull();
  });
});
