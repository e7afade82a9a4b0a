import { parseIsoDate, parseThresholdPace, resolveAnalyzeOptions } from './analyze-options';
import { UsageError } from '../usage-error';

describe('parseThresholdPace', () => {
  it.each([
    ['4:00', 1000 / 240],
    ['4:00/km', 1000 / 240],
    ['3:45', 1000 / 225],
    ['6:26/mi', 1609.344 / 386],
    [' 10:05 ', 1000 / 605],
  ])('%p is %d m/s', (text, expected) => {
    expect(parseThresholdPace(text)).toBeCloseTo(expected, 10);
  });

  it.each(['4', '4:60', '4:5', 'fast', '4:00/yd', '0:00', '-4:00'])('%p is refused', (text) => {
    expect(() => parseThresholdPace(text)).toThrow(UsageError);
  });
});

describe('parseIsoDate', () => {
  it('accepts a real date', () => {
    expect(parseIsoDate('2026-02-28', '--as-of')).toBe('2026-02-28');
  });
  it.each(['2026-02-30', '26-02-01', '2026/02/01', 'today'])('refuses %p, naming the option', (text) => {
    expect(() => parseIsoDate(text, '--as-of')).toThrow(/--as-of: expected a date as YYYY-MM-DD/);
  });
});

describe('resolveAnalyzeOptions', () => {
  it('fills the defaults', () => {
    const options = resolveAnalyzeOptions(['a.fit'], { tz: 'Europe/London' });
    expect(options).toMatchObject({
      paths: ['a.fit'],
      timeZone: 'Europe/London',
      weekStart: 'monday',
      thresholdSpeedMps: null,
      asOf: null,
      units: 'km',
      json: false,
      htmlPath: null,
      progress: true,
    });
    expect(options.jobs).toBeGreaterThanOrEqual(1);
  });

  it.each([
    [{ tz: 'Mars/Olympus' }, /--tz: 'Mars\/Olympus' is not an IANA time zone/],
    [{ weekStart: 'friday' }, /--week-start: expected monday or sunday/],
    [{ units: 'furlongs' }, /--units: expected km or mi/],
    [{ jobs: '-1' }, /--jobs: expected a whole number/],
    [{ jobs: 'many' }, /--jobs: expected a whole number/],
    [{ asOf: '2026-13-01' }, /--as-of/],
    [{ thresholdPace: 'quick' }, /--threshold-pace/],
  ])('refuses %p', (raw, message) => {
    expect(() => resolveAnalyzeOptions(['a.fit'], raw)).toThrow(message);
  });

  it('needs at least one path', () => {
    expect(() => resolveAnalyzeOptions([], {})).toThrow(/at least one FIT file/);
  });
});
