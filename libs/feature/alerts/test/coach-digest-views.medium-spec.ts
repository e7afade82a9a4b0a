import { WeeklyMetricEntity, type UserEntity } from '@loadwatch/data-access/db';
import type { JobName, JobPayloads } from '@loadwatch/data-access/queue';
import { ProviderActivitiesService } from '@loadwatch/feature/ingestion';
import { LoadReportService } from '@loadwatch/feature/load';
import { DRIVERS, runActivity } from '@loadwatch/testing';
import { DigestComposer } from '../src';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const WEEK = '2026-03-16';
/** Monday 2026-03-23, 08:00 UTC: the last complete week is WEEK. */
const DIGEST_AT = Date.parse('2026-03-23T08:00:00Z');

type Enqueued = [JobName, JobPayloads[JobName]];

/**
 * spec/rules.md section 7 in the coach digest for weeks stored without a coach view (written before
 * weekly_metrics.coachView existed): the digest shows the week without the Strava-only run, computed afresh,
 * and queues `recompute-load`; once that ran, it reads the stored coach view and computes nothing.
 */
describe.each(DRIVERS)('the coach digest over weeks stored without a coach view on %s', (driver) => {
  let t: TestApp;
  let athlete: UserEntity;
  let coach: UserEntity;
  let queued: Enqueued[] = [];
  let enqueue: jest.SpyInstance | undefined;

  const samRow = async () => {
    const digest = await t.app.get(DigestComposer).coachDigest(coach, DIGEST_AT);
    return digest.rows.find((row) => row.athleteId === athlete.id);
  };

  beforeAll(async () => {
    t = await createTestApp(driver, null);
    t.clock.nowMs = Date.parse('2026-03-21T12:00:00Z');
    athlete = await t.user({ timeZone: 'UTC', displayName: 'Sam' });
    coach = await t.user({ role: 'coach', timeZone: 'UTC' });
    await t.link(coach.id, athlete.id, false);
    const providers = t.app.get(ProviderActivitiesService);
    for (const [provider, externalId, start, distanceM] of [
      ['garmin', 'g1', '2026-03-17T07:00:00Z', 8000],
      ['garmin', 'g2', '2026-03-19T07:00:00Z', 9000],
      ['strava', 's1', '2026-03-21T07:00:00Z', 21_000],
    ] as const) {
      await providers.importProviderActivity({
        athleteId: athlete.id,
        provider,
        externalId,
        activity: runActivity(provider, externalId, start, distanceM),
      });
    }
    await t.queue.drain();
    // As written before the CoachWeekViews migration: the athlete's weeks, no coach view.
    await t.dataSource
      .createQueryBuilder()
      .update(WeeklyMetricEntity)
      .set({ coachView: () => 'NULL' })
      .where({ athleteId: athlete.id })
      .execute();
    t.clock.nowMs = DIGEST_AT;
    enqueue = jest.spyOn(t.queue, 'enqueue').mockImplementation(async (name, payload) => {
      queued.push([name, payload]);
    });
  });
  afterAll(async () => {
    enqueue?.mockRestore();
    await t?.close();
  });

  it('shows the week without the Strava-only run and queues a recompute of the athlete', async () => {
    const stored = await t.dataSource
      .getRepository(WeeklyMetricEntity)
      .findOneByOrFail({ athleteId: athlete.id, weekStart: WEEK });
    expect(stored.coachView).toBeNull();
    expect(stored.distanceM).toBe(38_000);

    const row = await samRow();
    expect(row?.week).toBe(WEEK);
    expect(row?.metrics?.distanceM).toBe(17_000);
    expect(queued).toEqual([['recompute-load', { athleteId: athlete.id }]]);
  });

  it('once the recompute ran, reads the stored coach view and computes nothing', async () => {
    enqueue?.mockRestore();
    for (const [name, payload] of queued) await t.queue.enqueue(name, payload);
    queued = [];
    await t.queue.drain();
    const rows = await t.dataSource.getRepository(WeeklyMetricEntity).findBy({ athleteId: athlete.id });
    expect(rows.every((row) => row.coachView !== null)).toBe(true);

    const loadReports = t.app.get(LoadReportService);
    const build = jest.spyOn(loadReports, 'build');
    const buildViews = jest.spyOn(loadReports, 'buildViews');
    enqueue = jest.spyOn(t.queue, 'enqueue');
    try {
      expect((await samRow())?.metrics?.distanceM).toBe(17_000);
      expect(build).not.toHaveBeenCalled();
      expect(buildViews).not.toHaveBeenCalled();
      expect(enqueue).not.toHaveBeenCalled();
    } finally {
      build.mockRestore();
      buildViews.mockRestore();
    }
  });
});
