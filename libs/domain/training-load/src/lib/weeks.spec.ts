import { DateTime } from 'luxon';
import { weekDates, weekEndOf, weekStartOf } from './weeks';

describe('weeks (spec/metrics.md section 2)', () => {
  it.each([
    ['2026-10-26', 'monday', '2026-10-26', '2026-11-01'],
    ['2026-11-01', 'monday', '2026-10-26', '2026-11-01'],
    ['2026-10-25', 'monday', '2026-10-19', '2026-10-25'],
    ['2026-10-25', 'sunday', '2026-10-25', '2026-10-31'],
    ['2026-10-31', 'sunday', '2026-10-25', '2026-10-31'],
    ['2026-11-01', 'sunday', '2026-11-01', '2026-11-07'],
    ['2026-01-01', 'monday', '2025-12-29', '2026-01-04'],
    ['1970-01-01', 'monday', '1969-12-29', '1970-01-04'],
    ['1969-12-28', 'sunday', '1969-12-28', '1970-01-03'],
    ['2028-02-29', 'monday', '2028-02-28', '2028-03-05'],
  ] as const)('%s in a %s-start week: %s .. %s', (date, weekStart, first, last) => {
    expect(weekStartOf(date, weekStart)).toBe(first);
    expect(weekEndOf(date, weekStart)).toBe(last);
  });

  it.each([
    ['Europe/London', '2026-10-19', 'monday', 169],
    ['Europe/London', '2026-03-23', 'monday', 167],
    ['America/New_York', '2026-11-01', 'sunday', 169],
    ['America/New_York', '2026-03-08', 'sunday', 167],
    ['Australia/Lord_Howe', '2026-04-05', 'sunday', 168.5],
  ] as const)('a DST week in %s (%s) has 7 calendar days and %d hours', (zone, date, weekStart, hours) => {
    const dates = weekDates(date, weekStart);
    expect(dates).toHaveLength(7);
    expect(dates[0]).toBe(date);
    const start = DateTime.fromISO(dates[0], { zone });
    const next = DateTime.fromISO(
      weekStartOf(DateTime.fromISO(dates[6]).plus({ days: 1 }).toISODate() ?? '', weekStart),
      {
        zone,
      },
    );
    expect(next.diff(start, 'hours').hours).toBe(hours);
    expect(next.diff(start, 'days').days).toBe(7);
  });
});
