import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, DRIVERS, type TestDatabase } from '@loadwatch/testing';
import { dataSourceOptions, UserEntity, WeeklyMetricEntity } from '../src';

describe.each(DRIVERS)('migrations and portable columns on %s', (driver) => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    dataSource = new DataSource(dataSourceOptions(database.db));
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('applies every migration and has nothing left to generate', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('round-trips instants, dates, reals, booleans and JSON exactly', async () => {
    const id = randomUUID();
    const now = Date.UTC(2026, 10, 21, 10, 0, 0, 123);
    await dataSource.getRepository(UserEntity).insert({
      id,
      email: `${id}@example.test`,
      passwordHash: 'x',
      role: 'athlete',
      displayName: null,
      timeZone: 'Europe/London',
      weekStart: 'sunday',
      units: 'mi',
      thresholdPaceSPerKm: 240.5,
      maxHeartRateBpm: 190,
      returnToRun: { startDate: '2026-11-02', weeklyPlanM: [6000, 9000] },
      rulesConfig: null,
      emailPreferences: { digest: false },
      createdAtMs: now,
      updatedAtMs: now,
    });
    const user = await dataSource.getRepository(UserEntity).findOneByOrFail({ id });
    expect(user.createdAtMs).toBe(now);
    expect(typeof user.createdAtMs).toBe('number');
    expect(user.thresholdPaceSPerKm).toBe(240.5);
    expect(user.returnToRun).toEqual({ startDate: '2026-11-02', weeklyPlanM: [6000, 9000] });
    expect(user.emailPreferences).toEqual({ digest: false });

    await dataSource.getRepository(WeeklyMetricEntity).insert({
      athleteId: id,
      weekStart: '2026-11-16',
      runs: 3,
      distanceM: 42000.5,
      ramp: null,
      ramp4: -0.615,
      speedShare: 3000 / 42000,
      coverage: 1,
      speedMethod: 'setting',
      complete: true,
      metrics: { weekStart: '2026-11-16' } as WeeklyMetricEntity['metrics'],
      computedAtMs: now,
    });
    const week = await dataSource.getRepository(WeeklyMetricEntity).findOneByOrFail({ athleteId: id });
    expect(week).toMatchObject({
      weekStart: '2026-11-16',
      complete: true,
      ramp: null,
      ramp4: -0.615,
      speedShare: 3000 / 42000,
    });
  });
});
