import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ActivityEntity } from '@loadwatch/data-access/db';
import { JOB_QUEUE_ADMIN, type JobQueueAdmin } from '@loadwatch/data-access/queue';
import type { ConnectionsResponse } from '@loadwatch/shared/contracts';
import { REDIS_URL, StravaStandIn } from '@loadwatch/testing';
import { startStack, type Stack } from './support/stack';
import { registerUser, until } from './support/training';

jest.setTimeout(180_000);

/**
 * Strava's 15-minute read window run as 2 s (STRAVA_RATE_WINDOWS_S in the workers, the same windows in the
 * stand-in), with Strava's default budget of 100 reads per window: the budget is only kept if the three
 * worker processes share one limiter in Redis (each alone would spend 100 a window).
 */
const WINDOW_S = 2;
const READS_PER_WINDOW = 100;
const ATHLETE = 3003;
const ACTIVITIES = 300;

describe('Strava backfill by three worker processes sharing one rate limiter in Redis', () => {
  let stand: StravaStandIn;
  let stack: Stack;

  afterAll(async () => {
    await stack?.close();
    await stand?.stop();
  });

  it(`stores all ${ACTIVITIES} activities once, without a single 429`, async () => {
    stand = await new StravaStandIn({
      readLimits: [READS_PER_WINDOW, 100_000],
      windows: { shortMs: WINDOW_S * 1000, longMs: 24 * 3600_000 },
    }).start();
    stand.consentAs = { athleteId: ATHLETE, scope: 'read,activity:read_all' };
    stand.addActivities(ATHLETE, ACTIVITIES, { manualEvery: 25 });
    const tokenKey = Buffer.alloc(32, 9);
    const strava = {
      clientId: stand.clientId,
      clientSecret: stand.clientSecret,
      apiUrl: stand.apiUrl,
      oauthUrl: stand.oauthUrl,
      webhookVerifyToken: null,
      readLimits: { perQuarterHour: READS_PER_WINDOW, perDay: 100_000 },
      rateWindows: { shortMs: WINDOW_S * 1000, longMs: 24 * 3600_000 },
    };
    stack = await startStack({ workers: 0, config: { connections: { tokenKey, strava } } });
    const workerEnv = {
      CONNECTIONS_TOKEN_KEY: tokenKey.toString('base64'),
      STRAVA_CLIENT_ID: stand.clientId,
      STRAVA_CLIENT_SECRET: stand.clientSecret,
      STRAVA_API_URL: stand.apiUrl,
      STRAVA_OAUTH_URL: stand.oauthUrl,
      STRAVA_READ_LIMITS: `${READS_PER_WINDOW},100000`,
      STRAVA_RATE_WINDOWS_S: `${WINDOW_S},86400`,
      QUEUE_CONCURRENCY_SYNC: '4',
    };
    await Promise.all([0, 1, 2].map(() => stack.addWorker(workerEnv)));
    const runner = await registerUser(stack.server);

    // The browser's round trip: our authorize URL, the stand-in's consent redirect, our callback (the same
    // browser: an agent that keeps the connect cookie).
    const browser = request.agent(stack.server);
    const started = await browser
      .post('/api/connections')
      .set(runner.auth)
      .send({ provider: 'strava' })
      .expect(200);
    const consent = await fetch(started.body.authorizeUrl as string, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') as string);
    const back = await browser.get(callback.pathname + callback.search).expect(302);
    expect(back.headers['location']).toMatch(/connected=strava$/);

    const activities = () =>
      stack.app.get(DataSource).getRepository(ActivityEntity).countBy({ athleteId: runner.id });
    await until(activities, (n) => n >= ACTIVITIES, `${ACTIVITIES} activities stored`, 150_000);
    const admin = stack.app.get<JobQueueAdmin>(JOB_QUEUE_ADMIN);
    await until(
      async () => (await admin.counts()).reduce((n, c) => n + c.waiting + c.active + c.delayed, 0),
      (pending) => pending === 0,
      'the queues to empty',
    );

    await expect(activities()).resolves.toBe(ACTIVITIES);
    expect(stand.count(429)).toBe(0);
    await expect(admin.failed(10, 0)).resolves.toEqual([]);
    const view = (await request(stack.server).get('/api/connections').set(runner.auth).expect(200))
      .body as ConnectionsResponse;
    expect(view.connections[0]).toMatchObject({
      status: 'active',
      sync: {
        state: 'idle',
        activitiesImported: ACTIVITIES,
        backfill: { done: ACTIVITIES, total: ACTIVITIES },
        lastError: null,
      },
    });

    // The shared budget is what held it back: jobs waited for the next window as delayed jobs (never a 429),
    // and the workers together ran every activity job. Which worker ran how many is the scheduler's business
    // and the run time depends on the machine: neither is asserted.
    const ran = stack.workers.map((worker) => worker.messages(/^Job \S+ \(strava-activity\) started/).length);
    expect(ran.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(ACTIVITIES);
    const waits = stack.workers.flatMap((worker) => worker.messages(/waits until .*Strava read budget/));
    expect(waits.length).toBeGreaterThan(0);
    const calls = stand.requests.filter((r) => r.path.startsWith('/api/v3/')).length;
    expect(calls).toBeGreaterThan(2 * ACTIVITIES);
    // Every call was reserved in the one budget in Redis that all workers share (whichever worker made it):
    // the day's counters under the stack's prefix hold at least every call the stand-in saw.
    const redis = new Redis(REDIS_URL);
    try {
      const dayKeys = await redis.keys(`${stack.prefix}:ratelimit:strava-read:l:*`);
      expect(dayKeys.length).toBeGreaterThan(0);
      const reserved = (await redis.mget(...dayKeys)).reduce((sum, value) => sum + Number(value ?? 0), 0);
      expect(reserved).toBeGreaterThanOrEqual(calls);
    } finally {
      await redis.quit();
    }
  });
});
