import { speedShare } from './speed-share';

describe('weekly speed share (spec/metrics.md section 5)', () => {
  it.each([
    ['no runs', [], { fastM: 0, coveredM: 0, speedShare: null, coverage: null, lowCoverage: false }],
    [
      'runs, none known: coverage 0',
      [{ distanceM: 10000, fastM: null }],
      { fastM: 0, coveredM: 0, speedShare: null, coverage: 0, lowCoverage: true },
    ],
    [
      'all known',
      [
        { distanceM: 12000, fastM: 3000 },
        { distanceM: 30000, fastM: 0 },
      ],
      { fastM: 3000, coveredM: 42000, speedShare: 3000 / 42000, coverage: 1, lowCoverage: false },
    ],
    [
      'half known is not low',
      [
        { distanceM: 10000, fastM: 2000 },
        { distanceM: 10000, fastM: null },
      ],
      { fastM: 2000, coveredM: 10000, speedShare: 0.2, coverage: 0.5, lowCoverage: false },
    ],
    [
      'under half known is low',
      [
        { distanceM: 9000, fastM: 2000 },
        { distanceM: 11000, fastM: null },
      ],
      { fastM: 2000, coveredM: 9000, speedShare: 2000 / 9000, coverage: 0.45, lowCoverage: true },
    ],
    [
      'runs of 0 m: W = 0 gives null coverage',
      [{ distanceM: 0, fastM: 0 }],
      { fastM: 0, coveredM: 0, speedShare: null, coverage: null, lowCoverage: false },
    ],
  ])('%s', (_, runs, expected) => {
    expect(speedShare(runs)).toEqual(expected);
  });
});
