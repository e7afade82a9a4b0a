import request from 'supertest';
import {
  ActivitiesRepository,
  ActivitySourcesRepository,
  SymptomLogsRepository,
  WeeklyMetricEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import type { Activity, ActivitySource, RecordStream } from '@loadwatch/domain/activity';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import type { RosterResponse, WeeksResponse } from '@loadwatch/shared/contracts';
import { DRIVERS, runActivity } from '@loadwatch/testing';
import { createFeatureTestApp, type FeatureTestApp } from '@loadwatch/testing-app';
import { CLOCK, CoachLoadViewService, HIDDEN_FROM_COACHES, LoadModule, LoadReportService } from '../src';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
/** Friday 2026-11-20, noon UTC: the current week started on Monday 2026-11-16. */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const at = (daysAgo: number) => NOW - daysAgo * DAY_MS - 4 * 3_600_000;

/** A run with a record stream whose middle third is fast (speed share, spec/metrics.md section 5). */
function run(source: ActivitySource, id: string, startMs: number, distanceM: number): Activity {
  const stream: RecordStream = {
    timeS: [],
    distanceM: [],
    speedMps: [],
    altitudeM: [],
    heartRateBpm: [],
    cadenceSpm: [],
  };
  const durationS = distanceM / 3;
  for (let t = 0, d = 0; d < distanceM; t += 10) {
    const speed = t > durationS / 3 && t < (2 * durationS) / 3 ? 4.2 : 3;
    stream.timeS.push(t);
    stream.distanceM.push(d);
    stream.speedMps.push(speed);
    stream.altitudeM.push(50);
    stream.heartRateBpm.push(150);
    stream.cadenceSpm.push(172);
    d += speed * 10;
  }
  return runActivity(source, id, startMs, distanceM, { stream });
}

/**
 * spec/rules.md section 7: a coach sees an athlete's weeks without the runs that came only from Strava. The
 * `recompute-load` job stores that view with the weeks; these tests check that after every change of which
 * runs are Strava-only it equals the view computed afresh (what CoachLoadViewService did on every coach read
 * before), and that coach reads only read it.
 */
describe.each(DRIVERS)("a coach's stored weeks on %s", (driver) => {
  let t: FeatureTestApp;
  let athlete: UserEntity;
  let coach: UserEntity;
  let sources: ActivitySourcesRepository;
  let coachView: CoachLoadViewService;
  let loadReports: LoadReportService;
  const http = () => request(t.app.getHttpServer());

  const importRun = async (activity: Activity, externalId = activity.id) => {
    const { id: _id, ...rest } = activity;
    return sources.importSource(
      { athleteId: athlete.id, source: activity.source, externalId, uploadId: null, activity: rest },
      athlete.timeZone,
      NOW,
    );
  };
  const recompute = async () => {
    await t.queue.enqueue('recompute-load', { athleteId: athlete.id });
    await t.queue.drain();
  };
  /** What CoachLoadViewService.weeksWithoutHidden computed on every read before the coach view was stored. */
  const freshWeeksWithoutHidden = async (): Promise<WeekMetrics[] | null> => {
    if ((await coachView.hiddenRuns(athlete.id)).dates.length === 0) return null;
    const dates = await t.app.get(SymptomLogsRepository).findDates(athlete.id);
    const { report } = await loadReports.build(athlete, dates, { excludeSources: HIDDEN_FROM_COACHES });
    return report.weeks;
  };
  const athleteWeeks = async () =>
    (
      await t.dataSource.getRepository(WeeklyMetricEntity).find({
        where: { athleteId: athlete.id },
        order: { weekStart: 'ASC' },
      })
    ).map((row) => row.metrics);
  const coachWeeksRoute = async () => {
    const res = await http()
      .get(`/api/athletes/${athlete.id}/weeks`)
      .set(t.as(coach.id, 'coach'))
      .expect(200);
    return (res.body as WeeksResponse).weeks;
  };
  /** The stored coach view is the fresh one, on every read path; returns the fresh weeks (null: none hidden). */
  const expectStoredEqualsFresh = async () => {
    const fresh = await freshWeeksWithoutHidden();
    await expect(coachView.weeksWithoutHidden(athlete.id)).resolves.toEqual(fresh);
    const expected = fresh ?? (await athleteWeeks());
    await expect(coachView.coachWeeks(athlete.id)).resolves.toEqual(expected);
    await expect(coachWeeksRoute()).resolves.toEqual(expected);
    return fresh;
  };

  beforeAll(async () => {
    const clock = { now: () => NOW };
    t = await createFeatureTestApp(driver, {
      name: 'load',
      modules: [LoadModule],
      composedJobs: ['recompute-load'],
      overrides: [{ provide: CLOCK, useValue: clock }],
    });
    sources = t.app.get(ActivitySourcesRepository);
    coachView = t.app.get(CoachLoadViewService);
    loadReports = t.app.get(LoadReportService);
    athlete = await t.user({ thresholdPaceSPerKm: 270 });
    coach = await t.user({ role: 'coach' });
    await t.link(coach.id, athlete.id, false);
    // Eight weeks of device runs, three a week, up to yesterday.
    for (let week = 0; week < 8; week++) {
      for (const [day, distanceM] of [
        [1, 8000],
        [3, 10_000],
        [5, 16_000],
      ] as const) {
        const daysAgo = 7 * week + day;
        await importRun(run('fit', `fit-${daysAgo}`, at(daysAgo), distanceM));
      }
    }
    await recompute();
  });
  afterAll(() => t?.close());

  it('stores "the same" as the coach view while no run came only from Strava', async () => {
    await expect(expectStoredEqualsFresh()).resolves.toBeNull();
    const rows = await t.dataSource.getRepository(WeeklyMetricEntity).findBy({ athleteId: athlete.id });
    expect(rows.length).toBeGreaterThan(7);
    expect(rows.every((row) => JSON.stringify(row.coachView) === '{"same":true}')).toBe(true);
  });

  it('after Strava-only imports, stores the weeks without them, also where a coach has no week at all', async () => {
    // One this week, and the first run of all (long before the device runs): a coach's history starts later.
    await importRun(run('strava', 'strava-now', NOW - 2 * 3_600_000, 21_000));
    await importRun(run('strava', 'strava-first', at(90), 12_000));
    await recompute();

    const fresh = await expectStoredEqualsFresh();
    const own = await athleteWeeks();
    expect(fresh).not.toBeNull();
    expect(fresh?.length).toBeLessThan(own.length);
    const thisWeek = (weeks: WeekMetrics[] | null | undefined) =>
      weeks?.find((w) => w.weekStart === '2026-11-16');
    expect((thisWeek(own)?.distanceM ?? 0) - (thisWeek(fresh)?.distanceM ?? 0)).toBe(21_000);
    const rows = await t.dataSource.getRepository(WeeklyMetricEntity).findBy({ athleteId: athlete.id });
    expect(rows.some((row) => row.coachView && 'week' in row.coachView && row.coachView.week === null)).toBe(
      true,
    );
  });

  it('after a FIT upload merges into the Strava-only run, shows it to the coach again', async () => {
    const merged = await importRun(run('fit', 'fit-now', NOW - 2 * 3_600_000 + 15_000, 21_000));
    expect(merged.outcome).toBe('merged');
    await recompute();

    const fresh = await expectStoredEqualsFresh();
    // Only the first run is still Strava-only: this week's runs are the athlete's (its EWMA ratio, carried
    // over the whole history, still differs).
    const own = (await athleteWeeks()).find((w) => w.weekStart === '2026-11-16');
    expect(fresh?.find((w) => w.weekStart === '2026-11-16')).toMatchObject({
      runs: own?.runs,
      distanceM: own?.distanceM,
      speedShare: own?.speedShare,
    });
  });

  it('after a split, hides the Strava copy again; after its deletion, hides nothing', async () => {
    const [activity] = await t.app
      .get(ActivitiesRepository)
      .listByAthlete(athlete.id, { limit: 1, offset: 0 })
      .then((page) => page.items);
    const strava = (await sources.listByActivities([activity.id]))
      .get(activity.id)
      ?.find((s) => s.source === 'strava');
    if (!strava) throw new Error('the merged run has no Strava source');
    const split = await sources.split(athlete.id, activity.id, strava.id, athlete.timeZone, NOW);
    if (split.kind !== 'split') throw new Error(`no split: ${split.kind}`);
    await recompute();
    const afterSplit = await expectStoredEqualsFresh();
    expect(afterSplit?.find((w) => w.weekStart === '2026-11-16')?.distanceM).toBeLessThan(
      (await athleteWeeks()).find((w) => w.weekStart === '2026-11-16')?.distanceM as number,
    );

    const activities = t.app.get(ActivitiesRepository);
    await expect(activities.deleteOwned(athlete.id, split.splitActivityId, NOW)).resolves.toBe(true);
    const first = (await activities.listByAthlete(athlete.id, { limit: 100, offset: 0 })).items.find(
      (a) => a.source === 'strava',
    );
    if (!first) throw new Error('the first Strava-only run is gone');
    await expect(activities.deleteOwned(athlete.id, first.id, NOW)).resolves.toBe(true);
    await recompute();
    await expect(expectStoredEqualsFresh()).resolves.toBeNull();
    const rows = await t.dataSource.getRepository(WeeklyMetricEntity).findBy({ athleteId: athlete.id });
    expect(rows.every((row) => JSON.stringify(row.coachView) === '{"same":true}')).toBe(true);
  });

  it('reads the stored coach view on the roster and the weeks route, computing nothing', async () => {
    await importRun(run('strava', 'strava-again', NOW - 3 * 3_600_000, 15_000));
    await recompute();
    const fresh = await freshWeeksWithoutHidden();
    const thisWeek = fresh?.find((w) => w.weekStart === '2026-11-16');
    expect(thisWeek).toBeDefined();

    const build = jest.spyOn(loadReports, 'build');
    const buildViews = jest.spyOn(loadReports, 'buildViews');
    const findAllForLoad = jest.spyOn(t.app.get(ActivitiesRepository), 'findAllForLoad');
    try {
      const roster = await http().get('/api/coach/athletes').set(t.as(coach.id, 'coach')).expect(200);
      const [row] = (roster.body as RosterResponse).athletes;
      expect(row).toMatchObject({
        athleteId: athlete.id,
        weekStart: '2026-11-16',
        weekDistanceM: thisWeek?.distanceM,
        weekRuns: thisWeek?.runs,
        ramp: thisWeek?.ramp,
        speedShare: thisWeek?.speedShare,
      });
      await expect(coachWeeksRoute()).resolves.toEqual(fresh);
      expect(build).not.toHaveBeenCalled();
      expect(buildViews).not.toHaveBeenCalled();
      expect(findAllForLoad).not.toHaveBeenCalled();
    } finally {
      build.mockRestore();
      buildViews.mockRestore();
      findAllForLoad.mockRestore();
    }
  });
});
