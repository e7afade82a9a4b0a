import type { DataSource } from 'typeorm';
import type { ActivitySource, SourceActivity } from '@loadwatch/domain/activity';
import { DRIVERS } from '@loadwatch/testing';
import {
  ActivitiesRepository,
  ActivityEntity,
  ActivitySourceEntity,
  ActivitySourcesRepository,
  DeletedProviderActivityEntity,
  DeletedRunEntity,
  UsersRepository,
  UserEntity,
  type SourceImport,
} from '../src';
import { openDatabase, rows, sourceRow } from './support/account-rows';

const NOW = Date.UTC(2026, 10, 21, 10, 0, 0);
const START = Date.UTC(2026, 10, 18, 6, 0, 0);

/** One run as a source reports it: a FIT session, or a provider's slightly different summary. */
function run(source: ActivitySource, over: Partial<SourceActivity> = {}): SourceActivity {
  return {
    source,
    sport: source === 'fit' ? 'running' : 'Run',
    subSport: null,
    sportClass: 'running',
    startMs: START + (source === 'fit' ? 0 : 20_000),
    utcOffsetS: 3600,
    distanceM: source === 'fit' ? 10_000 : 10_040,
    movingTimeS: 3000,
    elapsedTimeS: 3100,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: 150,
    avgCadenceSpm: null,
    laps: [],
    device: null,
    stream: null,
    ...over,
  };
}

