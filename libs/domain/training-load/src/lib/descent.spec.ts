import { descentFromAltitude, runDescent, weekDescent } from './descent';
import { stream } from '../../test/factories';

describe('descent (spec/metrics.md section 8)', () => {
  it.each([
    [[100, 90, 95, 80, null, 85, 60], 10 + 15 + 25],
    [[100, 110, 120], 0],
    [[100], null],
    [[null, null], null],
    [[], null],
  ])('altitudes %j drop %p m', (altitudes, expected) => {
    expect(descentFromAltitude(altitudes)).toBe(expected);
  });

  it('takes the summary first, else the altitude stream', () => {
    const altitudeM = [50, 40, 30];
    expect(runDescent({ descentM: 12, stream: stream({ timeS: [0, 1, 2], altitudeM }) })).toBe(12);
    expect(runDescent({ descentM: null, stream: stream({ timeS: [0, 1, 2], altitudeM }) })).toBe(20);
    expect(runDescent({ descentM: null, stream: null })).toBeNull();
  });

  it.each([
    [[], null],
    [[null, null], null],
    [[null, 120, 30], 150],
    [[0], 0],
  ])('a week of %j descends %p m', (descents, expected) => {
    expect(weekDescent(descents)).toBe(expected);
  });
});
