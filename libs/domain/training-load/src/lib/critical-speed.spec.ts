import { criticalSpeed, resolveThreshold } from './critical-speed';

describe('critical speed (spec/metrics.md section 5)', () => {
  it.each([
    [5, 4.5, (4.5 * 720 - 5 * 180) / 540],
    [4.8, 4.4, (4.4 * 720 - 4.8 * 180) / 540],
    [10, 2.5, null],
    [10, 2, null],
    [null, 4, null],
    [4, null, null],
  ])('v3 %p and v12 %p give %p', (v3, v12, expected) => {
    const cs = criticalSpeed(v3, v12);
    if (expected === null) expect(cs).toBeNull();
    else expect(cs).toBeCloseTo(expected, 12);
  });

  it('takes the setting first', () => {
    expect(resolveThreshold(4, 5, 4.5)).toEqual({
      speedMethod: 'setting',
      thresholdSpeedMps: 4,
      v3Mps: null,
      v12Mps: null,
    });
  });

  it.each([null, undefined, 0, -1, Number.NaN])('estimates when the setting is %p', (setting) => {
    expect(resolveThreshold(setting, 5, 4.5)).toEqual({
      speedMethod: 'critical-speed',
      thresholdSpeedMps: criticalSpeed(5, 4.5),
      v3Mps: 5,
      v12Mps: 4.5,
    });
  });

  it('is unknown when CS <= 0 or the inputs are missing', () => {
    expect(resolveThreshold(null, 10, 2.5)).toEqual({
      speedMethod: 'unknown',
      thresholdSpeedMps: null,
      v3Mps: 10,
      v12Mps: 2.5,
    });
    expect(resolveThreshold(null, 5, null).speedMethod).toBe('unknown');
  });
});
