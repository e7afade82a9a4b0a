import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationPipe, type INestApplication, type ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CoachLinkEntity, DbModule, UserEntity } from '@loadwatch/data-access/db';
import {
  JOB_NAMES,
  JOB_QUEUE,
  JobRegistry,
  QueueModule,
  type JobName,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import { ConfigModule, loadConfig, type AppConfig } from '@loadwatch/shared/config';
import { createTestDatabase, type DriverName, type TestDatabase } from '@loadwatch/testing';

/**
 * Feature modules on a real database and the inline queue, as the medium tests of the feature libs compose
 * them. (Its own project, apart from @loadwatch/testing: it needs the data-access libs, whose own tests use
 * @loadwatch/testing, and it takes the feature modules as arguments so no feature lib is imported here.)
 */
export interface FeatureTestAppOptions {
  /** The feature modules under test and those they need. */
  modules: NonNullable<ModuleMetadata['imports']>;
  /** The jobs those modules handle; every other job does nothing here (its own feature tests it). */
  composedJobs: readonly JobName[];
  /** Folder name prefix of the data directory. */
  name: string;
  /** More environment for the configuration. */
  env?: Record<string, string>;
  /** A last change to the configuration. */
  configure?: (config: AppConfig) => AppConfig;
  /** Providers replaced (e.g. the clock). */
  overrides?: readonly { provide: unknown; useValue: unknown }[];
  /** The API's global validation pipe (unknown fields refused, values transformed, 400 on bad input). */
  validation?: boolean;
}

export interface FeatureTestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  queue: JobQueue;
  /** Request headers that authenticate as the user (the auth guard's work, done by a stub). */
  as(userId: string, role?: string): Record<string, string>;
  /** A new account, an athlete unless `over` says otherwise. */
  user(over?: Partial<UserEntity>): Promise<UserEntity>;
  /** An accepted coach link, or a new grant on the existing one. */
  link(coachId: string, athleteId: string, healthAccess: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * The modules under the `/api` prefix the API app sets, on a fresh database of the driver. Authentication is
 * stubbed: `x-test-user` names the caller and `x-test-role` its role.
 */
export async function createFeatureTestApp(
  driver: DriverName,
  options: FeatureTestAppOptions,
): Promise<FeatureTestApp> {
  const database: TestDatabase = await createTestDatabase(driver);
  const dataDir = mkdtempSync(join(tmpdir(), `loadwatch-${options.name}-`));
  const base = loadConfig({
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(40),
    ...options.env,
  });
  const configure = options.configure ?? ((config: AppConfig) => config);
  const config = configure({ ...base, db: database.db });
  const builder = Test.createTestingModule({
    imports: [ConfigModule.with(config), DbModule, QueueModule, ...options.modules],
  });
  for (const { provide, useValue } of options.overrides ?? [])
    builder.overrideProvider(provide).useValue(useValue);
  const moduleRef = await builder.compile();
  const registry = moduleRef.get(JobRegistry);
  for (const name of JOB_NAMES.filter((n) => !options.composedJobs.includes(n)))
    registry.register(name, async () => undefined);
  const app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix('api');
  if (options.validation) {
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  }
  app.use((req: Request & { user?: unknown }, _res: Response, next: NextFunction) => {
    const id = req.header('x-test-user');
    if (id) req.user = { id, email: `${id}@example.test`, role: req.header('x-test-role') ?? 'athlete' };
    next();
  });
  await app.init();
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    queue: app.get<JobQueue>(JOB_QUEUE),
    as: (userId, role = 'athlete') => ({ 'x-test-user': userId, 'x-test-role': role }),
    user: async (over = {}) => {
      const now = Date.now();
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
      const now = Date.now();
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
