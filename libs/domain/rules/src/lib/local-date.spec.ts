import { addDays, daysBetween, isLocalDate, weekStartOf } from './local-date';

describe('local dates', () => {
  it.each([
    ['2026-10-21', true],
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-10-21T07:00', false],
    ['21/10/2026', false],
  ])('%s is a local date: %p', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });

  it('counts calendar days across DST changes', () => {
    expect(daysBetween('2026-10-18', '2026-10-31')).toBe(13);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(addDays('2026-10-31', -42)).toBe('2026-09-19');
  });

  it.each([
    ['2026-10-21', 'monday', '2026-10-19'],
    ['2026-10-19', 'monday', '2026-10-19'],
    ['2026-10-25', 'monday', '2026-10-19'],
    ['2026-10-25', 'sunday', '2026-10-25'],
    ['2026-10-24', 'sunday', '2026-10-18'],
  ] as const)('the week of %s starting %s begins %s', (date, start, expected) => {
    expect(weekStartOf(date, start)).toBe(expected);
  });
});
