import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { NextFunction, Request, Response } from 'express';
import { DbModule } from '@loadwatch/data-access/db';
import { JOB_NAMES, JobRegistry, QueueModule } from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { ConfigModule, type AppConfig, type StravaConfig } from '@loadwatch/shared/config';
import { REDIS_URL, type StravaStandIn } from '@loadwatch/testing';
import { ConnectionsModule } from '../../src';

/** Jobs the connections feature runs or feeds (sync, then ingest and load); the others do nothing here. */
const ownJob = (name: string) =>
  name.startsWith('strava-') ||
  name.startsWith('garmin-') ||
  name === 'ingest-fit' ||
  name === 'recompute-load';

/**
 * The connections feature on the configured database and queue, compiled (not yet initialized): jobs of
 * other features (rules, notifications) are tested there and do nothing here.
 */
export async function compileConnections(
  config: AppConfig,
  options: {
    clock?: Clock;
    /** No log lines (several instances in one test). */
    quiet?: boolean;
    imports?: ModuleMetadata['imports'];
    providers?: ModuleMetadata['providers'];
  } = {},
): Promise<TestingModule> {
  const builder = Test.createTestingModule({
    imports: [
      ConfigModule.with(config),
      DbModule,
      QueueModule,
      ConnectionsModule,
      ...(options.imports ?? []),
    ],
    providers: options.providers ?? [],
  });
  if (options.clock) builder.overrideProvider(CLOCK).useValue(options.clock);
  if (options.quiet)
    builder.setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined });
  const moduleRef = await builder.compile();
  const registry = moduleRef.get(JobRegistry);
  for (const name of JOB_NAMES.filter((n) => !ownJob(n))) registry.register(name, async () => undefined);
  return moduleRef;
}

/**
 * Listens on 127.0.0.1 under /api, with the signed-in athlete taken from an `x-test-user` header (the auth
 * feature is tested elsewhere), and sets the config's public URL to where it listens (OAuth redirects).
 */
export async function listenWithTestUser(
  moduleRef: TestingModule,
  config: AppConfig,
): Promise<INestApplication> {
  const app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix('api');
  app.use((req: Request & { user?: unknown }, _res: Response, next: NextFunction) => {
    const id = req.header('x-test-user');
    if (id) req.user = { id, email: `${id}@example.test`, role: 'athlete' };
    next();
  });
  await app.listen(0, '127.0.0.1');
  config.publicUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return app;
}

/** Strava pointed at the stand-in. */
export function stravaSettings(stand: StravaStandIn, over: Partial<StravaConfig> = {}): StravaConfig {
  return {
    clientId: stand.clientId,
    clientSecret: stand.clientSecret,
    apiUrl: stand.apiUrl,
    oauthUrl: stand.oauthUrl,
    webhookVerifyToken: null,
    readLimits: { perQuarterHour: 100, perDay: 1000 },
    ...over,
  };
}

/** The BullMQ driver on this machine's Redis under a test's own prefix, one job at a time per queue. */
export function bullmqQueue(prefix: string): AppConfig['queue'] {
  return {
    driver: 'bullmq',
    redisUrl: REDIS_URL,
    prefix,
    concurrency: { ingest: 1, load: 1, rules: 1 },
    attempts: 3,
    backoffMs: 100,
    lockMs: 2000,
    reconcileIntervalMs: 60_000,
    workerMetrics: { port: 0, host: '127.0.0.1' },
  };
}
