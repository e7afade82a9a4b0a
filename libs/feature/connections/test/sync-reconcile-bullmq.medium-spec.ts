import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestingModule } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { ProviderConnectionEntity, UserEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, JobWorkers, QUEUE_NAMES, type JobQueue } from '@loadwatch/data-access/queue';
import { type AppConfig } from '@loadwatch/shared/config';
import {
  createPostgresDatabase,
  obliterateQueues,
  REDIS_URL,
  requireRedis,
  StravaStandIn,
  testConfig,
  testPrefix,
  type TestDatabase,
} from '@loadwatch/testing';
import { ConnectionsService, SYNC_STALL_MS, SyncReconciler, type SyncReconcileReport } from '../src';
import { bullmqQueue, compileConnections, stravaSettings } from './support/connections-app';

/**
 * The sync reconciler on the BullMQ driver: two application instances (two worker replicas) on one
 * PostgreSQL database and one Redis tick at the same moment over the same stalled Strava backfill. Workers
 * are started only where a test says so, so the jobs the ticks add stay in Redis to be counted.
 */
const ATHLETE = 3003;
const ACTIVITIES = 12;

async function instance(config: AppConfig): Promise<TestingModule> {
  return (await compileConnections(config, { quiet: true })).init();
}

describe('sync reconciliation by two instances at once (BullMQ driver, real Redis)', () => {
  let stand: StravaStandIn;
  let database: TestDatabase;
  let dataDir: string;
  let prefix: string;
  let instances: TestingModule[];
  let sync: Queue;

  beforeAll(async () => {
    await requireRedis();
    stand = await new StravaStandIn().start();
    stand.addActivities(ATHLETE, ACTIVITIES);
    database = await createPostgresDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-reconcile-bullmq-'));
    prefix = testPrefix();
    const config = (runMigrations: boolean): AppConfig => {
      const base = testConfig({ ...database.db, runMigrations } as AppConfig['db'], dataDir);
      base.queue = bullmqQueue(prefix);
      base.connections.strava = stravaSettings(stand, {
        readLimits: { perQuarterHour: 1000, perDay: 10_000 },
      });
      return base;
    };
    // One after the other: the first migrates the database.
    instances = [await instance(config(true)), await instance(config(false))];
    sync = new Queue('sync', { connection: { url: REDIS_URL }, prefix });
  });

  afterAll(async () => {
    for (const moduleRef of instances ?? []) await moduleRef.close();
    await sync?.close();
    await stand?.stop();
    await database?.drop();
    await obliterateQueues(prefix, QUEUE_NAMES).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await instances[0].get(JobWorkers).close();
    await obliterateQueues(prefix, QUEUE_NAMES);
    await db().createQueryBuilder().delete().from(ProviderConnectionEntity).execute();
  });

  const db = () => instances[0].get(DataSource);
  const row = (id: string) => db().getRepository(ProviderConnectionEntity).findOneByOrFail({ id });

  /** A connected athlete through the OAuth flow; the connect enqueues the backfill's first step. */
  async function connectAthlete(): Promise<string> {
    const athleteId = randomUUID();
    await db()
      .getRepository(UserEntity)
      .insert({
        id: athleteId,
        email: `${athleteId}@example.test`,
        passwordHash: 'x',
        role: 'athlete',
        timeZone: 'UTC',
        createdAtMs: Date.now(),
        updatedAtMs: Date.now(),
      });
    stand.consentAs = { athleteId: ATHLETE, scope: 'read,activity:read_all' };
    const service = instances[0].get(ConnectionsService);
    const { response, browserKey } = service.startConnect(athleteId, 'strava');
    const consent = await fetch(response.authorizeUrl, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location') as string);
    await expect(
      service.completeConnect(
        'strava',
        {
          state: back.searchParams.get('state') ?? undefined,
          code: back.searchParams.get('code') ?? undefined,
          scope: back.searchParams.get('scope') ?? undefined,
        },
        browserKey,
      ),
    ).resolves.toMatch(/connected=strava/);
    return (await db().getRepository(ProviderConnectionEntity).findOneByOrFail({ athleteId })).id;
  }

  /** Nobody touched the connection for longer than the stall limit (and the reconciler's minimum age). */
  async function age(connectionId: string): Promise<void> {
    await db()
      .getRepository(ProviderConnectionEntity)
      .update({ id: connectionId }, { updatedAtMs: Date.now() - SYNC_STALL_MS - 60_000 });
  }

  /** The ids of the sync queue's jobs that wait, are delayed or run. */
  async function liveJobIds(): Promise<string[]> {
    const jobs = await sync.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    return jobs.map((job) => job.id as string).sort();
  }

  /** Both instances tick at the same moment. */
  function tickBoth(): Promise<SyncReconcileReport[]> {
    return Promise.all(instances.map((moduleRef) => moduleRef.get(SyncReconciler).reconcile()));
  }

  const sum = (reports: SyncReconcileReport[], key: 'resumed' | 'restarted' | 'pending') =>
    reports.reduce((total, report) => total + report[key], 0);

  it('resumes a backfill whose step job Redis lost exactly once, and the resumed run imports every activity once', async () => {
    const connectionId = await connectAthlete();
    const connected = await row(connectionId);
    const stepJobId = `strava-backfill.${connectionId}.${connected.backfillRunId}.start`;
    expect(await liveJobIds()).toEqual([stepJobId]);

    // Redis loses the job (a flush, a failover without persistence); the connection sits still.
    await sync.remove(stepJobId);
    expect(await liveJobIds()).toEqual([]);
    await age(connectionId);

    const reports = await tickBoth();
    expect(sum(reports, 'resumed')).toBe(1);
    expect(sum(reports, 'pending')).toBe(1);
    expect(sum(reports, 'restarted')).toBe(0);
    expect(reports.every((report) => report.complete && report.checked === 1)).toBe(true);
    expect(await liveJobIds()).toEqual([stepJobId]);
    await expect(row(connectionId)).resolves.toMatchObject({
      backfillRunId: connected.backfillRunId,
      backfillResumes: 1,
    });

    // The next ticks find it under way: nothing more is added or counted.
    await age(connectionId);
    const next = await tickBoth();
    expect(sum(next, 'pending')).toBe(2);
    expect(await liveJobIds()).toEqual([stepJobId]);
    await expect(row(connectionId)).resolves.toMatchObject({ backfillResumes: 1 });

    await instances[0].get(JobWorkers).start();
    await instances[0].get<JobQueue>(JOB_QUEUE).drain();
    const done = await row(connectionId);
    expect(done).toMatchObject({
      syncState: 'idle',
      backfillRunId: connected.backfillRunId,
      backfillDone: ACTIVITIES,
      backfillTotal: ACTIVITIES,
      activitiesImported: ACTIVITIES,
      backfillResumes: 0,
    });
    expect(done.backfillFinishedAtMs).not.toBeNull();
    const stored: { n: string | number }[] = await db().query(
      `SELECT COUNT(*) AS n FROM activity_sources WHERE "athleteId" = $1 AND source = 'strava'`,
      [done.athleteId],
    );
    expect(Number(stored[0].n)).toBe(ACTIVITIES);
  }, 60_000);

  it('leaves a stalled backfill whose step job still waits alone', async () => {
    const connectionId = await connectAthlete();
    const connected = await row(connectionId);
    const stepJobId = `strava-backfill.${connectionId}.${connected.backfillRunId}.start`;
    await age(connectionId);

    const reports = await tickBoth();
    expect(sum(reports, 'pending')).toBe(2);
    expect(sum(reports, 'resumed') + sum(reports, 'restarted')).toBe(0);
    expect(await liveJobIds()).toEqual([stepJobId]);
    await expect(row(connectionId)).resolves.toMatchObject({
      backfillRunId: connected.backfillRunId,
      backfillResumes: 0,
      backfillCursor: null,
    });
  }, 60_000);

  it('starts a listed backfill whose activity jobs were lost over once, as one new run', async () => {
    const connectionId = await connectAthlete();
    const connected = await row(connectionId);
    await sync.remove(`strava-backfill.${connectionId}.${connected.backfillRunId}.start`);
    // Listed in full, half of it processed, then the activity jobs were lost (their ids are stored nowhere).
    await db()
      .getRepository(ProviderConnectionEntity)
      .update(
        { id: connectionId },
        { backfillFinishedAtMs: Date.now() - SYNC_STALL_MS, backfillTotal: ACTIVITIES, backfillDone: 6 },
      );
    await age(connectionId);

    const reports = await tickBoth();
    expect(sum(reports, 'restarted')).toBe(1);
    expect(sum(reports, 'pending')).toBe(1);
    const restarted = await row(connectionId);
    expect(restarted.backfillRunId).not.toBe(connected.backfillRunId);
    expect(restarted).toMatchObject({ backfillResumes: 1, backfillDone: 0, backfillFinishedAtMs: null });
    expect(await liveJobIds()).toEqual([`strava-backfill.${connectionId}.${restarted.backfillRunId}.start`]);
  }, 60_000);
});
