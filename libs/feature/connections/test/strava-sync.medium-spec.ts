import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConnectionsRepository, ProviderConnectionEntity, UserEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { ProviderActivitiesService } from '@loadwatch/feature/ingestion';
import { type Clock } from '@loadwatch/feature/load';
import { type AppConfig } from '@loadwatch/shared/config';
import type { ConnectionsResponse } from '@loadwatch/shared/contracts';
import {
  createTestDatabase,
  DRIVERS,
  StravaStandIn,
  testConfig,
  type TestDatabase,
} from '@loadwatch/testing';
import {
  ConnectionsService,
  ConnectionUnavailableError,
  RateLimiterFactory,
  stravaWebhookSecret,
  TokenCipher,
  type RatePriority,
  type RateWindows,
} from '../src';
import { StravaApi } from '../src/lib/strava/strava-api.service';
import { STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS } from '../src/lib/strava/strava-subscription-check';
import { StravaSyncJobs } from '../src/lib/strava/strava-sync.jobs';
import { compileConnections, listenWithTestUser, stravaSettings } from './support/connections-app';

/**
 * The Strava sync against the stand-in on 127.0.0.1, on each database with the inline queue. The 15-minute
 * read window runs as one second (`rateWindows` in the config and `windows` of the stand-in, the same
 * lengths), so a 300-activity backfill under 100 requests per window takes about ten seconds.
 */
const WINDOWS = { shortMs: 1000, longMs: 24 * 3600_000 };
const ATHLETE = 1001;
const VERIFY_TOKEN = 'verify-me-please';
const WEBHOOK = `/api/connections/strava/webhook/${stravaWebhookSecret(VERIFY_TOKEN)}`;

interface Harness {
  app: INestApplication;
  url: string;
  stand: StravaStandIn;
  db: DataSource;
  queue: JobQueue;
  athleteId: string;
  close(): Promise<void>;
}

