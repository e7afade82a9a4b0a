import { NotFoundException } from '@nestjs/common';
import type {
  ActivitiesRepository,
  ActivityEntity,
  ActivitySourcesRepository,
  SourceSummary,
  UsersRepository,
} from '@loadwatch/data-access/db';
import type { JobQueue } from '@loadwatch/data-access/queue';
import { ActivitiesService } from './activities.service';

const ATHLETE = '7d3f1c9e-0000-4000-8000-000000000001';

function activity(over: Partial<ActivityEntity> = {}): ActivityEntity {
  return {
    id: 'act-1',
    athleteId: ATHLETE,
    sourceKey: 'fit:x:0',
    source: 'fit',
    uploadId: 'upload-1',
    sport: 'running',
    subSport: null,
    sportClass: 'running',
    startMs: Date.parse('2026-10-18T06:00:00Z'),
    utcOffsetS: 3600,
    localDate: '2026-10-18',
    distanceM: 20000,
    movingTimeS: 6000,
    elapsedTimeS: 6000,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: null,
    avgCadenceSpm: null,
    laps: [
      {
        startMs: Date.parse('2026-10-18T06:00:00Z'),
        timerTimeS: 6000,
        elapsedTimeS: 6000,
        distanceM: 20000,
        avgSpeedMps: 3.33,
        intensity: 'active',
      },
    ],
    device: null,
    recordCount: 2,
    createdAtMs: 0,
    updatedAtMs: 0,
    ...over,
  };
}

function setup(stored: ActivityEntity | null) {
  const activities = {
    listByAthlete: jest.fn(async () => ({ items: stored ? [stored] : [], total: stored ? 1 : 0 })),
    findOwned: jest.fn(async () => stored),
    findStream: jest.fn(async () => ({
      timeS: [0, 1],
      distanceM: [0, 3],
      speedMps: [3, 3],
      altitudeM: [],
      heartRateBpm: [],
      cadenceSpm: [],
    })),
    deleteOwned: jest.fn(async () => stored !== null),
  };
  const provenance = (source: 'fit' | 'strava', id: string): SourceSummary =>
    ({ id, source, activityId: 'act-1', startMs: Date.parse('2026-10-18T06:00:00Z') }) as SourceSummary;
  const sources = {
    listByActivities: jest.fn(
      async () => new Map([['act-1', [provenance('strava', 'src-strava'), provenance('fit', 'src-fit')]]]),
    ),
  };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const users = { findById: jest.fn(async () => ({ id: ATHLETE, timeZone: 'UTC' })) };
  const service = new ActivitiesService(
    activities as unknown as ActivitiesRepository,
    sources as unknown as ActivitySourcesRepository,
    users as unknown as UsersRepository,
    queue as unknown as JobQueue,
    { now: () => 1000 },
  );
  return { service, activities, queue };
}

describe('ActivitiesService', () => {
  it('lists summaries with instants as ISO strings, and hides Strava activities from coaches only', async () => {
    const { service, activities } = setup(activity());
    const page = await service.list(ATHLETE, { limit: 10, offset: 0 }, 'owner');
    expect(page).toMatchObject({ total: 1, limit: 10, offset: 0 });
    expect(page.items[0]).toMatchObject({
      id: 'act-1',
      startedAt: '2026-10-18T06:00:00.000Z',
      localDate: '2026-10-18',
    });
    expect(page.items[0]).not.toHaveProperty('laps');
    expect(activities.listByAthlete).toHaveBeenLastCalledWith(
      ATHLETE,
      expect.objectContaining({ excludeSources: [] }),
    );
    expect(page.items[0].provenances.map((p) => p.source)).toEqual(['fit', 'strava']);
    const coachPage = await service.list(ATHLETE, { limit: 10, offset: 0 }, 'coach');
    expect(coachPage.items[0].provenances.map((p) => p.source)).toEqual(['fit']);
    expect(activities.listByAthlete).toHaveBeenLastCalledWith(
      ATHLETE,
      expect.objectContaining({ excludeSources: ['strava'] }),
    );
  });

  it.each<[string, boolean, boolean]>([
    ['without the stream unless asked', false, false],
    ['with the stream when asked', true, true],
  ])('shows one activity with its laps, %s', async (_name, withStream, hasStream) => {
    const { service } = setup(activity());
    const detail = await service.get(ATHLETE, 'act-1', withStream, 'owner');
    expect(detail.laps).toEqual([
      expect.objectContaining({ startedAt: '2026-10-18T06:00:00.000Z', distanceM: 20000 }),
    ]);
    expect('stream' in detail).toBe(hasStream);
  });

  it.each<[string, ActivityEntity | null, 'owner' | 'coach']>([
    ['a missing activity', null, 'owner'],
    ['a Strava activity to a coach', activity({ source: 'strava' }), 'coach'],
  ])('answers 404 for %s', async (_name, stored, viewer) => {
    const { service } = setup(stored);
    await expect(service.get(ATHLETE, 'act-1', false, viewer)).rejects.toBeInstanceOf(NotFoundException);
  });

  it('deletes an activity and queues the recompute of its athlete', async () => {
    const { service, queue } = setup(activity());
    await service.delete(ATHLETE, 'act-1');
    expect(queue.enqueue).toHaveBeenCalledWith('recompute-load', { athleteId: ATHLETE });
  });

  it('answers 404 when deleting what the athlete does not own, and queues nothing', async () => {
    const { service, queue } = setup(null);
    await expect(service.delete(ATHLETE, 'act-1')).rejects.toBeInstanceOf(NotFoundException);
    expect(queue.enqueue).not.toHaveBeenCalled();
  });
});
