import {
  ActivitySourcesRepository,
  AthleteGoneError,
  ActivityEntity,
  ActivitySourceEntity,
  UserEntity,
  UsersRepository,
} from '@loadwatch/data-access/db';
import { PermanentJobError } from '@loadwatch/data-access/queue';
import { DRIVERS, runActivity } from '@loadwatch/testing';
import { ProviderActivitiesService } from '../src';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

const stravaRun = (start: string) => runActivity('strava', 'strava-1', start, 5000);

/**
 * An import already on its way when the athlete deletes the account (a sync job running, a Garmin file in
 * flight) must not write an activity for an athlete who is gone: the repository refuses inside its
 * transaction, and jobs see a permanent error (no retries).
 */
describe.each(DRIVERS)('imports for a deleted athlete on %s', (driver) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(driver);
  });
  afterAll(() => t?.close());

  it('refuses in the repository once the athlete is gone, and jobs get a permanent error', async () => {
    const athlete = await t.athlete();
    const sources = t.app.get(ActivitySourcesRepository);
    await t.app.get(UsersRepository).deleteWithAllData(athlete.id);

    await expect(
      sources.importSource(
        {
          athleteId: athlete.id,
          source: 'strava',
          externalId: '9001',
          uploadId: null,
          activity: { ...stravaRun('2026-10-18T06:00:00Z') },
        },
        'UTC',
        Date.now(),
      ),
    ).rejects.toThrow(AthleteGoneError);
    await expect(
      t.app.get(ProviderActivitiesService).importProviderActivity({
        athleteId: athlete.id,
        provider: 'strava',
        externalId: '9002',
        activity: stravaRun('2026-10-19T06:00:00Z'),
      }),
    ).rejects.toThrow(PermanentJobError);
    await expect(t.dataSource.getRepository(ActivityEntity).countBy({ athleteId: athlete.id })).resolves.toBe(
      0,
    );
    await expect(
      t.dataSource.getRepository(ActivitySourceEntity).countBy({ athleteId: athlete.id }),
    ).resolves.toBe(0);
  });
});

describe('an import racing an account deletion on postgres', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('postgres');
  });
  afterAll(() => t?.close());

  it('waits for the deletion holding the athlete row, then refuses: nothing is written', async () => {
    const athlete = await t.athlete();
    // The deletion's transaction, by hand: it holds the athlete row as deleteWithAllData does.
    const deletion = t.dataSource.createQueryRunner();
    await deletion.connect();
    await deletion.startTransaction();
    await deletion.manager
      .createQueryBuilder(UserEntity, 'u')
      .where('u.id = :id', { id: athlete.id })
      .setLock('pessimistic_write')
      .getOne();

    let settled = false;
    const importing = t.app
      .get(ActivitySourcesRepository)
      .importSource(
        {
          athleteId: athlete.id,
          source: 'strava',
          externalId: '9003',
          uploadId: null,
          activity: { ...stravaRun('2026-10-20T06:00:00Z') },
        },
        'UTC',
        Date.now(),
      )
      .finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);

    await deletion.manager.delete(UserEntity, { id: athlete.id });
    await deletion.commitTransaction();
    await deletion.release();

    await expect(importing).rejects.toThrow(AthleteGoneError);
    await expect(t.dataSource.getRepository(ActivityEntity).countBy({ athleteId: athlete.id })).resolves.toBe(
      0,
    );
    await expect(
      t.dataSource.getRepository(ActivitySourceEntity).countBy({ athleteId: athlete.id }),
    ).resolves.toBe(0);
  });
});