/** `budget`: the read limit of a window, its length and the backfill's share (default 100, WINDOWS, 1). */
async function harness(
  driver: (typeof DRIVERS)[number],
  options: {
    clock?: Clock;
    budget?: { perWindow: number; windows: RateWindows; backfillShare: number };
  } = {},
): Promise<Harness> {
  const { clock, budget = { perWindow: 100, windows: WINDOWS, backfillShare: 1 } } = options;
  const stand = await new StravaStandIn({
    readLimits: [budget.perWindow, 100_000],
    windows: budget.windows,
  }).start();
  const database: TestDatabase = await createTestDatabase(driver);
  const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-connections-'));
  const config: AppConfig = testConfig(database.db, dataDir);
  config.connections.strava = stravaSettings(stand, {
    webhookVerifyToken: VERIFY_TOKEN,
    readLimits: { perQuarterHour: budget.perWindow, perDay: 100_000 },
    rateWindows: budget.windows,
    backfillBudgetShare: budget.backfillShare,
  });
  const app = await listenWithTestUser(await compileConnections(config, { clock }), config);
  const db = app.get(DataSource);
  const athleteId = await addAthlete(db);
  return {
    app,
    url: config.publicUrl,
    stand,
    db,
    queue: app.get<JobQueue>(JOB_QUEUE),
    athleteId,
    close: async () => {
      await app.close();
      await stand.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function addAthlete(db: DataSource): Promise<string> {
  const athleteId = randomUUID();
  await db.getRepository(UserEntity).insert({
    id: athleteId,
    email: `${athleteId}@example.test`,
    passwordHash: 'x',
    role: 'athlete',
    timeZone: 'UTC',
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
  });
  return athleteId;
}

/**
 * The browser's round trip: our authorize URL (the answer sets the browser-key cookie), the stand-in's
 * consent redirect, our callback; `finishIn` is the browser that follows the redirect back (by default the
 * one that started, a cookie-keeping agent).
 */
async function connect(
  h: Harness,
  options: { athleteId?: string; finishIn?: request.Agent } = {},
): Promise<string> {
  const browser = request.agent(h.app.getHttpServer());
  const started = await browser
    .post('/api/connections')
    .set('x-test-user', options.athleteId ?? h.athleteId)
    .send({ provider: 'strava' })
    .expect(200);
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') as string);
  const back = await (options.finishIn ?? browser).get(callback.pathname + callback.search).expect(302);
  return back.headers['location'] as string;
}

async function subscribe(h: Harness): Promise<void> {
  await request(h.app.getHttpServer())
    .post('/api/connections/strava/subscription')
    .set('x-test-user', h.athleteId)
    .expect(201);
  expect(h.stand.subscriptions).toEqual([{ id: expect.any(Number), callbackUrl: `${h.url}${WEBHOOK}` }]);
}

async function connections(h: Harness): Promise<ConnectionsResponse> {
  const res = await request(h.app.getHttpServer())
    .get('/api/connections')
    .set('x-test-user', h.athleteId)
    .expect(200);
  return res.body as ConnectionsResponse;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function activityCount(h: Harness): Promise<number> {
  const rows = await h.db.query(`SELECT COUNT(*) AS n FROM activities WHERE "athleteId" = '${h.athleteId}'`);
  return Number(rows[0].n);
}

async function row(h: Harness): Promise<ProviderConnectionEntity> {
  return h.db.getRepository(ProviderConnectionEntity).findOneByOrFail({ athleteId: h.athleteId });
}

describe.each(DRIVERS)('Strava sync on %s', (driver) => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness(driver);
  });

  afterEach(async () => {
    await h.close();
  });

  it('connects, backfills 300 activities under 100 requests a window without a 429, through a token expiry, a 500 and a malformed body', async () => {
    h.stand.addActivities(ATHLETE, 300, { manualEvery: 25 });
    h.stand.expireAfter(150);
    h.stand.failNext(/\/streams$/, 500);
    h.stand.failNext(/\/laps$/, 'malformed');

    const started = Date.now();
    await expect(connect(h)).resolves.toBe(`${h.url}/settings/connections?connected=strava`);
    await h.queue.drain();
    const elapsedMs = Date.now() - started;

    await expect(activityCount(h)).resolves.toBe(300);
    expect(h.stand.count(429)).toBe(0);
    expect(h.stand.count(500)).toBe(1);
    expect(h.stand.count(401)).toBeGreaterThanOrEqual(1);
    // 3 list pages + 3 calls per recorded activity + 1 for each manual one (no laps, no streams) + retries.
    const apiCalls = h.stand.requests.filter((r) => r.path.startsWith('/api/v3')).length;
    expect(elapsedMs).toBeGreaterThan(Math.floor(apiCalls / 100) * WINDOWS.shortMs - WINDOWS.shortMs);

    const stored = await row(h);
    const cipher = h.app.get(TokenCipher);
    expect(h.stand.validRefreshTokens(ATHLETE)).toEqual([
      cipher.open(stored.refreshTokenEnc as string, 'refresh-token'),
    ]);
    expect(stored.accessTokenEnc).not.toContain(h.stand.validRefreshTokens(ATHLETE)[0]);

    const view = (await connections(h)).connections[0];
    expect(view).toMatchObject({
      provider: 'strava',
      status: 'active',
      externalAthleteId: String(ATHLETE),
      scopes: ['read', 'activity:read_all'],
      sync: { state: 'idle', activitiesImported: 300, backfill: { done: 300, total: 300 }, lastError: null },
    });
    expect(view.sync.backfill?.finishedAt).not.toBeNull();
  }, 120_000);

  it('answers webhook events at once and processes them in the queue: twice-delivered create, update, delete, deauthorization', async () => {
    await connect(h);
    await h.queue.drain();
    await subscribe(h);

    const [activity] = h.stand.addActivities(ATHLETE, 1);
    const event = {
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 1_750_000_000,
    };
    const first = await h.stand.sendEvent(event);
    const second = await h.stand.sendEvent(event);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(Math.max(first.ms, second.ms)).toBeLessThan(2000);
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(1);

    await h.stand.sendEvent({
      ...event,
      aspect_type: 'update',
      event_time: 1_750_000_100,
      updates: { title: 'Messy' },
    });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(1);

    h.stand.activities.delete(activity.id);
    await h.stand.sendEvent({ ...event, aspect_type: 'delete', event_time: 1_750_000_200 });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(0);

    h.stand.revokeAccess(ATHLETE);
    await h.stand.sendEvent({
      object_type: 'athlete',
      object_id: ATHLETE,
      aspect_type: 'update',
      owner_id: ATHLETE,
      event_time: Math.floor(Date.now() / 1000),
      updates: { authorized: 'false' },
    });
    await h.queue.drain();
    const stored = await row(h);
    expect(stored).toMatchObject({ status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null });
    await request(h.app.getHttpServer()).post(WEBHOOK).send({ hello: 1 }).expect(400);
  }, 60_000);

  it('does not fetch an activity the athlete deleted in Loadwatch again when Strava sends an update of it', async () => {
    await connect(h);
    await h.queue.drain();
    await subscribe(h);
    const [activity] = h.stand.addActivities(ATHLETE, 1);
    const event = {
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 1_750_000_000,
    };
    await h.stand.sendEvent(event);
    await h.queue.drain();
    const [stored] = await h.db.query(`SELECT id FROM activities WHERE "athleteId" = '${h.athleteId}'`);
    await request(h.app.getHttpServer())
      .delete(`/api/activities/${stored.id}`)
      .set('x-test-user', h.athleteId)
      .expect(204);
    await h.queue.drain();

    const before = h.stand.requests.length;
    await h.stand.sendEvent({ ...event, aspect_type: 'update', event_time: 1_750_000_100, updates: {} });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(0);
    // Only the webhook's own request: no read of the activity, its laps or streams.
    const reads = h.stand.requests.slice(before).filter((r) => r.path.includes(`/activities/${activity.id}`));
    expect(reads).toEqual([]);
  });

  describe('the subscription of an event', () => {
    /** Strava's answers to GET /push_subscriptions from request `from` on. */
    const lookups = (from: number) =>
      h.stand.requests
        .slice(from)
        .filter((r) => r.method === 'GET' && r.path === '/api/v3/push_subscriptions');

    it('processes events of the subscription made without the admin route (the CLI), ignores another’s with 200', async () => {
      await connect(h);
      await h.queue.drain();
      // As `loadwatch strava subscribe` does: the API learns the id from Strava on the first event.
      const { id } = await h.app.get(StravaApi).subscriptions.subscribe();
      const from = h.stand.requests.length;
      const [mine, foreign, later] = h.stand.addActivities(ATHLETE, 3);
      const create = (activityId: number) => ({
        object_type: 'activity',
        object_id: activityId,
        aspect_type: 'create',
        owner_id: ATHLETE,
        event_time: 1_750_000_000,
      });

      await expect(
        h.stand.sendEvent({ ...create(foreign.id), subscription_id: id + 1 }),
      ).resolves.toMatchObject({
        status: 200,
      });
      await h.queue.drain();
      await expect(activityCount(h)).resolves.toBe(0);
      expect(lookups(from)).toHaveLength(1);

      await expect(h.stand.sendEvent(create(mine.id))).resolves.toMatchObject({ status: 200 });
      // That subscription's again (an old one whose retries still come): still ignored, Strava not asked.
      await h.stand.sendEvent({ ...create(later.id), subscription_id: id + 1 });
      await h.queue.drain();
      await expect(activityCount(h)).resolves.toBe(1);
      expect(lookups(from)).toHaveLength(1);
      const stored = await h.db.query(
        `SELECT "externalId" FROM activity_sources WHERE "athleteId" = '${h.athleteId}'`,
      );
      expect(stored).toEqual([{ externalId: String(mine.id) }]);

      const { subscription_id: _none, ...unsubscribed } = { ...create(mine.id), subscription_id: id };
      await request(h.app.getHttpServer())
        .post(WEBHOOK)
        .send(unsubscribed)
        .expect(400, { statusCode: 400, message: 'Not a Strava webhook event', error: 'Bad Request' });
    }, 60_000);

    it('knows the subscription the admin route made without asking Strava', async () => {
      await connect(h);
      await h.queue.drain();
      await subscribe(h);
      const from = h.stand.requests.length;
      const [activity] = h.stand.addActivities(ATHLETE, 1);
      await h.stand.sendEvent({
        object_type: 'activity',
        object_id: activity.id,
        aspect_type: 'create',
        owner_id: ATHLETE,
        event_time: 1_750_000_000,
      });
      await h.queue.drain();
      await expect(activityCount(h)).resolves.toBe(1);
      expect(lookups(from)).toEqual([]);
    }, 60_000);
  });

  it('merges a Strava-only run into the Garmin copy of the run once an update event brings its corrected start', async () => {
    await connect(h);
    await h.queue.drain();
    await subscribe(h);
    const startMs = Date.UTC(2025, 6, 1, 6, 0, 0);
    const garmin = await h.app.get(ProviderActivitiesService).importProviderActivity({
      athleteId: h.athleteId,
      provider: 'garmin',
      externalId: '555',
      activity: {
        id: 'garmin-555',
        source: 'garmin',
        sport: 'RUNNING',
        subSport: null,
        sportClass: 'running',
        startMs,
        utcOffsetS: 7200,
        distanceM: 5000,
        movingTimeS: 1800,
        elapsedTimeS: null,
        ascentM: null,
        descentM: null,
        avgHeartRateBpm: 150,
        avgCadenceSpm: null,
        laps: [],
        stream: null,
        device: null,
      },
    });
    // Recorded on the phone with its clock an hour off: Strava's copy starts an hour late.
    const [activity] = h.stand.addActivities(ATHLETE, 1, { newestMs: startMs + 3600_000 });
    const event = {
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 1_750_000_000,
    };
    await h.stand.sendEvent(event);
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(2);

    activity.startMs = startMs + 15_000;
    await h.stand.sendEvent({ ...event, aspect_type: 'update', event_time: 1_750_000_100, updates: {} });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(1);
    const sources: { activityId: string; source: string }[] = await h.db.query(
      `SELECT "activityId", source FROM activity_sources WHERE "athleteId" = '${h.athleteId}' ORDER BY source`,
    );
    expect(sources).toEqual([
      { activityId: garmin.activityId, source: 'garmin' },
      { activityId: garmin.activityId, source: 'strava' },
    ]);
    // The update brought no new run: the count stays at the one the create brought.
    expect((await connections(h)).connections[0].sync.activitiesImported).toBe(1);
  }, 60_000);

  it('marks the connection as needing a new consent when Strava answers 400 to the refresh', async () => {
    await connect(h);
    await h.queue.drain();
    h.stand.revokeRefreshTokens();
    h.stand.expireAccessTokens();
    const [activity] = h.stand.addActivities(ATHLETE, 1);
    await h.queue.enqueue('strava-activity', {
      connectionId: (await row(h)).id,
      activityId: String(activity.id),
      revision: 'event-1',
    });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(0);
    const view = (await connections(h)).connections[0];
    expect(view.status).toBe('needs-reconsent');
    expect(view.sync.lastError?.message).toMatch(/connect again/);
  }, 60_000);

  it('refuses webhook requests without the secret segment of the registered URL (404), handshake and events alike', async () => {
    await connect(h);
    await h.queue.drain();
    const [activity] = h.stand.addActivities(ATHLETE, 1);
    const server = h.app.getHttpServer();
    const handshake = '?hub.mode=subscribe&hub.challenge=abc&hub.verify_token=' + VERIFY_TOKEN;
    const create = {
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 1,
      updates: {},
    };
    for (const path of ['/api/connections/strava/webhook', '/api/connections/strava/webhook/wrong-secret']) {
      await request(server)
        .get(path + handshake)
        .expect(404);
      await request(server).post(path).send(create).expect(404);
      await request(server)
        .post(path)
        .send({ ...create, object_type: 'athlete', updates: { authorized: 'false' } })
        .expect(404);
    }
    // One character short of the secret: still refused.
    await request(server).post(WEBHOOK.slice(0, -1)).send(create).expect(404);
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(0);
    await expect(row(h)).resolves.toMatchObject({ status: 'active' });
    await request(server)
      .get(WEBHOOK + handshake)
      .expect(200, { 'hub.challenge': 'abc' });
  }, 60_000);

  it('acts on events with the secret only as Strava confirms them: a delete of a run Strava still has, a deauthorization while the token works, a deauthorization older than the connection', async () => {
    await connect(h);
    await h.queue.drain();
    await subscribe(h);
    const [activity] = h.stand.addActivities(ATHLETE, 1);
    await h.stand.sendEvent({
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 10,
    });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(1);

    // Someone who learned the URL says the run was deleted: Strava still shows it to its owner.
    await h.stand.sendEvent({
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: 'delete',
      owner_id: ATHLETE,
      event_time: 20,
    });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(1);

    // A deauthorization while the athlete's tokens still work: the connection stays (tokens renewed).
    const deauthorization = {
      object_type: 'athlete',
      object_id: ATHLETE,
      aspect_type: 'update',
      owner_id: ATHLETE,
      event_time: Math.floor(Date.now() / 1000),
      updates: { authorized: 'false' },
    };
    await h.stand.sendEvent(deauthorization);
    await h.queue.drain();
    await expect(row(h)).resolves.toMatchObject({ status: 'active' });
    expect((await connections(h)).connections[0].status).toBe('active');

    // A deauthorization from before the connection was made (a late retry) is ignored, whatever the tokens.
    h.stand.revokeAccess(ATHLETE);
    const connectedAtS = Math.floor((await row(h)).connectedAtMs / 1000);
    await h.stand.sendEvent({ ...deauthorization, event_time: connectedAtS - 120 });
    await h.queue.drain();
    await expect(row(h)).resolves.toMatchObject({ status: 'active' });
  }, 60_000);

  it('does not bring back a run whose delete ran while its create was still fetching (one lock per activity)', async () => {
    await connect(h);
    await h.queue.drain();
    // A manual run: its import is the summary alone, so the slow answer is the whole create.
    const [activity] = h.stand.addActivities(ATHLETE, 1, { manualEvery: 1 });
    const jobs = h.app.get(StravaSyncJobs);
    const connectionId = (await row(h)).id;
    const payload = { connectionId, activityId: String(activity.id) };
    h.stand.delayNext(new RegExp(`/activities/${activity.id}$`), 400);
    const create = jobs.handleActivity({ ...payload, revision: 'event-1' });
    // The create's fetch was answered (the run existed); then the athlete deletes the run at Strava.
    await until(() => h.stand.requests.some((r) => r.path.endsWith(`/activities/${activity.id}`)));
    h.stand.activities.delete(activity.id);
    await Promise.all([create, jobs.handleActivityDelete(payload)]);
    await expect(activityCount(h)).resolves.toBe(0);
  }, 60_000);

  it('keeps no tokens that a refresh in flight during a disconnect brings back', async () => {
    await connect(h);
    await h.queue.drain();
    const connectionId = (await row(h)).id;
    await h.db.getRepository(ProviderConnectionEntity).update({ id: connectionId }, { tokenExpiresAtMs: 1 });
    h.stand.tokenDelayMs = 600;
    const service = h.app.get(ConnectionsService);
    const renewing = service.accessToken(connectionId);
    // The refresh is at Strava (answered after 600 ms) when the connection ends.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.stand.tokenRequests('refresh_token')).toEqual([]);
    await service.markDisconnected(connectionId, null);
    await expect(renewing).rejects.toBeInstanceOf(ConnectionUnavailableError);
    await expect(row(h)).resolves.toMatchObject({
      status: 'disconnected',
      accessTokenEnc: null,
      refreshTokenEnc: null,
    });
    // The tokens Strava issued meanwhile were revoked again with the deauthorization.
    expect(h.stand.validRefreshTokens(ATHLETE)).toEqual([]);
  }, 60_000);

  it('binds the connect to the browser that started it: a callback without its cookie, or with another, stores nothing', async () => {
    const elsewhere = request.agent(h.app.getHttpServer());
    await expect(connect(h, { finishIn: elsewhere })).resolves.toBe(
      `${h.url}/settings/connections?error=invalid-state`,
    );
    // A browser holding a cookie of its own attempt (the victim's) with the attacker's state.
    const victim = await addAthlete(h.db);
    const victimBrowser = request.agent(h.app.getHttpServer());
    await victimBrowser
      .post('/api/connections')
      .set('x-test-user', victim)
      .send({ provider: 'strava' })
      .expect(200);
    await expect(connect(h, { finishIn: victimBrowser })).resolves.toBe(
      `${h.url}/settings/connections?error=invalid-state`,
    );
    await expect(h.db.getRepository(ProviderConnectionEntity).count()).resolves.toBe(0);
    const started = await request(h.app.getHttpServer())
      .post('/api/connections')
      .set('x-test-user', h.athleteId)
      .send({ provider: 'strava' })
      .expect(200);
    expect(started.headers['set-cookie']?.[0]).toMatch(
      /^loadwatch_connect_strava=[\w-]{43}; Max-Age=900; Path=\/api\/connections; Expires=.+; HttpOnly; SameSite=Lax$/,
    );
    await expect(connect(h)).resolves.toBe(`${h.url}/settings/connections?connected=strava`);
  }, 60_000);

  it('lets one athlete at a time hold a Strava account, even when two connect it at the same moment', async () => {
    const other = await addAthlete(h.db);
    const outcomes = await Promise.all([connect(h), connect(h, { athleteId: other })]);
    expect(outcomes.sort()).toEqual([
      `${h.url}/settings/connections?connected=strava`,
      `${h.url}/settings/connections?error=account-in-use`,
    ]);
    const live = await h.db
      .getRepository(ProviderConnectionEntity)
      .findBy({ externalAthleteId: String(ATHLETE), status: 'active' });
    expect(live).toHaveLength(1);
    // The index itself: a grant for the other athlete while the account is held stores nothing.
    const loser = live[0].athleteId === h.athleteId ? other : h.athleteId;
    await expect(
      h.app.get(ConnectionsRepository).saveGrant({
        athleteId: loser,
        provider: 'strava',
        externalAthleteId: String(ATHLETE),
        scopes: ['read'],
        accessTokenEnc: 'x',
        refreshTokenEnc: null,
        tokenExpiresAtMs: null,
        atMs: Date.now(),
      }),
    ).resolves.toBeNull();
    await expect(
      h.db.getRepository(ProviderConnectionEntity).findBy({ athleteId: loser, status: 'active' }),
    ).resolves.toEqual([]);
  }, 60_000);

  it('refuses a forged state and a missing provider, and disconnects on request', async () => {
    const bad = await request(h.app.getHttpServer())
      .get('/api/connections/strava/callback?state=v1.forged&code=abc')
      .expect(302);
    expect(bad.headers['location']).toBe(`${h.url}/settings/connections?error=invalid-state`);
    await request(h.app.getHttpServer())
      .post('/api/connections')
      .set('x-test-user', h.athleteId)
      .send({ provider: 'fitbit' })
      .expect(400);
    await connect(h);
    await h.queue.drain();
    await request(h.app.getHttpServer())
      .delete('/api/connections/strava')
      .set('x-test-user', h.athleteId)
      .expect(204);
    await expect(row(h)).resolves.toMatchObject({ status: 'disconnected', accessTokenEnc: null });
    expect(h.stand.validRefreshTokens(ATHLETE)).toEqual([]);
  }, 60_000);
});

describe('Strava events while Strava cannot confirm our subscription', () => {
  let h: Harness;
  let offsetMs: number;

  beforeEach(async () => {
    offsetMs = 0;
    h = await harness('sqlite', { clock: { now: () => Date.now() + offsetMs } });
  });

  afterEach(async () => {
    await h.close();
  });

  it('answers 503 (Strava tries again) when the lookup fails or is slow, and processes the retry once Strava answers', async () => {
    await connect(h);
    await h.queue.drain();
    await h.app.get(StravaApi).subscriptions.subscribe();
    const [activity] = h.stand.addActivities(ATHLETE, 1);
    const event = {
      object_type: 'activity',
      object_id: activity.id,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 1_750_000_000,
    };

    h.stand.failNext(/\/push_subscriptions$/, 500);
    await expect(h.stand.sendEvent(event)).resolves.toMatchObject({ status: 503 });
    // Within the lookup interval Strava is not asked again: the retry gets 503 as well.
    const asked = h.stand.count(500);
    await expect(h.stand.sendEvent(event)).resolves.toMatchObject({ status: 503 });
    expect(h.stand.count(500)).toBe(asked);
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(0);

    // Strava's next attempt, after the interval: Strava answers, slowly at first (past our 2 s budget).
    offsetMs += STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS;
    h.stand.delayNext(/\/push_subscriptions$/, 1500);
    const slow = await h.stand.sendEvent(event);
    // 503, not 200: the lookup's deadline (1.2 s) answered before Strava's slow answer (1.5 s) could.
    expect(slow.status).toBe(503);
    expect(slow.body).toMatch(/did not say in time/);
    // The slow answer still arrives and is kept: the next attempt passes without asking again. It was due
    // at most 1.5 s after this 503; the rest is slack for a loaded machine.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await expect(h.stand.sendEvent(event)).resolves.toMatchObject({ status: 200 });
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(1);
  }, 60_000);
});

describe('Strava events of a subscription made again', () => {
  let h: Harness;
  let offsetMs: number;

  beforeEach(async () => {
    offsetMs = 0;
    h = await harness('sqlite', { clock: { now: () => Date.now() + offsetMs } });
  });

  afterEach(async () => {
    await h.close();
  });

  it('asks Strava again at once for an id it does not know, then at most every 30 s for ids Strava denies', async () => {
    await connect(h);
    await h.queue.drain();
    const { id: first } = await h.app.get(StravaApi).subscriptions.subscribe();
    const from = h.stand.requests.length;
    const lookups = () =>
      h.stand.requests
        .slice(from)
        .filter((r) => r.method === 'GET' && r.path === '/api/v3/push_subscriptions').length;
    const [one, two, three] = h.stand.addActivities(ATHLETE, 3);
    const create = (activityId: number) => ({
      object_type: 'activity',
      object_id: activityId,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 1_750_000_000,
    });
    await expect(h.stand.sendEvent(create(one.id))).resolves.toMatchObject({ status: 200 });
    expect(lookups()).toBe(1);

    // Unsubscribed and subscribed again at Strava (by the CLI, or by hand) moments after that lookup.
    // Strava gives the new subscription a new id (the stand-in would reuse the old one, so it is set here).
    const second = first + 7;
    h.stand.subscriptions.splice(0, 1, { id: second, callbackUrl: h.stand.subscriptions[0].callbackUrl });
    await expect(h.stand.sendEvent(create(two.id))).resolves.toMatchObject({ status: 200 });
    expect(lookups()).toBe(2);
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(2);

    // A retry of the old subscription's event: Strava is asked (the last lookup found a new id) and denies it.
    await expect(h.stand.sendEvent({ ...create(three.id), subscription_id: first })).resolves.toMatchObject({
      status: 200,
    });
    expect(lookups()).toBe(3);
    // Its next retry is refused without asking; an id never seen gets 503 (Strava tries it again later)
    // rather than a lookup: forged ids cannot make us ask Strava more than every 30 s.
    await h.stand.sendEvent({ ...create(three.id), subscription_id: first });
    await expect(
      h.stand.sendEvent({ ...create(three.id), subscription_id: second + 1 }),
    ).resolves.toMatchObject({ status: 503 });
    expect(lookups()).toBe(3);

    offsetMs += STRAVA_SUBSCRIPTION_LOOKUP_INTERVAL_MS;
    await expect(
      h.stand.sendEvent({ ...create(three.id), subscription_id: second + 1 }),
    ).resolves.toMatchObject({ status: 200 });
    expect(lookups()).toBe(4);
    await h.queue.drain();
    await expect(activityCount(h)).resolves.toBe(2);
  }, 60_000);
});

describe("Strava's read budget during a large backfill", () => {
  /** 20 reads a 2-second window, a backfill keeping to half of each: 10 reads stay for webhook events. */
  const budget = { perWindow: 20, windows: { shortMs: 2000, longMs: 24 * 3600_000 }, backfillShare: 0.5 };
  let h: Harness;

  beforeEach(async () => {
    h = await harness('sqlite', { budget });
  });

  afterEach(async () => {
    await h.close();
  });

  it('processes a webhook create in the window in which the backfill used up its share, without a 429, and finishes the backfill later', async () => {
    // Made by StravaApi at start: `get` answers the same limiter, whose reservations are recorded here.
    const limiter = h.app
      .get(RateLimiterFactory)
      .get('strava-read', { short: budget.perWindow, long: 100_000 }, budget.windows);
    const acquire = limiter.acquire.bind(limiter);
    const reservations: { priority: RatePriority; ok: boolean }[] = [];
    jest.spyOn(limiter, 'acquire').mockImplementation(async (nowMs, priority) => {
      const acquired = await acquire(nowMs, priority);
      reservations.push({ priority, ok: acquired.ok });
      return acquired;
    });
    const refusedBackfill = () => reservations.some((r) => r.priority === 'backfill' && !r.ok);

    await subscribe(h);
    // 8 recorded activities: 2 list pages and 24 activity reads, about three windows of the backfill's share.
    h.stand.addActivities(ATHLETE, 8);
    await connect(h);
    await until(refusedBackfill);
    const [live] = h.stand.addActivities(ATHLETE, 1, { newestMs: Date.UTC(2025, 6, 1, 7, 0, 0) });
    const event = await h.stand.sendEvent({
      object_type: 'activity',
      object_id: live.id,
      aspect_type: 'create',
      owner_id: ATHLETE,
      event_time: 1_750_000_000,
    });
    expect(event.status).toBe(200);
    await h.queue.drain();

    expect(h.stand.count(429)).toBe(0);
    await expect(activityCount(h)).resolves.toBe(9);
    const view = (await connections(h)).connections[0];
    expect(view.sync).toMatchObject({
      activitiesImported: 9,
      backfill: { done: 8, total: 8 },
      lastError: null,
    });
    expect(view.sync.backfill?.finishedAt).not.toBeNull();
    // The event's three reads (activity, laps, streams) were granted at once, never put off to a later
    // window, and came before the backfill's last ones: the event did not wait for the backfill.
    const liveReads = reservations.flatMap((r, i) => (r.priority === 'live' ? [{ ...r, i }] : []));
    expect(liveReads.map((r) => r.ok)).toEqual([true, true, true]);
    const lastBackfill = reservations.map((r) => r.priority === 'backfill' && r.ok).lastIndexOf(true);
    expect(liveReads[2].i).toBeLessThan(lastBackfill);
  }, 60_000);
});
