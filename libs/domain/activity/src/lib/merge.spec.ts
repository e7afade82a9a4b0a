import type { ActivitySource, RecordStream } from './activity';
import {
  findMergeTarget,
  isSameRun,
  mergeSources,
  sourceKeyOf,
  type MergeCandidate,
  type RunWindow,
  type SourceActivity,
} from './merge';

const START = Date.parse('2026-10-18T06:00:00Z');

function run(over: Partial<RunWindow> = {}): RunWindow {
  return { startMs: START, movingTimeS: 3000, elapsedTimeS: 3100, ...over };
}

const STREAM: RecordStream = {
  timeS: [0, 1, 2],
  distanceM: [0, 3, 6],
  speedMps: [3, 3, 3],
  altitudeM: [],
  heartRateBpm: [],
  cadenceSpm: [],
};

function source(kind: ActivitySource, over: Partial<SourceActivity> = {}): SourceActivity {
  return {
    source: kind,
    sport: kind === 'fit' ? 'running' : kind === 'strava' ? 'Run' : 'RUNNING',
    subSport: null,
    sportClass: 'running',
    startMs: START,
    utcOffsetS: null,
    distanceM: 10_000,
    movingTimeS: 3000,
    elapsedTimeS: 3100,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: null,
    avgCadenceSpm: null,
    laps: [],
    device: null,
    stream: null,
    ...over,
  };
}

describe('isSameRun (issue 6: start within 60 s, duration within 5 %)', () => {
  it.each<[string, Partial<RunWindow>, boolean]>([
    ['the same start and times', {}, true],
    ['a start 60 s later', { startMs: START + 60_000 }, true],
    ['a start 61 s earlier', { startMs: START - 61_000 }, false],
    ['durations 5 % apart', { movingTimeS: 3150, elapsedTimeS: 3255 }, true],
    ['durations over 5 % apart', { movingTimeS: 2800, elapsedTimeS: 2900 }, false],
    // A Garmin summary's one duration (timer time) against a run with stops: Strava's elapsed time decides.
    [
      'a single duration over 5 % from the moving time, close to the elapsed time',
      { movingTimeS: 3200, elapsedTimeS: null },
      true,
    ],
    ['a single duration close to neither', { movingTimeS: 3300, elapsedTimeS: null }, false],
    ['only a moving time, close to the other elapsed time', { movingTimeS: 3090, elapsedTimeS: null }, true],
    ['no duration at all', { movingTimeS: null, elapsedTimeS: null }, false],
  ])('%s: %p', (_name, over, expected) => {
    expect(isSameRun(run(), run(over))).toBe(expected);
    expect(isSameRun(run(over), run())).toBe(expected);
  });
});

describe('findMergeTarget', () => {
  const candidate = (activityId: string, over: Partial<MergeCandidate> = {}): MergeCandidate => ({
    activityId,
    ...run(),
    sources: ['fit'],
    keptApart: false,
    ...over,
  });

  it('picks the matching activity with the nearest start', () => {
    const target = findMergeTarget({ ...run({ startMs: START + 20_000 }), source: 'strava' }, [
      candidate('far', { startMs: START - 30_000 }),
      candidate('near', { startMs: START + 10_000 }),
      candidate('other-run', { startMs: START + 20_000, movingTimeS: 600, elapsedTimeS: 600 }),
    ]);
    expect(target?.activityId).toBe('near');
  });

  it.each<[string, Partial<MergeCandidate>]>([
    ['it already has a source of the same kind', { sources: ['strava'] }],
    ['the athlete split it', { keptApart: true }],
    ['its start is too far', { startMs: START + 120_000 }],
  ])('merges into nothing when %s', (_name, over) => {
    expect(findMergeTarget({ ...run(), source: 'strava' }, [candidate('a', over)])).toBeNull();
  });
});

describe('mergeSources (field-level choice)', () => {
  it('takes each field from the first source in precedence that has it', () => {
    const merged = mergeSources([
      source('garmin', {
        startMs: START + 2000,
        avgHeartRateBpm: 151,
        ascentM: 80,
        device: { manufacturer: 'garmin', product: 'fr965' },
      }),
      source('fit', { distanceM: 10_012, stream: STREAM, utcOffsetS: 3600 }),
    ]);
    expect(merged).toMatchObject({
      primary: 'fit',
      sport: 'running',
      startMs: START,
      distanceM: 10_012,
      avgHeartRateBpm: 151,
      ascentM: 80,
      utcOffsetS: 3600,
      stream: STREAM,
      device: { manufacturer: 'garmin', product: 'fr965' },
    });
    expect(merged.fieldSources).toEqual({
      sport: 'fit',
      startMs: 'fit',
      utcOffsetS: 'fit',
      distanceM: 'fit',
      movingTimeS: 'fit',
      elapsedTimeS: 'fit',
      ascentM: 'garmin',
      avgHeartRateBpm: 'garmin',
      device: 'garmin',
      stream: 'fit',
    });
  });

  it('prefers a record stream from a file over a provider stream', () => {
    const stravaStream = { ...STREAM, speedMps: [2, 2, 2] };
    const merged = mergeSources([
      source('strava', { stream: stravaStream }),
      source('garmin', { stream: STREAM }),
    ]);
    expect(merged.stream).toBe(STREAM);
    expect(merged.fieldSources.stream).toBe('garmin');
  });

  it('never fills a field from Strava once a file or Garmin is a source (coaches see the activity)', () => {
    const merged = mergeSources([
      source('strava', { avgHeartRateBpm: 150, stream: STREAM, laps: [lap()] }),
      source('fit', { avgHeartRateBpm: null }),
    ]);
    expect(merged.avgHeartRateBpm).toBeNull();
    expect(merged.stream).toBeNull();
    expect(merged.laps).toEqual([]);
    expect(Object.values(merged.fieldSources)).not.toContain('strava');
  });

  it('is Strava throughout for a Strava-only activity', () => {
    const merged = mergeSources([source('strava', { avgHeartRateBpm: 150, stream: STREAM })]);
    expect(merged).toMatchObject({ primary: 'strava', sport: 'Run', avgHeartRateBpm: 150, stream: STREAM });
  });

  it('refuses an empty list', () => {
    expect(() => mergeSources([])).toThrow();
  });
});

it('names a source by its kind and external id', () => {
  expect(sourceKeyOf('strava', '1234')).toBe('strava:1234');
});

function lap() {
  return {
    startMs: START,
    timerTimeS: 3000,
    elapsedTimeS: 3100,
    distanceM: 10_000,
    avgSpeedMps: 3.3,
    intensity: null,
  };
}
