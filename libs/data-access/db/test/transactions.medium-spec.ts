import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, DRIVERS, type TestDatabase } from '@loadwatch/testing';
import { AuditLogEntity, dataSourceOptions, runTransaction } from '../src';

describe.each(DRIVERS)('runTransaction on %s', (driver) => {
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

  it('runs many concurrent transactions without collisions, and rolls a failed one back alone', async () => {
    const athleteId = randomUUID();
    const write = (i: number) =>
      runTransaction(dataSource.manager, async (em) => {
        await em.insert(AuditLogEntity, {
          id: randomUUID(),
          actorId: athleteId,
          athleteId,
          action: `a${i}`,
          atMs: i,
        });
        // Yield between statements, as real transactions do, so concurrent ones would interleave.
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (i === 7) throw new Error('fail this one');
        await em.insert(AuditLogEntity, {
          id: randomUUID(),
          actorId: athleteId,
          athleteId,
          action: `b${i}`,
          atMs: i,
        });
      });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => write(i)));
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message),
    ).toEqual(['fail this one']);
    const rows = await dataSource.getRepository(AuditLogEntity).countBy({ athleteId });
    expect(rows).toBe(38);
  });
});
