import { activityOffsetS, assertTimeZone, localDateOf, localStartOf, zoneOffsetS } from './local-time';
import { utcMs } from '../../test/factories';

describe('local dates (spec/metrics.md section 2)', () => {
  it.each([
    // utc start, athlete zone, own offset, local start
    ['2026-10-25T00:30Z', 'Europe/London', null, '2026-10-25T01:30:00'],
    ['2026-10-25T23:30Z', 'Europe/London', null, '2026-10-25T23:30:00'],
    ['2026-10-24T23:30Z', 'Europe/London', null, '2026-10-25T00:30:00'],
    ['2026-03-28T23:30Z', 'Europe/London', null, '2026-03-28T23:30:00'],
    ['2026-03-29T23:30Z', 'Europe/London', null, '2026-03-30T00:30:00'],
    ['2026-11-01T04:30Z', 'America/New_York', null, '2026-11-01T00:30:00'],
    ['2026-11-02T04:30Z', 'America/New_York', null, '2026-11-01T23:30:00'],
    ['2026-03-09T03:30Z', 'America/New_York', null, '2026-03-08T23:30:00'],
    ['2026-10-11T16:00Z', 'Europe/London', null, '2026-10-11T17:00:00'],
    // A run in Tokyo while travelling counts on the Tokyo date.
    ['2026-10-11T16:00Z', 'Europe/London', 9 * 3600, '2026-10-12T01:00:00'],
    // An own offset of 0 is an offset, not a missing one.
    ['2026-07-01T23:30Z', 'Europe/London', 0, '2026-07-01T23:30:00'],
    ['2026-07-01T23:30Z', 'Europe/London', null, '2026-07-02T00:30:00'],
    ['2026-07-01T10:00Z', 'Asia/Kathmandu', null, '2026-07-01T15:45:00'],
  ])('%s in %s with own offset %p starts at %s', (utc, zone, utcOffsetS, localStart) => {
    const start = { startMs: utcMs(utc), utcOffsetS };
    expect(localStartOf(start, zone)).toBe(localStart);
    expect(localDateOf(start, zone)).toBe(localStart.slice(0, 10));
  });

  it('takes the zone offset at the instant of the start', () => {
    expect(zoneOffsetS(utcMs('2026-10-25T00:59Z'), 'Europe/London')).toBe(3600);
    expect(zoneOffsetS(utcMs('2026-10-25T01:00Z'), 'Europe/London')).toBe(0);
    expect(activityOffsetS({ startMs: utcMs('2026-07-01T00:00Z'), utcOffsetS: -7200 }, 'Europe/London')).toBe(
      -7200,
    );
  });

  it('rejects an unknown zone', () => {
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => assertTimeZone('America/St_Johns')).not.toThrow();
  });
});
