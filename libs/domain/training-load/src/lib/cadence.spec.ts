import { weightedCadence } from './cadence';

describe('weekly cadence (spec/metrics.md section 8)', () => {
  it.each([
    ['no runs', [], null],
    ['no cadence', [{ avgCadenceSpm: null, movingTimeS: 3600 }], null],
    [
      'moving-time weighted',
      [
        { avgCadenceSpm: 170, movingTimeS: 3600 },
        { avgCadenceSpm: 180, movingTimeS: 1200 },
        { avgCadenceSpm: null, movingTimeS: 9000 },
      ],
      (170 * 3600 + 180 * 1200) / 4800,
    ],
    [
      'elapsed time when moving time is missing',
      [
        { avgCadenceSpm: 170, movingTimeS: null, elapsedTimeS: 1000 },
        { avgCadenceSpm: 180, movingTimeS: 3000 },
      ],
      177.5,
    ],
    [
      'plain mean when no run has a time',
      [
        { avgCadenceSpm: 170, movingTimeS: null },
        { avgCadenceSpm: 180, movingTimeS: 0 },
      ],
      175,
    ],
  ])('%s', (_, runs, expected) => {
    expect(weightedCadence(runs)).toBe(expected);
  });
});
