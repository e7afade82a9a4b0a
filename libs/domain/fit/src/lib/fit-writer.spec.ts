import { decodeFit } from './fit-decoder';
import { encodeActivityFit } from './fit-writer';

describe('encodeActivityFit', () => {
  it('writes a FIT file that the product decodes back to the same run', () => {
    const bytes = encodeActivityFit({
      start: new Date('2026-10-18T06:00:00Z'),
      utcOffsetS: 3600,
      segments: [
        { distanceM: 2000, speedMps: 3.5 },
        { distanceM: 1000, speedMps: 4.5 },
      ],
    });
    const [activity] = decodeFit(bytes, { idPrefix: 'test' }).activities;
    expect(activity.sportClass).toBe('running');
    expect(activity.startMs).toBe(Date.parse('2026-10-18T06:00:00Z'));
    expect(activity.utcOffsetS).toBe(3600);
    expect(activity.distanceM).toBeCloseTo(3000, 0);
    expect(activity.laps).toHaveLength(2);
    expect(activity.stream?.timeS.length).toBeGreaterThan(700);
  });
});
