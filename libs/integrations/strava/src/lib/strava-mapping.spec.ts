import type { StravaLap, StravaStreamSet, StravaSummaryActivity } from './strava-client';
import { toActivity } from './strava-mapping';

const START = '2025-06-01T07:00:00Z';
const START_MS = Date.UTC(2025, 5, 1, 7, 0, 0);

function summary(over: Partial<StravaSummaryActivity> = {}): StravaSummaryActivity {
  return {
    id: 123,
    sport_type: 'Run',
    type: 'Run',
    start_date: START,
    utc_offset: 7200,
    distance: 10_000,
    moving_time: 3000,
    elapsed_time: 3100,
    total_elevation_gain: 42,
    average_heartrate: 150,
    average_cadence: 86,
    manual: false,
    device_name: 'Garmin Forerunner 265',
    ...over,
  };
}

function streams(over: Record<string, unknown[] | undefined> = {}): StravaStreamSet {
  const data: Record<string, unknown[] | undefined> = {
    time: [0, 10, 20, 30],
    distance: [0, 30, 62, 95],
    velocity_smooth: [3, 3.1, 3.2, 3.3],
    altitude: [100, 98, 99, 95.5],
    heartrate: [120, 130, 140, 150],
    cadence: [84, 85, 86, 87],
    ...over,
  };
  return Object.fromEntries(
    Object.entries(data)
      .filter(([, values]) => values !== undefined)
      .map(([key, values]) => [key, { data: values as unknown[] }]),
  );
}

const LAPS: StravaLap[] = [
  { start_date: START, moving_time: 1500, elapsed_time: 1550, distance: 5000, average_speed: 3.33 },
  { start_date: '2025-06-01T07:25:50Z', moving_time: 1500, elapsed_time: 1550, distance: 5000 },
];

