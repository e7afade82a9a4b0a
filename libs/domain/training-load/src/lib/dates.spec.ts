import { addDays, dayNumber, dayNumberAt, daysBetween, isoDate } from './dates';

describe('calendar dates', () => {
  it.each([
    ['1970-01-01', 0],
    ['1969-12-31', -1],
    ['2026-10-26', 20_752],
  ])('%s is day %d', (date, day) => {
    expect(dayNumber(date)).toBe(day);
    expect(isoDate(day)).toBe(date);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-1', '26-01-01', '2026-01-01T00:00', ''])(
    'rejects %p',
    (date) => {
      expect(() => dayNumber(date)).toThrow(RangeError);
    },
  );

  it.each([
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-09-28', 28, '2026-10-26'],
  ])('%s plus %d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    [Date.UTC(2026, 9, 25, 23, 30), 0, '2026-10-25'],
    [Date.UTC(2026, 9, 25, 23, 30), 3600, '2026-10-26'],
    [Date.UTC(2026, 9, 26, 3, 0), -5 * 3600, '2026-10-25'],
    [Date.UTC(1969, 11, 31, 23, 0), 0, '1969-12-31'],
  ])('instant %d at offset %d s falls on %s', (ms, offsetS, date) => {
    expect(isoDate(dayNumberAt(ms, offsetS))).toBe(date);
  });
});
