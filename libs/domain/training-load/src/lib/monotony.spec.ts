import { monotony, strain } from './monotony';

describe('monotony and strain (spec/metrics.md section 7)', () => {
  it.each([
    ['a week without runs', [0, 0, 0, 0, 0, 0, 0], false, null],
    ['equal days: sd = 0', [5000, 5000, 5000, 5000, 5000, 5000, 5000], true, 10],
    ['runs of 0 m: sd = 0', [0, 0, 0, 0, 0, 0, 0], true, 10],
    ['one run', [10000, 0, 0, 0, 0, 0, 0], true, 1 / Math.sqrt(6)],
    ['capped at 10', [1000, 1000, 1000, 1000, 1000, 1000, 1001], true, 10],
    ['three runs', [8000, 0, 10000, 0, 0, 0, 12000], true, mean([8000, 0, 10000, 0, 0, 0, 12000])],
  ])('%s', (_, loads, hasRuns, expected) => {
    const value = monotony(loads, hasRuns);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 12);
  });

  it('gives strain as km times monotony', () => {
    expect(strain(30000, 2)).toBe(60);
    expect(strain(0, null)).toBeNull();
  });
});

/** mean / population sd, written out. */
function mean(loads: number[]): number {
  const m = loads.reduce((a, b) => a + b, 0) / loads.length;
  const sd = Math.sqrt(loads.reduce((a, b) => a + (b - m) ** 2, 0) / loads.length);
  return m / sd;
}