describe('toActivity: a Strava activity as the normalized Activity', () => {
  it('maps a recorded run: summary fields, laps, streams, step cadence, descent from the altitude stream', () => {
    const activity = toActivity(summary(), LAPS, streams());
    expect(activity).toEqual({
      id: 'strava-123',
      source: 'strava',
      sport: 'Run',
      subSport: null,
      sportClass: 'running',
      startMs: START_MS,
      utcOffsetS: 7200,
      distanceM: 10_000,
      movingTimeS: 3000,
      elapsedTimeS: 3100,
      ascentM: 42,
      // Drops 100 -> 98 and 99 -> 95.5.
      descentM: 5.5,
      avgHeartRateBpm: 150,
      avgCadenceSpm: 172,
      laps: [
        {
          startMs: START_MS,
          timerTimeS: 1500,
          elapsedTimeS: 1550,
          distanceM: 5000,
          avgSpeedMps: 3.33,
          intensity: null,
        },
        {
          startMs: START_MS + 1550_000,
          timerTimeS: 1500,
          elapsedTimeS: 1550,
          distanceM: 5000,
          avgSpeedMps: null,
          intensity: null,
        },
      ],
      stream: {
        timeS: [0, 10, 20, 30],
        distanceM: [0, 30, 62, 95],
        speedMps: [3, 3.1, 3.2, 3.3],
        altitudeM: [100, 98, 99, 95.5],
        heartRateBpm: [120, 130, 140, 150],
        cadenceSpm: [168, 170, 172, 174],
      },
      device: { manufacturer: null, product: 'Garmin Forerunner 265' },
    });
  });

  it('stores a manual activity without a stream: unknown speed share, no descent, no cadence', () => {
    const activity = toActivity(
      summary({
        manual: true,
        average_cadence: undefined,
        average_heartrate: undefined,
        device_name: undefined,
      }),
      [],
      null,
    );
    expect(activity).toMatchObject({
      sportClass: 'running',
      distanceM: 10_000,
      movingTimeS: 3000,
      stream: null,
      laps: [],
      descentM: null,
      avgCadenceSpm: null,
      avgHeartRateBpm: null,
      device: null,
    });
  });

  it.each<[string, Partial<StravaSummaryActivity>, string, 'running' | 'walking' | 'cross-training']>([
    ['sport_type Run', { sport_type: 'Run' }, 'Run', 'running'],
    ['sport_type TrailRun', { sport_type: 'TrailRun', type: 'Run' }, 'TrailRun', 'running'],
    ['sport_type VirtualRun', { sport_type: 'VirtualRun' }, 'VirtualRun', 'running'],
    ['sport_type Walk', { sport_type: 'Walk', type: 'Walk' }, 'Walk', 'walking'],
    ['sport_type Hike', { sport_type: 'Hike', type: 'Hike' }, 'Hike', 'walking'],
    ['sport_type Ride', { sport_type: 'Ride', type: 'Ride' }, 'Ride', 'cross-training'],
    ['an unknown sport_type', { sport_type: 'Pickleball', type: 'Workout' }, 'Pickleball', 'cross-training'],
    ['only the legacy type', { sport_type: undefined, type: 'Run' }, 'Run', 'running'],
    ['no sport at all', { sport_type: undefined, type: undefined }, 'Unknown', 'cross-training'],
  ])('classifies %s', (_case, over, sport, sportClass) => {
    expect(toActivity(summary(over), [], null)).toMatchObject({ sport, sportClass });
  });

  it.each<[string, Partial<StravaSummaryActivity>, number | null, (number | null)[]]>([
    ['a run: strides doubled to steps', { sport_type: 'Run' }, 172, [168, 170, 172, 174]],
    ['a walk: strides doubled to steps', { sport_type: 'Walk' }, 172, [168, 170, 172, 174]],
    ['a ride: rpm is not a step cadence', { sport_type: 'Ride' }, null, []],
    [
      'a run without a cadence',
      { sport_type: 'Run', average_cadence: undefined },
      null,
      [168, 170, 172, 174],
    ],
  ])('cadence of %s', (_case, over, average, stream) => {
    const activity = toActivity(summary(over), [], streams());
    expect(activity.avgCadenceSpm).toBe(average);
    expect(activity.stream?.cadenceSpm).toEqual(stream);
  });

  it.each<[string, Record<string, unknown[] | undefined>, number | null]>([
    ['drops of the stream, rounded to 0.1 m', { altitude: [10, 9.96, 10.5, 9.43] }, 1.1],
    ['gaps skipped (drop measured to the next known altitude)', { altitude: [10, null, 8, 8] }, 2],
    ['a climb only', { altitude: [10, 11, 12, 13] }, 0],
    ['a single known altitude', { altitude: [null, 10, null, null] }, null],
    ['no altitude stream', { altitude: undefined }, null],
    ['an altitude stream of another length', { altitude: [10, 9] }, null],
  ])('descent: %s', (_case, over, descent) => {
    expect(toActivity(summary(), [], streams(over)).descentM).toBe(descent);
  });

  it.each<[string, Record<string, unknown[] | undefined>, Partial<Record<string, unknown>> | null]>([
    ['no time stream: no stream at all', { time: undefined }, null],
    ['a time stream with a hole: no stream', { time: [0, 10, null, 30] }, null],
    [
      'an empty time stream: no stream',
      { time: [], distance: [], velocity_smooth: [], altitude: [], heartrate: [], cadence: [] },
      null,
    ],
    [
      'a column of another length is left out, values that are not numbers become null',
      { heartrate: [120, 130], velocity_smooth: [3, 'fast', null, 3.3] },
      { heartRateBpm: [], speedMps: [3, null, null, 3.3] },
    ],
  ])('streams: %s', (_case, over, expected) => {
    const { stream } = toActivity(summary(), [], streams(over));
    if (expected === null) expect(stream).toBeNull();
    else expect(stream).toMatchObject(expected);
  });

  it('drops laps without a valid start and reads fields that are not numbers as unknown', () => {
    const activity = toActivity(
      summary({ distance: Number.NaN, utc_offset: undefined }),
      [{ moving_time: 60 }, { start_date: 'yesterday' }, { start_date: START, distance: 400 }],
      null,
    );
    expect(activity.distanceM).toBeNull();
    expect(activity.utcOffsetS).toBeNull();
    expect(activity.laps).toEqual([
      {
        startMs: START_MS,
        timerTimeS: null,
        elapsedTimeS: null,
        distanceM: 400,
        avgSpeedMps: null,
        intensity: null,
      },
    ]);
  });

  it.each([undefined, '', 'not a date'])('refuses an activity whose start_date is %p', (startDate) => {
    expect(() => toActivity(summary({ start_date: startDate }), [], null)).toThrow(/no valid start_date/);
  });
});
