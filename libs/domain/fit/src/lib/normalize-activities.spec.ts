import type { FitFileContent, FitLapSummary, FitRecordSample, FitSessionSummary } from './fit-content';
import { FitDecodeError } from './fit-decode-error';
import { normalizeActivityFile } from './normalize-activities';

const T0 = Date.UTC(2024, 4, 12, 6, 0);
const OPTIONS = { idPrefix: 'abc', firstSessionIndex: 0, label: '' };

function session(fields: Partial<FitSessionSummary>): FitSessionSummary {
  return {
    startMs: null,
    timestampMs: null,
    sport: 'running',
    subSport: null,
    totalDistanceM: null,
    totalTimerTimeS: null,
    totalElapsedTimeS: null,
    totalAscentM: null,
    totalDescentM: null,
    avgHeartRateBpm: null,
    avgCadence: null,
    avgRunningCadence: null,
    avgFractionalCadence: null,
    ...fields,
  };
}

function record(offsetS: number, fields: Partial<FitRecordSample> = {}): FitRecordSample {
  return {
    timeMs: T0 + offsetS * 1000,
    distanceM: null,
    speedMps: null,
    altitudeM: null,
    heartRateBpm: null,
    cadence: null,
    fractionalCadence: null,
    ...fields,
  };
}

function lap(offsetS: number): FitLapSummary {
  return {
    startMs: T0 + offsetS * 1000,
    timestampMs: null,
    totalTimerTimeS: 60,
    totalElapsedTimeS: 60,
    totalDistanceM: 200,
    avgSpeedMps: 3.333,
    intensity: 'active',
  };
}

function content(fields: Partial<FitFileContent>): FitFileContent {
  return {
    fileType: 'activity',
    hasFileId: true,
    timeCreatedMs: T0,
    device: { manufacturer: 'garmin', product: 'fr255' },
    activity: { timestampMs: T0 + 3_600_000, localTimestampMs: T0 + 7_200_000, totalTimerTimeS: 3000 },
    sessions: [],
    laps: [],
    records: [],
    sportHint: null,
    subSportHint: null,
    ...fields,
  };
}

