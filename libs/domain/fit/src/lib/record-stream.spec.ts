import type { FitRecordSample } from './fit-content';
import { altitudeChange, buildRecordStream, lastValue, positiveMean, stepsPerMinute } from './record-stream';

function sample(timeMs: number, fields: Partial<FitRecordSample> = {}): FitRecordSample {
  return {
    timeMs,
    distanceM: null,
    speedMps: null,
    altitudeM: null,
    heartRateBpm: null,
    cadence: null,
    fractionalCadence: null,
    ...fields,
  };
}

describe('buildRecordStream', () => {
  const start = Date.UTC(2024, 0, 1);

  it('has no stream without records', () => {
    expect(buildRecordStream([], start, true)).toBeNull();
  });

  it('keeps parallel arrays, seconds since start and FIT resolution', () => {
    const stream = buildRecordStream(
      [
        sample(start, { distanceM: 0, speedMps: 0, altitudeM: 98.60000000000002, heartRateBpm: 120 }),
        sample(start + 1500, { distanceM: 3.456789, speedMps: 2.30000001, altitudeM: 99.2 }),
      ],
      start,
      false,
    );
    expect(stream).toEqual({
      timeS: [0, 1.5],
      distanceM: [0, 3.46],
      speedMps: [0, 2.3],
      altitudeM: [98.6, 99.2],
      heartRateBpm: [120, null],
      cadenceSpm: [],
    });
  });

  it('doubles foot cadence (strides/min + fractional) into steps/min, and leaves out other cadence', () => {
    const records = [
      sample(start, { cadence: 89, fractionalCadence: 0.5 }),
      sample(start + 1000, { cadence: 0 }),
    ];
    expect(buildRecordStream(records, start, true)?.cadenceSpm).toEqual([179, 0]);
    expect(buildRecordStream(records, start, false)?.cadenceSpm).toEqual([]);
  });
});

describe('stream summaries', () => {
  it('converts summary cadence to steps per minute (spec/metrics.md section 3)', () => {
    expect(stepsPerMinute(83, 0.671875)).toBe(167.34);
    expect(stepsPerMinute(83, null)).toBe(166);
    expect(stepsPerMinute(null, 0.5)).toBeNull();
  });

  it('sums rises and drops of the altitude stream (spec/metrics.md section 8)', () => {
    expect(altitudeChange([100, 105, null, 102, 102, 110, 90])).toEqual({ ascentM: 13, descentM: 23 });
    expect(altitudeChange([100, null])).toBeNull();
    expect(altitudeChange([])).toBeNull();
  });

  it('takes the last distance and the mean of positive values', () => {
    expect(lastValue([0, 5, null])).toBe(5);
    expect(lastValue([null])).toBeNull();
    expect(positiveMean([0, 100, 110, null], 0)).toBe(105);
    expect(positiveMean([0, null], 0)).toBeNull();
  });
});
