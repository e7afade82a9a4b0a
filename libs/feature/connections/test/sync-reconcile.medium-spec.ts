import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConnectionsRepository, ProviderConnectionEntity, UserEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue, type JobQueueAdmin } from '@loadwatch/data-access/queue';
import { type AppConfig } from '@loadwatch/shared/config';
import type { ConnectionsResponse } from '@loadwatch/shared/contracts';
import {
  createTestDatabase,
  DRIVERS,
  StravaStandIn,
  testConfig,
  type TestDatabase,
} from '@loadwatch/testing';
import { ConnectionsService, MAX_BACKFILL_RESUMES, SyncReconciler, SyncReconcileTick } from '../src';
import { DELETE_RECHECK_DELAYS_MS } from '../src/lib/strava/strava-sync.jobs';
import { compileConnections, listenWithTestUser, stravaSettings } from './support/connections-app';

/**
 * A Strava backfill stopped half-way and resumed by the next start (the embedded default: inline queue), on
 * each database: Strava answers 429 half-way through the first app's backfill, which then waits for the next
 * window and is stopped (Ctrl-C) meanwhile, without waiting for it; a second app on the same database and
 * stand-in resumes the backfill at start (SyncReconcileTick, as the API wires it on the inline driver) and
 * every activity ends up stored once. The 15-minute window runs as one minute, on both sides (`rateWindows`
 * and the stand-in's `windows`); the test starts early in a window, so the stop comes well before it ends.
 */
const WINDOWS = { shortMs: 60_000, longMs: 24 * 3600_000 };
/** The athlete the stand-in's consent page signs in. */
const ATHLETE = 1001;
const ACTIVITIES = 250;

interface Stack {
  stand: StravaStandIn;
  database: TestDatabase;
  dataDir: string;
  athleteId: string;
}

interface RunningApp {
  app: INestApplication;
  db: DataSource;
  queue: JobQueue;
}

async function stack(driver: (typeof DRIVERS)[number]): Promise<Stack> {
  const stand = await new StravaStandIn({
    readLimits: [100_000, 1_000_000],
    overallLimits: [100_000, 1_000_000],
    windows: WINDOWS,
  }).start();
  return {
    stand,
    database: await createTestDatabase(driver),
    dataDir: mkdtempSync(join(tmpdir(), 'loadwatch-sync-reconcile-')),
    athleteId: randomUUID(),
  };
}

async function startApp(s: Stack): Promise<RunningApp> {
  const config: AppConfig = testConfig(s.database.db, s.dataDir);
  config.connections.strava = stravaSettings(s.stand, {
    readLimits: { perQuarterHour: 100_000, perDay: 1_000_000 },
    rateWindows: WINDOWS,
  });
  const moduleRef = await compileConnections(config, {
    imports: [ScheduleModule.forRoot()],
    providers: [SyncReconcileTick],
  });
  const app = await listenWithTestUser(moduleRef, config);
  return { app, db: app.get(DataSource), queue: app.get<JobQueue>(JOB_QUEUE) };
}

/** The browser's round trip: our authorize URL, the stand-in's consent redirect, our callback. */
async function connect(s: Stack, a: RunningApp): Promise<void> {
  const started = await request(a.app.getHttpServer())
    .post('/api/connections')
    .set('x-test-user', s.athleteId)
    .send({ provider: 'strava' })
    .expect(200);
  const cookies = ([] as string[]).concat(started.headers['set-cookie'] ?? []);
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') as string);
  const back = await request(a.app.getHttpServer())
    .get(callback.pathname + callback.search)
    .set('cookie', cookies.map((cookie) => cookie.split(';')[0]).join('; '))
    .expect(302);
  expect(back.headers['location']).toMatch(/connected=strava$/);
}

function connection(s: Stack, a: RunningApp): Promise<ProviderConnectionEntity> {
  return a.db.getRepository(ProviderConnectionEntity).findOneByOrFail({ athleteId: s.athleteId });
}

async function storedStravaIds(s: Stack, a: RunningApp): Promise<string[]> {
  const rows: { externalId: string }[] = await a.db.query(
    `SELECT "externalId" FROM activity_sources WHERE "athleteId" = '${s.athleteId}' AND source = 'strava'`,
  );
  return rows.map((row) => row.externalId).sort();
}