function failure(input: FitFileContent): { code: string; message: string } {
  try {
    normalizeActivityFile(input, OPTIONS);
  } catch (error) {
    if (error instanceof FitDecodeError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('normalizeActivityFile accepted the content');
}

describe('normalizeActivityFile', () => {
  it('gives each session its own records and laps, and every session the file offset', () => {
    const { activities, warnings } = normalizeActivityFile(
      content({
        sessions: [
          session({ startMs: T0, sport: 'cycling', totalDistanceM: 1000 }),
          session({ startMs: T0 + 10_000, sport: 'running', totalDistanceM: 50 }),
        ],
        records: [record(-5), record(0), record(5), record(10), record(15)],
        laps: [lap(-60), lap(0), lap(10)],
      }),
      OPTIONS,
    );
    expect(
      activities.map((a) => [a.id, a.sport, a.sportClass, a.stream?.timeS, a.laps.length, a.utcOffsetS]),
    ).toEqual([
      ['abc-0', 'cycling', 'cross-training', [0, 5], 2, 3600],
      ['abc-1', 'running', 'running', [0, 5], 1, 3600],
    ]);
    expect(warnings).toEqual(['1 records before the first session start were left out']);
  });

  it('keeps session indices in file order when sessions are not chronological, continuing a chain', () => {
    const { activities, sessionCount } = normalizeActivityFile(
      content({ sessions: [session({ startMs: T0 + 60_000 }), session({ startMs: T0, sport: 'walking' })] }),
      { ...OPTIONS, firstSessionIndex: 3 },
    );
    expect(activities.map((a) => [a.id, a.sport])).toEqual([
      ['abc-3', 'running'],
      ['abc-4', 'walking'],
    ]);
    expect(sessionCount).toBe(2);
  });

  it('derives what the summary lacks from the records (spec/metrics.md sections 3 and 8)', () => {
    const [run] = normalizeActivityFile(
      content({
        sessions: [session({ startMs: T0, avgHeartRateBpm: 0 })],
        records: [
          record(0, { distanceM: 0, altitudeM: 100, heartRateBpm: 140, cadence: 80, fractionalCadence: 0.5 }),
          record(5, { distanceM: 15, altitudeM: 96, heartRateBpm: 150, cadence: 0 }),
          record(10, { distanceM: 30.004, altitudeM: 98, heartRateBpm: null, cadence: 90 }),
        ],
      }),
      OPTIONS,
    ).activities;
    expect(run).toMatchObject({
      distanceM: 30,
      elapsedTimeS: 10,
      movingTimeS: null,
      ascentM: 2,
      descentM: 4,
      avgHeartRateBpm: 145,
      avgCadenceSpm: 170.5, // mean of 161 and 180; a stopped 0 is left out
    });
  });

  it('prefers the summary: distance, descent, cadence from avg_running_cadence + fractional', () => {
    const [run] = normalizeActivityFile(
      content({
        sessions: [
          session({
            startMs: T0,
            totalDistanceM: 5000.004,
            totalDescentM: 12,
            avgCadence: 80,
            avgRunningCadence: 84,
            avgFractionalCadence: 0.25,
          }),
        ],
        records: [record(0, { distanceM: 4990, altitudeM: 100 }), record(5, { altitudeM: 90 })],
      }),
      OPTIONS,
    ).activities;
    expect(run).toMatchObject({ distanceM: 5000, descentM: 12, ascentM: 0, avgCadenceSpm: 168.5 });
  });

  it('has no step cadence for sports that do not count steps', () => {
    const [swim] = normalizeActivityFile(
      content({
        sessions: [session({ startMs: T0, sport: 'swimming', avgCadence: 30 })],
        records: [record(0, { cadence: 30 })],
      }),
      OPTIONS,
    ).activities;
    expect(swim.avgCadenceSpm).toBeNull();
    expect(swim.stream?.cadenceSpm).toEqual([]);
  });

  it('derives one activity from the records of a file without sessions', () => {
    const { activities, warnings } = normalizeActivityFile(
      content({
        sportHint: 'cycling',
        records: [record(0, { distanceM: 0 }), record(30, { distanceM: 250 })],
      }),
      OPTIONS,
    );
    expect(activities).toEqual([
      expect.objectContaining({
        id: 'abc-0',
        sport: 'cycling',
        startMs: T0,
        distanceM: 250,
        movingTimeS: 3000,
        elapsedTimeS: 30,
      }),
    ]);
    expect(warnings).toEqual(['no session message: the activity is derived from 2 records']);
  });

  it('takes a missing session start from its end minus elapsed time, or from the records', () => {
    const fromEnd = normalizeActivityFile(
      content({ sessions: [session({ timestampMs: T0 + 60_000, totalElapsedTimeS: 60 })] }),
      OPTIONS,
    );
    expect(fromEnd.activities[0].startMs).toBe(T0);
    const fromRecords = normalizeActivityFile(
      content({ sessions: [session({})], records: [record(7)] }),
      OPTIONS,
    );
    expect(fromRecords.activities[0].startMs).toBe(T0 + 7000);
  });

  it('skips a session without any start when others have one', () => {
    const { activities, warnings } = normalizeActivityFile(
      content({ sessions: [session({ startMs: T0 }), session({ sport: 'cycling' })] }),
      OPTIONS,
    );
    expect(activities.map((a) => a.id)).toEqual(['abc-0']);
    expect(warnings).toEqual(['session 1 has no start time and was skipped']);
  });

  it.each([
    ['no session and no records', content({}), 'no-activity-data'],
    [
      'sessions without start and no records',
      content({ sessions: [session({}), session({})] }),
      'no-start-time',
    ],
    [
      'device-relative times with no anchor',
      content({
        timeCreatedMs: null,
        activity: null,
        sessions: [session({ startMs: 631_065_600_000 + 60_000 })],
      }),
      'no-start-time',
    ],
  ])('refuses %s', (_name, input, code) => {
    expect(failure(input).code).toBe(code);
  });
});
