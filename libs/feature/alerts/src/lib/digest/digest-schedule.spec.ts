import { dueDigestWeek, lastCompleteWeek } from './digest-schedule';

const at = (iso: string) => Date.parse(iso);

describe('dueDigestWeek', () => {
  it.each([
    // Berlin: winter time (UTC+1) on 2026-03-23, summer time (UTC+2) from Sunday 2026-03-29.
    ['2026-03-23T05:59:00Z', 'Europe/Berlin', 'monday', null],
    ['2026-03-23T06:00:00Z', 'Europe/Berlin', 'monday', '2026-03-16'],
    ['2026-03-30T04:59:00Z', 'Europe/Berlin', 'monday', null],
    ['2026-03-30T05:00:00Z', 'Europe/Berlin', 'monday', '2026-03-23'],
    // Autumn: back to UTC+1 on Sunday 2026-10-25.
    ['2026-10-26T06:00:00Z', 'Europe/Berlin', 'monday', '2026-10-19'],
    ['2026-10-26T05:30:00Z', 'Europe/Berlin', 'monday', null],
    // Due all Monday, not on Tuesday.
    ['2026-03-30T21:59:00Z', 'Europe/Berlin', 'monday', '2026-03-23'],
    ['2026-03-30T22:00:00Z', 'Europe/Berlin', 'monday', null],
    // Tokyo's Monday 07:00 is Sunday 22:00 UTC; Auckland's Sunday 18:00 UTC (NZDT).
    ['2026-03-29T22:00:00Z', 'Asia/Tokyo', 'monday', '2026-03-23'],
    ['2026-03-29T18:00:00Z', 'Pacific/Auckland', 'monday', '2026-03-23'],
    // A Sunday-start week just ended is Sunday to Saturday.
    ['2026-03-30T07:00:00Z', 'UTC', 'sunday', '2026-03-22'],
    // An invalid stored zone is read as UTC.
    ['2026-03-30T07:00:00Z', 'Not/AZone', 'monday', '2026-03-23'],
  ] as const)('at %s in %s (%s weeks): %s', (now, zone, weekStart, expected) => {
    expect(dueDigestWeek(at(now), zone, weekStart)).toBe(expected);
  });
});

describe('lastCompleteWeek', () => {
  it('is the week before the current one, whatever the day', () => {
    expect(lastCompleteWeek(at('2026-04-05T12:00:00Z'), 'UTC', 'monday')).toBe('2026-03-23');
    expect(lastCompleteWeek(at('2026-04-05T12:00:00Z'), 'UTC', 'sunday')).toBe('2026-03-29');
    expect(lastCompleteWeek(at('2026-04-04T23:30:00Z'), 'America/New_York', 'sunday')).toBe('2026-03-22');
  });
});

describe('dueDigestWeek with another due day and hour (DIGEST_WEEKDAY, DIGEST_HOUR)', () => {
  it('is due from that local hour to the end of that local day, for the last complete week', () => {
    const wednesday = { weekday: 3, hour: 0 };
    expect(dueDigestWeek(at('2026-04-01T00:00:00Z'), 'UTC', 'monday', wednesday)).toBe('2026-03-23');
    expect(dueDigestWeek(at('2026-03-31T23:59:00Z'), 'UTC', 'monday', wednesday)).toBeNull();
    expect(dueDigestWeek(at('2026-04-01T23:00:00Z'), 'Asia/Tokyo', 'monday', wednesday)).toBeNull();
  });
});