describe.each(DRIVERS)('provider tombstones on %s', (driver) => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let activities: ActivitiesRepository;
  let sources: ActivitySourcesRepository;
  let make: ReturnType<typeof rows>;

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase(driver));
    activities = new ActivitiesRepository(dataSource.getRepository(ActivityEntity));
    sources = new ActivitySourcesRepository(dataSource.getRepository(ActivitySourceEntity));
    make = rows(dataSource);
  });
  afterAll(() => close?.());

  const importRun = (
    athleteId: string,
    source: ActivitySource,
    externalId: string,
    over: Partial<SourceActivity> = {},
  ) => {
    const input: SourceImport = {
      athleteId,
      source,
      externalId,
      uploadId: null,
      activity: run(source, over),
    };
    return sources.importSource(input, 'Europe/Berlin', NOW);
  };
  const tombstones = (athleteId: string) =>
    dataSource.getRepository(DeletedProviderActivityEntity).find({
      where: { athleteId },
      order: { sourceKey: 'ASC' },
    });

  /** A run merged from a FIT file, Strava and Garmin: one activity with three sources. */
  async function mergedRun(
    athleteId: string,
    ids = { fit: `${'a'.repeat(64)}:0`, strava: '71', garmin: '81' },
  ) {
    const fit = await importRun(athleteId, 'fit', ids.fit);
    expect(fit.outcome).toBe('created');
    await expect(importRun(athleteId, 'strava', ids.strava)).resolves.toMatchObject({ outcome: 'merged' });
    await expect(importRun(athleteId, 'garmin', ids.garmin)).resolves.toMatchObject({ outcome: 'merged' });
    return fit.activityId as string;
  }

  it('tombstones the Strava and Garmin sources of a deleted activity, not its FIT upload', async () => {
    const athlete = await make.user();
    const activityId = await mergedRun(athlete.id);

    await expect(activities.deleteOwned(athlete.id, activityId, NOW + 1000)).resolves.toBe(true);

    const stored = await tombstones(athlete.id);
    expect(
      stored.map(({ sourceKey, source, externalId, deletedAtMs }) => ({
        sourceKey,
        source,
        externalId,
        deletedAtMs,
      })),
    ).toEqual([
      { sourceKey: 'garmin:81', source: 'garmin', externalId: '81', deletedAtMs: NOW + 1000 },
      { sourceKey: 'strava:71', source: 'strava', externalId: '71', deletedAtMs: NOW + 1000 },
    ]);
    await expect(
      dataSource.getRepository(ActivitySourceEntity).countBy({ athleteId: athlete.id }),
    ).resolves.toBe(0);
    await expect(dataSource.getRepository(ActivityEntity).countBy({ athleteId: athlete.id })).resolves.toBe(
      0,
    );
  });

  it('writes no tombstone for an activity that is not the athlete’s', async () => {
    const athlete = await make.user();
    const stranger = await make.user();
    const activityId = await mergedRun(athlete.id);

    await expect(activities.deleteOwned(stranger.id, activityId, NOW)).resolves.toBe(false);

    await expect(tombstones(stranger.id)).resolves.toEqual([]);
    await expect(tombstones(athlete.id)).resolves.toEqual([]);
    await expect(dataSource.getRepository(ActivitySourceEntity).countBy({ activityId })).resolves.toBe(3);
  });

  it('refuses a deleted provider activity on every later import, and stores nothing', async () => {
    const athlete = await make.user();
    const activityId = await mergedRun(athlete.id);
    await activities.deleteOwned(athlete.id, activityId, NOW);

    // Re-delivered as it was, and edited at the provider (an `update` with a corrected start).
    for (const over of [{}, { startMs: START + 3_600_000, distanceM: 10_500 }]) {
      await expect(importRun(athlete.id, 'strava', '71', over)).resolves.toEqual({
        activityId: null,
        outcome: 'deleted-by-athlete',
      });
      await expect(importRun(athlete.id, 'garmin', '81', over)).resolves.toEqual({
        activityId: null,
        outcome: 'deleted-by-athlete',
      });
    }
    await expect(
      dataSource.getRepository(ActivitySourceEntity).countBy({ athleteId: athlete.id }),
    ).resolves.toBe(0);
    await expect(dataSource.getRepository(ActivityEntity).countBy({ athleteId: athlete.id })).resolves.toBe(
      0,
    );

    // The same run under a provider id Loadwatch never held (a copy arriving later): refused too.
    await expect(importRun(athlete.id, 'strava', '72')).resolves.toEqual({
      activityId: null,
      outcome: 'deleted-by-athlete',
    });
    // Another run of the same provider is imported as before.
    await expect(
      importRun(athlete.id, 'strava', '75', { startMs: START + 86_400_000 }),
    ).resolves.toMatchObject({ outcome: 'created' });
    // The athlete uploads the run's file again (their own act): the run is back, and a provider copy Loadwatch
    // never held merges into it.
    await expect(importRun(athlete.id, 'fit', `${'a'.repeat(64)}:0`)).resolves.toMatchObject({
      outcome: 'created',
    });
    await expect(importRun(athlete.id, 'garmin', '82')).resolves.toMatchObject({ outcome: 'merged' });
  });

  it("refuses a provider's later copy of a deleted run it never sent before (Garmin-only, FIT-only)", async () => {
    const athlete = await make.user();
    const garminOnly = await importRun(athlete.id, 'garmin', '91');
    const fitOnly = await importRun(athlete.id, 'fit', `${'c'.repeat(64)}:0`, {
      startMs: START + 86_400_000,
    });
    await activities.deleteOwned(athlete.id, garminOnly.activityId as string, NOW);
    await activities.deleteOwned(athlete.id, fitOnly.activityId as string, NOW);

    // Strava's copies (Garmin Connect syncs to Strava; a Strava connection made after the upload).
    await expect(importRun(athlete.id, 'strava', '191')).resolves.toEqual({
      activityId: null,
      outcome: 'deleted-by-athlete',
    });
    await expect(
      importRun(athlete.id, 'strava', '192', { startMs: START + 86_400_000 + 20_000 }),
    ).resolves.toEqual({ activityId: null, outcome: 'deleted-by-athlete' });
    // Remembered by their keys, so a backfill skips them; nothing stored.
    await expect(sources.findStoredExternalIds(athlete.id, 'strava', ['191', '192'])).resolves.toEqual(
      new Set(['191', '192']),
    );
    await expect(dataSource.getRepository(ActivityEntity).countBy({ athleteId: athlete.id })).resolves.toBe(
      0,
    );
    // A run two minutes later, or of another length, is another run.
    await expect(importRun(athlete.id, 'strava', '193', { startMs: START + 120_000 })).resolves.toMatchObject(
      { outcome: 'created' },
    );
    await expect(
      importRun(athlete.id, 'strava', '194', { movingTimeS: 2000, elapsedTimeS: 2050 }),
    ).resolves.toMatchObject({ outcome: 'created' });
  });

  it('counts a deleted provider activity among those held, so a backfill does not fetch it', async () => {
    const athlete = await make.user();
    const other = await make.user();
    const activityId = await mergedRun(athlete.id);
    await importRun(athlete.id, 'strava', '73', { startMs: START + 86_400_000 });
    await activities.deleteOwned(athlete.id, activityId, NOW);
    // Another athlete's deletion is theirs alone.
    const othersRun = await mergedRun(other.id, { fit: `${'b'.repeat(64)}:0`, strava: '76', garmin: '86' });
    await activities.deleteOwned(other.id, othersRun, NOW);

    await expect(
      sources.findStoredExternalIds(athlete.id, 'strava', ['71', '73', '74', '76']),
    ).resolves.toEqual(new Set(['71', '73']));
    await expect(sources.findStoredExternalIds(athlete.id, 'garmin', ['71', '81', '86'])).resolves.toEqual(
      new Set(['81']),
    );
    await expect(sources.findStoredExternalIds(other.id, 'strava', ['71', '76'])).resolves.toEqual(
      new Set(['76']),
    );
  });

  it('leaves the sources of a split-off activity alone when the activity left behind is deleted', async () => {
    const athlete = await make.user();
    const activityId = await mergedRun(athlete.id);
    const strava = await dataSource
      .getRepository(ActivitySourceEntity)
      .findOneByOrFail({ athleteId: athlete.id, source: 'strava' });
    const split = await sources.split(athlete.id, activityId, strava.id, 'Europe/Berlin', NOW);
    expect(split.kind).toBe('split');

    await activities.deleteOwned(athlete.id, activityId, NOW);

    expect((await tombstones(athlete.id)).map((t) => t.sourceKey)).toEqual(['garmin:81']);
    await expect(importRun(athlete.id, 'strava', '71', { distanceM: 10_100 })).resolves.toMatchObject({
      outcome: 'updated',
    });
  });

  it('goes with the account', async () => {
    const athlete = await make.user();
    const other = await make.user();
    await activities.deleteOwned(athlete.id, await mergedRun(athlete.id), NOW);
    await activities.deleteOwned(other.id, await mergedRun(other.id), NOW);

    await expect(
      new UsersRepository(dataSource.getRepository(UserEntity)).deleteWithAllData(athlete.id),
    ).resolves.toBe(true);

    await expect(tombstones(athlete.id)).resolves.toEqual([]);
    await expect(dataSource.getRepository(DeletedRunEntity).countBy({ athleteId: athlete.id })).resolves.toBe(
      0,
    );
    await expect(tombstones(other.id)).resolves.toHaveLength(2);
    await expect(dataSource.getRepository(DeletedRunEntity).countBy({ athleteId: other.id })).resolves.toBe(
      1,
    );
  });
});

