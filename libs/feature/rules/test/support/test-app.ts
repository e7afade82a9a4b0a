import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CoachLinkEntity, DbModule, UserEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, QueueModule, type JobQueue } from '@loadwatch/data-access/queue';
import { CLOCK, LoadModule, type Clock } from '@loadwatch/feature/load';
import { RulesModule } from '../../src';
import { ConfigModule, loadConfig, type AppConfig } from '@loadwatch/shared/config';
import { createTestDatabase, type DriverName, type TestDatabase } from '@loadwatch/testing';
import { IngestionModule } from '@loadwatch/feature/ingestion';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  queue: JobQueue;
  /** Request headers that authenticate as the user (the auth guard's work, done by a stub). */
  as(userId: string): Record<string, string>;
  athlete(over?: Partial<UserEntity>): Promise<UserEntity>;
  /** An accepted coach link, or a new grant on the existing one. */
  link(coachId: string, athleteId: string, healthAccess: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * The three training modules on a real database of the given driver, with the inline queue, under the
 * `/api` prefix the API app sets. Authentication is stubbed: `x-test-user` names the caller.
 */
export async function createTestApp(
  driver: DriverName,
  options: { maxBytes?: number; clock?: Clock } = {},
): Promise<TestApp> {
  const database: TestDatabase = await createTestDatabase(driver);
  const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-rules-'));
  const base = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) });
  const config: AppConfig = {
    ...base,
    db: database.db,
    uploads: { ...base.uploads, maxBytes: options.maxBytes ?? base.uploads.maxBytes },
  };
  const builder = Test.createTestingModule({
    imports: [ConfigModule.with(config), DbModule, QueueModule, IngestionModule, LoadModule, RulesModule],
  });
  if (options.clock) builder.overrideProvider(CLOCK).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix('api');
  app.use((req: Request & { user?: unknown }, _res: Response, next: NextFunction) => {
    const id = req.header('x-test-user');
    if (id) req.user = { id, email: `${id}@example.test`, role: req.header('x-test-role') ?? 'athlete' };
    next();
  });
  await app.init();
  const dataSource = app.get(DataSource);
  const now = Date.now();
  return {
    app,
    config,
    dataSource,
    queue: app.get<JobQueue>(JOB_QUEUE),
    as: (userId) => ({ 'x-test-user': userId }),
    athlete: async (over = {}) => {
      const user = Object.assign(new UserEntity(), {
        id: randomUUID(),
        email: `${randomUUID()}@example.test`,
        passwordHash: 'x',
        role: 'athlete',
        displayName: null,
        timeZone: 'UTC',
        weekStart: 'monday',
        units: 'km',
        thresholdPaceSPerKm: null,
        maxHeartRateBpm: null,
        returnToRun: null,
        rulesConfig: null,
        emailPreferences: null,
        createdAtMs: now,
        updatedAtMs: now,
        ...over,
      });
      await dataSource.getRepository(UserEntity).insert(user);
      return user;
    },
    link: async (coachId, athleteId, healthAccess) => {
      const links = dataSource.getRepository(CoachLinkEntity);
      if (await links.existsBy({ coachId, athleteId })) {
        await links.update({ coachId, athleteId }, { healthAccess });
        return;
      }
      await links.insert({
        id: randomUUID(),
        coachId,
        athleteId,
        inviteEmail: `${randomUUID()}@example.test`,
        inviteTokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        status: 'accepted',
        healthAccess,
        createdAtMs: now,
        acceptedAtMs: now,
        revokedAtMs: null,
      });
    },
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
