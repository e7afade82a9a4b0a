import { alertKey, digestKey, invitationKey, parseEmailKey, urgentRedirectKey } from './email-keys';

describe('parseEmailKey', () => {
  it('reads back every key the alerts write', () => {
    expect(parseEmailKey(alertKey('f-1', 'urgent', 'u-1'))).toEqual({
      kind: 'alert',
      findingId: 'f-1',
      severity: 'urgent',
      recipientId: 'u-1',
    });
    expect(parseEmailKey(digestKey('coach-digest', 'c-1', '2026-03-23'))).toEqual({
      kind: 'coach-digest',
      recipientId: 'c-1',
      week: '2026-03-23',
    });
    expect(parseEmailKey(invitationKey('l-1', 'tag'))).toEqual({
      kind: 'invitation',
      linkId: 'l-1',
      tokenTag: 'tag',
    });
    expect(parseEmailKey(urgentRedirectKey('urgent-redirect-notice', 'u-1', '3.abc_-'))).toEqual({
      kind: 'urgent-redirect-notice',
      userId: 'u-1',
      requestId: '3.abc_-',
    });
  });

  it.each([
    'alert:f:caution:u',
    'alert:f:urgent',
    'weekly-digest:u:last-week',
    'urgent-redirect:u',
    'other:a:b',
    '',
  ])('is null for %j', (key) => expect(parseEmailKey(key)).toBeNull());
});
