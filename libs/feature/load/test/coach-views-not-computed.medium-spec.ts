import request from 'supertest';
import {
  ActivitiesRepository,
  ActivitySourcesRepository,
  SymptomLogsRepository,
  WeeklyMetricEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import type { JobName, JobPayloads } from '@loadwatch/data-access/queue';
import type { Activity } from '@loadwatch/domain/activity';
import type { WeekMetrics } from '@loadwatch/domain/training-load';
import type { RosterAthlete, RosterResponse, WeeksResponse } from '@loadwatch/shared/contracts';
import { DRIVERS, runActivity } from '@loadwatch/testing';
import { createFeatureTestApp, type FeatureTestApp } from '@loadwatch/testing-app';
import { CLOCK, CoachViewsReconciler, HIDDEN_FROM_COACHES, LoadModule, LoadReportService } from '../src';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;
/** Friday 2026-11-20, noon UTC: the current week started on Monday 2026-11-16. */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const THIS_WEEK = '2026-11-16';
const at = (daysAgo: number) => NOW - daysAgo * DAY_MS - 4 * 3_600_000;

type Enqueued = [JobName, JobPayloads[JobName]];

/**
 * spec/rules.md section 7 for weeks stored without a coach view (written before weekly_metrics.coachView
 * existed, or by any writer that knows nothing of it): a coach never sees them as they are when the athlete
 * has Strava-only runs. The read computes the coach's weeks afresh and queues `recompute-load`; once that ran,
 * reads use the stored weeks again.
 */
describe.each(DRIVERS)('coach reads of weeks stored without a coach view on %s', (driver) => {
  let t: FeatureTestApp;
  let coach: UserEntity;
  /** Device runs and a Strava-only run this week. */
  let ana: UserEntity;
  /** Device runs only. */
  let ben: UserEntity;
  let loadReports: LoadReportService;
  /** What coach reads queued; queued for real only when a test says so (`runQueued`). */
  let queued: Enqueued[] = [];
  let enqueue: jest.SpyInstance;
  const http = () => request(t.app.getHttpServer());
  const weeks = () => t.dataSource.getRepository(WeeklyMetricEntity);

  const importRun = (athlete: UserEntity, activity: Activity) => {
    const { id, ...rest } = activity;
    return t.app
      .get(ActivitySourcesRepository)
      .importSource(
        { athleteId: athlete.id, source: activity.source, externalId: id, uploadId: null, activity: rest },
        athlete.timeZone,
        NOW,
      );
  };
  /** The coach's weeks computed from the activities, as every coach read did before they were stored. */
  const freshCoachWeeks = async (athlete: UserEntity): Promise<WeekMetrics[]> => {
    const dates = await t.app.get(SymptomLogsRepository).findDates(athlete.id);
    const { report } = await loadReports.build(athlete, dates, { excludeSources: HIDDEN_FROM_COACHES });
    return report.weeks;
  };
  /** The rows as written before the CoachWeekViews migration: the athlete's weeks, no coach view. */
  const forgetCoachViews = () =>
    t.dataSource
      .createQueryBuilder()
      .update(WeeklyMetricEntity)
      .set({ coachView: () => 'NULL' })
      .execute();
  const roster = async (): Promise<RosterAthlete[]> =>
    (
      (await http().get('/api/coach/athletes').set(t.as(coach.id, 'coach')).expect(200))
        .body as RosterResponse
    ).athletes;
  const coachWeeksRoute = async (athlete: UserEntity) =>
    (
      (await http().get(`/api/athletes/${athlete.id}/weeks`).set(t.as(coach.id, 'coach')).expect(200))
        .body as WeeksResponse
    ).weeks;
  const runQueued = async () => {
    const jobs = queued;
    queued = [];
    enqueue.mockRestore();
    try {
      for (const [name, payload] of jobs) await t.queue.enqueue(name, payload);
      await t.queue.drain();
    } finally {
      enqueue = spyOnEnqueue();
    }
  };
  const spyOnEnqueue = () =>
    jest.spyOn(t.queue, 'enqueue').mockImplementation(async (name, payload) => {
      queued.push([name, payload]);
    });

  beforeAll(async () => {
    t = await createFeatureTestApp(driver, {
      name: 'load-coach-views',
      modules: [LoadModule],
      composedJobs: ['recompute-load'],
      overrides: [{ provide: CLOCK, useValue: { now: () => NOW } }],
    });
    loadReports = t.app.get(LoadReportService);
    coach = await t.user({ role: 'coach' });
    ana = await t.user({ displayName: 'Ana' });
    ben = await t.user({ displayName: 'Ben' });
    for (const athlete of [ana, ben]) {
      await t.link(coach.id, athlete.id, false);
      for (let week = 0; week < 6; week++) {
        for (const [day, distanceM] of [
          [1, 8000],
          [3, 10_000],
        ] as const) {
          const daysAgo = 7 * week + day;
          await importRun(
            athlete,
            runActivity('fit', `${athlete.id}-fit-${daysAgo}`, at(daysAgo), distanceM),
          );
        }
      }
    }
    await importRun(ana, runActivity('strava', 'ana-strava', NOW - 2 * 3_600_000, 21_000));
    for (const athlete of [ana, ben]) await t.queue.enqueue('recompute-load', { athleteId: athlete.id });
    await t.queue.drain();
    await forgetCoachViews();
    enqueue = spyOnEnqueue();
  });
  afterAll(async () => {
    enqueue?.mockRestore();
    await t?.close();
  });

  it('shows the coach weeks without the Strava-only run, computed afresh, and queues a recompute', async () => {
    const fresh = await freshCoachWeeks(ana);
    const thisWeek = fresh.find((w) => w.weekStart === THIS_WEEK);
    const stored = await weeks().findOneByOrFail({ athleteId: ana.id, weekStart: THIS_WEEK });
    // The stored week holds the Strava run; the coach's does not.
    expect(stored.coachView).toBeNull();
    expect(stored.distanceM - (thisWeek?.distanceM ?? 0)).toBe(21_000);
    const benWeek = await weeks().findOneByOrFail({ athleteId: ben.id, weekStart: THIS_WEEK });

    const build = jest.spyOn(loadReports, 'build');
    try {
      const rows = await roster();
      expect(rows.find((row) => row.athleteId === ana.id)).toMatchObject({
        weekStart: THIS_WEEK,
        weekDistanceM: thisWeek?.distanceM,
        weekRuns: thisWeek?.runs,
        ramp: thisWeek?.ramp,
        speedShare: thisWeek?.speedShare,
      });
      // Without Strava-only runs, the weeks are right as stored.
      expect(rows.find((row) => row.athleteId === ben.id)).toMatchObject({
        weekDistanceM: benWeek.distanceM,
        weekRuns: benWeek.runs,
      });
      await expect(coachWeeksRoute(ana)).resolves.toEqual(fresh);
      await expect(coachWeeksRoute(ben)).resolves.toEqual(
        (await weeks().find({ where: { athleteId: ben.id }, order: { weekStart: 'ASC' } })).map(
          (row) => row.metrics,
        ),
      );
      expect(build.mock.calls.map(([athlete]) => athlete.id)).toEqual([ana.id, ana.id]);
    } finally {
      build.mockRestore();
    }
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every(([name, payload]) => name === 'recompute-load' && 'athleteId' in payload)).toBe(true);
    expect(new Set(queued.map(([, payload]) => (payload as { athleteId: string }).athleteId))).toEqual(
      new Set([ana.id]),
    );
  });

  it('once the queued recompute ran, reads the stored coach view and computes nothing', async () => {
    await runQueued();
    const rows = await weeks().findBy({ athleteId: ana.id });
    expect(rows.every((row) => row.coachView !== null)).toBe(true);
    const fresh = await freshCoachWeeks(ana);
    const thisWeek = fresh.find((w) => w.weekStart === THIS_WEEK);

    const build = jest.spyOn(loadReports, 'build');
    const buildViews = jest.spyOn(loadReports, 'buildViews');
    const findAllForLoad = jest.spyOn(t.app.get(ActivitiesRepository), 'findAllForLoad');
    try {
      expect((await roster()).find((row) => row.athleteId === ana.id)).toMatchObject({
        weekDistanceM: thisWeek?.distanceM,
        weekRuns: thisWeek?.runs,
        ramp: thisWeek?.ramp,
      });
      await expect(coachWeeksRoute(ana)).resolves.toEqual(fresh);
      expect(build).not.toHaveBeenCalled();
      expect(buildViews).not.toHaveBeenCalled();
      expect(findAllForLoad).not.toHaveBeenCalled();
      expect(queued).toEqual([]);
    } finally {
      build.mockRestore();
      buildViews.mockRestore();
      findAllForLoad.mockRestore();
    }
  });

  it('the start-up reconciler queues a recompute for each athlete with Strava-only runs and weeks without one', async () => {
    await forgetCoachViews();
    const reconciler = t.app.get(CoachViewsReconciler);
    await expect(reconciler.reconcile()).resolves.toEqual({ queued: 1 });
    expect(queued).toEqual([['recompute-load', { athleteId: ana.id }]]);

    await runQueued();
    const rows = await weeks().findBy({ athleteId: ana.id });
    expect(rows.every((row) => row.coachView !== null)).toBe(true);
    // Ben's weeks keep no coach view (right as stored), and nothing is queued again.
    await expect(reconciler.reconcile()).resolves.toEqual({ queued: 0 });
    expect(queued).toEqual([]);
  });
});