async function activityCount(s: Stack, a: RunningApp): Promise<number> {
  const rows = await a.db.query(`SELECT COUNT(*) AS n FROM activities WHERE "athleteId" = '${s.athleteId}'`);
  return Number(rows[0].n);
}

/** Activity ids whose summary Strava served (GET /activities/{id}, 200) from request `from` on. */
function fetchedIds(stand: StravaStandIn, from = 0): string[] {
  return stand.requests
    .slice(from)
    .filter((r) => r.status === 200 && /^\/api\/v3\/activities\/\d+$/.test(r.path))
    .map((r) => r.path.split('/').pop() as string);
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(DRIVERS)('Strava backfill resumed after a restart on %s', (driver) => {
  let s: Stack;
  let apps: RunningApp[];

  beforeEach(async () => {
    s = await stack(driver);
    apps = [];
  });

  afterEach(async () => {
    for (const a of apps) await a.app.close().catch(() => undefined);
    await s.stand.stop();
    await s.database.drop();
    rmSync(s.dataDir, { recursive: true, force: true });
  });

  it('stops at once while rate-limited half-way, and the next start finishes it with every activity exactly once', async () => {
    const all = s.stand.addActivities(ATHLETE, ACTIVITIES, { manualEvery: 50 }).map((a) => String(a.id));
    // The 101st activity listed (newest first): page one is listed, 100 of its activities are in.
    s.stand.failNext(new RegExp(`/activities/${all[100]}/streams$`), 429);
    // The stop must come before the window the 429 waits for ends (windows follow the wall clock): start in
    // the first half of a window, so a loaded machine has 30 s for the first half of the backfill and the stop.
    const intoWindow = Date.now() % WINDOWS.shortMs;
    if (intoWindow > WINDOWS.shortMs / 2) {
      await new Promise((resolve) => setTimeout(resolve, WINDOWS.shortMs - intoWindow + 100));
    }
    const first = await startApp(s);
    apps.push(first);
    await first.db.getRepository(UserEntity).insert({
      id: s.athleteId,
      email: `${s.athleteId}@example.test`,
      passwordHash: 'x',
      role: 'athlete',
      timeZone: 'UTC',
      createdAtMs: Date.now(),
      updatedAtMs: Date.now(),
    });
    await connect(s, first);
    await until(async () => (await connection(s, first)).syncState === 'rate-limited', 30_000);

    const stopped = await connection(s, first);
    const before = await storedStravaIds(s, first);
    // Ctrl-C: the jobs waiting for the window are dropped, not awaited (nothing is imported meanwhile: the
    // limiter holds every call).
    await first.app.close();
    apps = [];
    expect(Date.now()).toBeLessThan(stopped.resumesAtMs as number);
    // Half-way: the listing is not done (the first page of 200 is in), nor are the activities.
    expect(stopped).toMatchObject({ backfillTotal: 200, backfillFinishedAtMs: null });
    expect(stopped.backfillCursor).not.toBeNull();
    expect(before).toHaveLength(100);
    const firstRun = stopped.backfillRunId;
    const requestsBefore = s.stand.requests.length;

    const second = await startApp(s);
    apps.push(second);
    await second.app.get(SyncReconciler).settled();
    await second.queue.drain();

    await expect(storedStravaIds(s, second)).resolves.toEqual([...all].sort());
    await expect(activityCount(s, second)).resolves.toBe(ACTIVITIES);
    // Nothing held before the stop was fetched again; only the activity cut off by the 429 was.
    const refetched = fetchedIds(s.stand, requestsBefore).filter((id) => before.includes(id));
    expect(refetched).toEqual([]);
    expect(fetchedIds(s.stand).length).toBe(ACTIVITIES + 1);
    expect(s.stand.count(429)).toBe(1);

    const done = await connection(s, second);
    expect(done.backfillRunId).not.toBe(firstRun);
    expect(done).toMatchObject({
      syncState: 'idle',
      backfillDone: ACTIVITIES,
      backfillTotal: ACTIVITIES,
      backfillCursor: null,
      backfillResumes: 0,
      lastErrorMessage: null,
    });
    expect(done.backfillFinishedAtMs).not.toBeNull();
    const view = await request(second.app.getHttpServer())
      .get('/api/connections')
      .set('x-test-user', s.athleteId)
      .expect(200);
    expect((view.body as ConnectionsResponse).connections[0].sync).toMatchObject({
      state: 'idle',
      activitiesImported: ACTIVITIES,
      backfill: { done: ACTIVITIES, total: ACTIVITIES },
    });
  }, 120_000);

  it('gives a backfill that never gets further up after a bounded number of starts, with a message for the athlete', async () => {
    s.stand.addActivities(ATHLETE, 3);
    const first = await startApp(s);
    apps.push(first);
    await first.db.getRepository(UserEntity).insert({
      id: s.athleteId,
      email: `${s.athleteId}@example.test`,
      passwordHash: 'x',
      role: 'athlete',
      timeZone: 'UTC',
      createdAtMs: Date.now(),
      updatedAtMs: Date.now(),
    });
    // Strava fails the activity list every time: no start gets further.
    s.stand.failNext(/\/athlete\/activities$/, 500, 1000);
    await connect(s, first);
    await first.queue.drain();
    await first.app.close();
    apps = [];

    for (let start = 1; start <= MAX_BACKFILL_RESUMES + 2; start++) {
      const next = await startApp(s);
      apps.push(next);
      await next.app.get(SyncReconciler).settled();
      await next.queue.drain();
      const row = await connection(s, next);
      expect(row.backfillResumes).toBe(Math.min(start, MAX_BACKFILL_RESUMES + 1));
      await next.app.close();
      apps = [];
    }
    const last = await startApp(s);
    apps.push(last);
    await last.app.get(SyncReconciler).settled();
    const row = await connection(s, last);
    expect(row.syncState).toBe('error');
    expect(row.lastErrorMessage).toMatch(
      /^The import of your Strava history stopped .*Connect again to retry\.$/,
    );
    expect(row.lastErrorMessage).not.toMatch(/token|Bearer/i);
    await expect(activityCount(s, last)).resolves.toBe(0);
  }, 120_000);

  it('finishes a backfill whose one activity always fails (counted as processed, the failure kept with its job): later starts list nothing again', async () => {
    const all = s.stand.addActivities(ATHLETE, 5).map((a) => String(a.id));
    const bad = all[2];
    // A 500 on every try: the job's attempts run out.
    s.stand.failNext(new RegExp(`/activities/${bad}$`), 500, 1000);
    const first = await startApp(s);
    apps.push(first);
    await insertAthlete(s, first);
    await connect(s, first);
    await first.queue.drain();
    const finished = await connection(s, first);
    expect(finished).toMatchObject({ backfillDone: 5, backfillTotal: 5, backfillCursor: null });
    expect(finished.backfillFinishedAtMs).not.toBeNull();
    const failed = await (first.queue as unknown as JobQueueAdmin).failed(10, 0);
    expect(failed.map((job) => [job.name, job.jobId])).toEqual([
      ['strava-activity', `strava-activity:${finished.id}:${bad}:backfill-${finished.backfillRunId}`],
    ]);
    await expect(storedStravaIds(s, first)).resolves.toEqual(all.filter((id) => id !== bad).sort());
    await first.app.close();
    apps = [];

    const listings = () => s.stand.requests.filter((r) => r.path === '/api/v3/athlete/activities').length;
    const listed = listings();
    const badFetches = fetchAttempts(s.stand, bad);
    for (let start = 0; start < 2; start++) {
      const next = await startApp(s);
      apps.push(next);
      await expect(next.app.get(SyncReconciler).settled()).resolves.toBeUndefined();
      await next.queue.drain();
      await next.app.close();
      apps = [];
    }
    expect(listings()).toBe(listed);
    expect(fetchAttempts(s.stand, bad)).toBe(badFetches);
  }, 120_000);

  it('counts only processed activities as progress: listing a page again leaves the count of fruitless resumes', async () => {
    const a = await startApp(s);
    apps.push(a);
    await insertAthlete(s, a);
    await connect(s, a);
    await a.queue.drain();
    const rows = a.app.get(ConnectionsRepository);
    const row = await connection(s, a);
    await rows.restartBackfill(row.id, row.backfillRunId as string, Date.now());
    const restarted = await connection(s, a);
    await rows.updateSync(row.id, { backfillResumes: 3 }, Date.now());
    await expect(
      rows.advanceBackfill(
        row.id,
        { runId: restarted.backfillRunId as string, fromCursor: null, toCursor: '1000', listed: 3, done: 3 },
        Date.now(),
      ),
    ).resolves.toBe(true);
    await expect(connection(s, a)).resolves.toMatchObject({ backfillResumes: 3, backfillDone: 3 });
    await rows.addBackfillDone(row.id, 1, false);
    await expect(connection(s, a)).resolves.toMatchObject({ backfillResumes: 3, backfillDone: 4 });
    await rows.addBackfillDone(row.id, 1);
    await expect(connection(s, a)).resolves.toMatchObject({ backfillResumes: 0, backfillDone: 5 });
  }, 60_000);

  it('checks a delete event Strava does not confirm yet again later, a bounded number of times', async () => {
    const [kept, deleted] = s.stand.addActivities(ATHLETE, 2).map((activity) => activity.id);
    const a = await startApp(s);
    apps.push(a);
    await insertAthlete(s, a);
    await connect(s, a);
    await a.queue.drain();
    const { id: connectionId } = await connection(s, a);

    // Strava's API still shows the activity when the event arrives, and no longer a little later.
    await a.queue.enqueue('strava-activity-delete', { connectionId, activityId: String(deleted) });
    await until(async () => fetchAttempts(s.stand, String(deleted)) === 2, 10_000);
    s.stand.activities.delete(deleted);
    await a.queue.drain();
    await expect(storedStravaIds(s, a)).resolves.toEqual([String(kept)]);

    // One Strava keeps showing is checked once per delay after the event's own check, then stays.
    const before = fetchAttempts(s.stand, String(kept));
    await a.queue.enqueue('strava-activity-delete', { connectionId, activityId: String(kept) });
    await a.queue.drain();
    expect(fetchAttempts(s.stand, String(kept)) - before).toBe(1 + DELETE_RECHECK_DELAYS_MS.length);
    await expect(storedStravaIds(s, a)).resolves.toEqual([String(kept)]);
  }, 60_000);
});

describe('The OAuth connect cookie', () => {
  let s: Stack;
  let a: RunningApp;

  beforeEach(async () => {
    s = await stack('sqlite');
    a = await startApp(s);
    await insertAthlete(s, a);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await a.app.close();
    await s.stand.stop();
    await s.database.drop();
    rmSync(s.dataDir, { recursive: true, force: true });
  });

  it('is cleared with the attributes it was set with, also when completing the connect fails', async () => {
    const started = await request(a.app.getHttpServer())
      .post('/api/connections')
      .set('x-test-user', s.athleteId)
      .send({ provider: 'strava' })
      .expect(200);
    const set = ([] as string[]).concat(started.headers['set-cookie'] ?? []);
    expect(set).toHaveLength(1);
    expect(set[0]).toMatch(
      /^loadwatch_connect_strava=[^;]+; Max-Age=900; Path=\/api\/connections; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
    );
    const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') as string);
    jest
      .spyOn(a.app.get(ConnectionsService), 'completeConnect')
      .mockRejectedValueOnce(new Error('the database went away'));
    const failed = await request(a.app.getHttpServer())
      .get(callback.pathname + callback.search)
      .set('cookie', set[0].split(';')[0])
      .expect(500);
    const cleared = ([] as string[]).concat(failed.headers['set-cookie'] ?? []);
    expect(cleared).toEqual([
      'loadwatch_connect_strava=; Path=/api/connections; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ]);
  }, 30_000);
});

async function insertAthlete(s: Stack, a: RunningApp): Promise<void> {
  await a.db.getRepository(UserEntity).insert({
    id: s.athleteId,
    email: `${s.athleteId}@example.test`,
    passwordHash: 'x',
    role: 'athlete',
    timeZone: 'UTC',
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  });
}

/** Requests for an activity's summary (GET /activities/{id}), whatever the answer. */
function fetchAttempts(stand: StravaStandIn, id: string): number {
  return stand.requests.filter((r) => r.path === `/api/v3/activities/${id}`).length;
}
