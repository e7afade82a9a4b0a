import { formatAge, formatDistance, formatInstant, formatLocalDate, formatPercent, todayIn } from './format';

describe('formatting per the user settings', () => {
  it('shows distances in km or miles', () => {
    expect(formatDistance(42_000, 'km')).toBe('42.0 km');
    expect(formatDistance(42_195, 'mi')).toBe('26.2 mi');
    expect(formatDistance(null, 'km')).toBe('—');
  });

  it('shows fractions as percentages, signed for changes', () => {
    expect(formatPercent(0.3125, true)).toBe('+31.3 %');
    expect(formatPercent(-0.5, true)).toBe('-50.0 %');
    expect(formatPercent(0.0714)).toBe('7.1 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('shows a local date as the calendar day it names, whatever the browser zone', () => {
    expect(formatLocalDate('2026-10-25')).toBe('Sun, 25 Oct 2026');
  });

  it('shows instants in the user time zone', () => {
    expect(formatInstant('2026-10-24T23:30:00Z', 'Europe/London')).toBe('25 Oct 2026, 00:30');
    expect(formatInstant('2026-10-24T23:30:00Z', 'America/New_York')).toBe('24 Oct 2026, 19:30');
    expect(todayIn('Pacific/Auckland', new Date('2026-10-24T12:00:00Z'))).toBe('2026-10-25');
  });

  it('says how fresh data is', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(formatAge('2026-11-21T11:30:00Z', now)).toBe('within the hour');
    expect(formatAge('2026-11-21T02:00:00Z', now)).toBe('10 h ago');
    expect(formatAge('2026-11-18T12:00:00Z', now)).toBe('3 days ago');
    expect(formatAge(null, now)).toBe('no data');
  });
});
