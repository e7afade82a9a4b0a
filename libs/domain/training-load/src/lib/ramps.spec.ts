import { baseline, rampVsBaseline, weekOverWeekRamp } from './ramps';

describe('ramps (spec/metrics.md section 4)', () => {
  it.each([
    [32000, 30000, 2 / 30],
    [0, 42000, -1],
    [10000, 0, null],
    [10000, null, null],
    [0, 0, null],
  ])('ramp of %d after %p is %p', (current, previous, expected) => {
    const ramp = weekOverWeekRamp(current, previous);
    if (expected === null) expect(ramp).toBeNull();
    else expect(ramp).toBeCloseTo(expected, 12);
  });

  it.each([
    [[], null],
    [[30000], 30000],
    [[30000, 32000, 42000], 104000 / 3],
    [[30000, 32000, 42000, 0], 26000],
    [[0, 0], 0],
  ])('baseline of %j is %p', (weeks, expected) => {
    expect(baseline(weeks)).toBe(expected);
  });

  it.each([
    [10000, 26000, -16 / 26],
    [0, 34000, -1],
    [10000, 0, null],
    [10000, null, null],
  ])('ramp4 of %d over base %p is %p', (current, base, expected) => {
    const ramp4 = rampVsBaseline(current, base);
    if (expected === null) expect(ramp4).toBeNull();
    else expect(ramp4).toBeCloseTo(expected, 12);
  });
});
