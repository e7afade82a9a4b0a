import { paceSecondsToSpeed, paceToSpeed } from './pace';

describe('pace to speed (spec/metrics.md section 5)', () => {
  it.each([
    ['4:00', 'km', 1000 / 240],
    ['4:00/km', 'mi', 1000 / 240],
    ['4:00 min/km', 'km', 1000 / 240],
    ['6:26/mi', 'km', 1609.344 / 386],
    [' 6:26 / mile ', 'km', 1609.344 / 386],
    ['6:26/MI', 'km', 1609.344 / 386],
    ['8:00', 'mi', 1609.344 / 480],
    ['3:45.5', 'km', 1000 / 225.5],
    ['1:04:00', 'km', 1000 / 3840],
  ] as const)('%p (default unit %s) is %d m/s', (pace, unit, speed) => {
    expect(paceToSpeed(pace, unit)).toBeCloseTo(speed, 12);
  });

  it('reads 4:00/km as 4.1667 m/s', () => {
    expect(paceToSpeed('4:00')).toBeCloseTo(4.1667, 4);
  });

  it.each(['', '4', '4:6', '4:60', '1:60:00', '0:00', 'abc', '4:00/furlong', '-4:00', '4:00/km/mi'])(
    'rejects %p',
    (pace) => {
      expect(() => paceToSpeed(pace)).toThrow(RangeError);
    },
  );

  it.each([
    [240, 'km', 1000 / 240],
    [386, 'mi', 1609.344 / 386],
  ] as const)('%d s/%s is a speed', (seconds, unit, speed) => {
    expect(paceSecondsToSpeed(seconds, unit)).toBeCloseTo(speed, 12);
  });

  it.each([0, -240, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p s/km', (seconds) => {
    expect(() => paceSecondsToSpeed(seconds)).toThrow(RangeError);
  });
});