describe('a deletion racing an import on postgres', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  let make: ReturnType<typeof rows>;

  beforeAll(async () => {
    ({ dataSource, close } = await openDatabase('postgres'));
    make = rows(dataSource);
  });
  afterAll(() => close?.());

  it('waits for an import holding the athlete row, then tombstones the source that import merged', async () => {
    const athlete = await make.user();
    const activity = await make.activity(athlete.id);
    await make.source(athlete.id, activity.id, { source: 'fit', sourceKey: activity.sourceKey });
    // An import under way, by hand: it holds the athlete row as importSource does, and merges a Strava copy.
    const importing = dataSource.createQueryRunner();
    await importing.connect();
    await importing.startTransaction();
    await importing.manager
      .createQueryBuilder(UserEntity, 'u')
      .where('u.id = :id', { id: athlete.id })
      .setLock('pessimistic_write')
      .getOne();

    const deleting = new ActivitiesRepository(dataSource.getRepository(ActivityEntity)).deleteOwned(
      athlete.id,
      activity.id,
      NOW,
    );
    // The deletion waits on the athlete row (it would otherwise miss the Strava copy merged meanwhile).
    await waitForLockWaiter(dataSource);
    await importing.manager.insert(
      ActivitySourceEntity,
      sourceRow(athlete.id, activity.id, { sourceKey: 'strava:75', externalId: '75' }),
    );
    await importing.commitTransaction();
    await importing.release();

    await expect(deleting).resolves.toBe(true);
    const stored = await dataSource
      .getRepository(DeletedProviderActivityEntity)
      .findBy({ athleteId: athlete.id });
    expect(stored.map((t) => t.sourceKey)).toEqual(['strava:75']);
    await expect(
      dataSource.getRepository(ActivitySourceEntity).countBy({ athleteId: athlete.id }),
    ).resolves.toBe(0);
  });
});

/** Until another session of this database waits on a lock (PostgreSQL's own view of its sessions). */
async function waitForLockWaiter(dataSource: DataSource): Promise<void> {
  for (;;) {
    const [{ waiting }] = await dataSource.query(
      "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
