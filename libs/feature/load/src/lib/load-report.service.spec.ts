import type { ActivitiesRepository, ActivityWithStream, UserEntity } from '@loadwatch/data-access/db';
import type { Clock } from './clock';
import { loadSettingsOf, LoadReportService, toActivity } from './load-report.service';

const ATHLETE = {
  id: 'athlete-1',
  timeZone: 'Europe/London',
  weekStart: 'monday',
  thresholdPaceSPerKm: 240,
} as UserEntity;

function run(id: string, start: string, km: number, utcOffsetS: number | null = null): ActivityWithStream {
  return {
    activity: {
      id,
      source: 'fit',
      sport: 'running',
      subSport: null,
      sportClass: 'running',
      startMs: Date.parse(start),
      utcOffsetS,
      distanceM: km * 1000,
      movingTimeS: km * 300,
      elapsedTimeS: km * 300,
      ascentM: null,
      descentM: null,
      avgHeartRateBpm: null,
      avgCadenceSpm: null,
      laps: [],
      device: null,
    } as unknown as ActivityWithStream['activity'],
    stream: null,
  };
}

const clockAt = (iso: string): Clock => ({ now: () => Date.parse(iso) });

describe('loadSettingsOf', () => {
  it.each<[string, number | null, number | null]>([
    ['a threshold pace of 4:00/km is 1000/240 m/s', 240, 1000 / 240],
    ['no threshold pace: estimate a critical speed', null, null],
    ['a zero pace is no setting', 0, null],
  ])('%s', (_name, pace, speed) => {
    expect(loadSettingsOf({ ...ATHLETE, thresholdPaceSPerKm: pace })).toEqual({
      timeZone: 'Europe/London',
      weekStart: 'monday',
      thresholdSpeedMps: speed,
    });
  });
});

describe('LoadReportService.today', () => {
  it.each<[string, string, string]>([
    ['2026-10-31T23:30:00Z', 'Europe/London', '2026-10-31'],
    ['2026-10-31T23:30:00Z', 'Asia/Tokyo', '2026-11-01'],
    ['2026-10-31T23:30:00Z', 'America/Los_Angeles', '2026-10-31'],
    ['2026-07-01T23:30:00Z', 'Europe/London', '2026-07-02'],
  ])('at %s in %s it is %s', (now, timeZone, today) => {
    const service = new LoadReportService({} as ActivitiesRepository, clockAt(now));
    expect(service.today({ timeZone })).toBe(today);
  });
});

describe('LoadReportService.build', () => {
  it('computes the report as of today, from the stored activities with their stored ids', async () => {
    const stored = [run('a1', '2026-10-04T06:00:00Z', 12), run('a2', '2026-10-06T06:00:00Z', 8)];
    const activities = { findAllForLoad: jest.fn(async () => stored) };
    const service = new LoadReportService(
      activities as unknown as ActivitiesRepository,
      clockAt('2026-10-21T12:00:00Z'),
    );
    const { asOf, report } = await service.build(ATHLETE, ['2026-10-21']);
    expect(activities.findAllForLoad).toHaveBeenCalledWith('athlete-1', {});
    expect(asOf).toBe('2026-10-21');
    expect(report.asOf).toBe('2026-10-21');
    expect(report.weeks.map((w) => [w.weekStart, w.distanceM, w.complete])).toEqual([
      ['2026-09-28', 12000, true],
      ['2026-10-05', 8000, true],
      ['2026-10-12', 0, true],
      ['2026-10-19', 0, false],
    ]);
    expect(report.runs.map((r) => r.activityId)).toEqual(['a1', 'a2']);
    expect(report.weeks[0].thresholdSpeedMps).toBeCloseTo(1000 / 240, 6);
  });

  it('leaves out activities dated after today', async () => {
    const stored = [run('a1', '2026-10-04T06:00:00Z', 12), run('later', '2026-10-30T06:00:00Z', 8)];
    const service = new LoadReportService(
      { findAllForLoad: async () => stored } as unknown as ActivitiesRepository,
      clockAt('2026-10-10T12:00:00Z'),
    );
    const { report } = await service.build(ATHLETE, []);
    expect(report.runs.map((r) => r.activityId)).toEqual(['a1']);
  });
});

describe('toActivity', () => {
  it('keeps the stored id and attaches the stream', () => {
    const item = run('a1', '2026-10-04T06:00:00Z', 12, 3600);
    const stream = {
      timeS: [0],
      distanceM: [0],
      speedMps: [3],
      altitudeM: [],
      heartRateBpm: [],
      cadenceSpm: [],
    };
    expect(toActivity({ ...item, stream })).toMatchObject({ id: 'a1', utcOffsetS: 3600, stream });
  });
});
