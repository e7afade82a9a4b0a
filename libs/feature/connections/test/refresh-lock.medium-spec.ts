import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestingModule } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ProviderConnectionEntity, UserEntity } from '@loadwatch/data-access/db';
import { QUEUE_NAMES } from '@loadwatch/data-access/queue';
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
import { ConnectionsService, TokenCipher } from '../src';
import { bullmqQueue, compileConnections, stravaSettings } from './support/connections-app';
import { LockTimeoutError, RedisLock } from '../src/lib/locks/redis-lock';

/**
 * The token refresh across processes: two application instances (two "workers") on one PostgreSQL database
 * and one Redis, on the BullMQ driver, refresh the same expiring connection at the same moment. The stand-in
 * rotates refresh tokens (the first refresh invalidates the token the second would present) and answers the
 * token endpoint slowly, so without the Redis lock both calls would reach it and one would lose.
 */
const ATHLETE = 2002;

async function instance(config: AppConfig): Promise<TestingModule> {
  return (await compileConnections(config, { quiet: true })).init();
}

describe('token refresh from two processes (BullMQ driver, Redis lock)', () => {
  let stand: StravaStandIn;
  let database: TestDatabase;
  let dataDir: string;
  let prefix: string;
  let instances: TestingModule[];
  let connectionId: string;

  beforeAll(async () => {
    await requireRedis();
    stand = await new StravaStandIn().start();
    database = await createPostgresDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-refresh-lock-'));
    prefix = testPrefix();
    const config = (runMigrations: boolean): AppConfig => {
      const base = testConfig({ ...database.db, runMigrations } as AppConfig['db'], dataDir);
      base.queue = bullmqQueue(prefix);
      base.connections.strava = stravaSettings(stand);
      return base;
    };
    // One after the other: the first migrates the database.
    instances = [await instance(config(true)), await instance(config(false))];
  });

  afterAll(async () => {
    for (const moduleRef of instances ?? []) await moduleRef.close();
    await stand?.stop();
    await database?.drop();
    await obliterateQueues(prefix, QUEUE_NAMES).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // A connected athlete, through the OAuth flow of the first instance.
    const db = instances[0].get(DataSource);
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
    const row = await db.getRepository(ProviderConnectionEntity).findOneByOrFail({ athleteId });
    connectionId = row.id;
    stand.tokenDelayMs = 300;
  });

  afterEach(async () => {
    stand.tokenDelayMs = 0;
    await instances[0].get(DataSource).getRepository(ProviderConnectionEntity).delete({ id: connectionId });
  });

  /** Whether the stand-in accepts the access token (an API call answered 200). */
  async function accepted(token: string): Promise<boolean> {
    const res = await fetch(`${stand.apiUrl}/athlete/activities?per_page=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.text();
    return res.status === 200;
  }

  async function stored(): Promise<ProviderConnectionEntity> {
    return instances[0]
      .get(DataSource)
      .getRepository(ProviderConnectionEntity)
      .findOneByOrFail({ id: connectionId });
  }

  it('sends exactly one refresh to Strava when two processes find the token expiring at once; both get the new token', async () => {
    await instances[0]
      .get(DataSource)
      .getRepository(ProviderConnectionEntity)
      .update({ id: connectionId }, { tokenExpiresAtMs: Date.now() });
    const refreshesBefore = stand.tokenRequests('refresh_token').length;

    const tokens = await Promise.all(
      instances.map((i) => i.get(ConnectionsService).accessToken(connectionId)),
    );

    expect(stand.tokenRequests('refresh_token').length - refreshesBefore).toBe(1);
    expect(tokens[0]).toBe(tokens[1]);
    await expect(accepted(tokens[0])).resolves.toBe(true);
    const row = await stored();
    expect(row.status).toBe('active');
    expect(row.tokenExpiresAtMs).toBeGreaterThan(Date.now() + 3600_000);
    // The newest refresh token is the one kept, and the only one Strava still accepts.
    expect(stand.validRefreshTokens(ATHLETE)).toEqual([
      instances[1].get(TokenCipher).open(row.refreshTokenEnc as string, 'refresh-token'),
    ]);
  });

  it('sends exactly one refresh when both processes had the same token rejected (401) and force a refresh', async () => {
    const [first, second] = instances.map((i) => i.get(ConnectionsService));
    const rejected = await first.accessToken(connectionId);
    stand.expireAccessTokens();
    await expect(accepted(rejected)).resolves.toBe(false);
    const refreshesBefore = stand.tokenRequests('refresh_token').length;

    const tokens = await Promise.all([
      first.forceRefresh(connectionId, rejected),
      second.forceRefresh(connectionId, rejected),
    ]);

    expect(stand.tokenRequests('refresh_token').length - refreshesBefore).toBe(1);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[0]).not.toBe(rejected);
    await expect(accepted(tokens[0])).resolves.toBe(true);
    await expect(stored()).resolves.toMatchObject({ status: 'active', lastErrorMessage: null });
  });
});

describe('RedisLock', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    await requireRedis();
    redis = new Redis(REDIS_URL);
  });

  // Only this file's keys are removed: other suites running at the same time hold locks of their own.
  const prefixes: string[] = [];
  beforeEach(() => {
    prefix = `${testPrefix()}:lock`;
    prefixes.push(prefix);
  });

  afterAll(async () => {
    for (const used of prefixes) {
      const keys = await redis.keys(`${used}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  it('runs the holders one after the other and frees the key', async () => {
    const lock = new RedisLock(redis, prefix, 5000, { pollMs: 10 });
    const events: string[] = [];
    const holder = (name: string) =>
      lock.exclusive('x', async () => {
        events.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push(`${name} out`);
        return name;
      });
    await expect(Promise.all([holder('a'), holder('b'), holder('c')])).resolves.toEqual(['a', 'b', 'c']);
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i + 1]).toBe(events[i].replace(' in', ' out'));
    }
    await expect(redis.exists(`${prefix}:x`)).resolves.toBe(0);
  });

  it('frees the lock when the work throws', async () => {
    const lock = new RedisLock(redis, prefix, 5000, { pollMs: 10 });
    await expect(lock.exclusive('x', () => Promise.reject(new Error('refresh failed')))).rejects.toThrow(
      'refresh failed',
    );
    await expect(redis.exists(`${prefix}:x`)).resolves.toBe(0);
  });

  it('renews the lock while the work runs past the TTL: nobody else gets in until it ends', async () => {
    // Work of more than twice the TTL; the TTL long enough that a loaded machine's pauses do not let it lapse.
    const lock = new RedisLock(redis, prefix, 1500, { pollMs: 10, waitMs: 15_000 });
    const events: string[] = [];
    const long = lock.exclusive('x', async () => {
      events.push('long in');
      await new Promise((resolve) => setTimeout(resolve, 4000));
      events.push('long out');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = lock.exclusive('x', async () => void events.push('next in'));
    await Promise.all([long, next]);
    expect(events).toEqual(['long in', 'long out', 'next in']);
  });

  it("never deletes another holder's lock: a holder whose lock was lost leaves the next holder's lock alone", async () => {
    const lock = new RedisLock(redis, prefix, 300, { pollMs: 10 });
    let releaseSlow!: () => void;
    let slowIn!: () => void;
    const slowEntered = new Promise<void>((resolve) => (slowIn = resolve));
    const slow = lock.exclusive('x', () => {
      slowIn();
      return new Promise<void>((resolve) => (releaseSlow = resolve));
    });
    await slowEntered;
    // The slow holder's lock is lost (Redis expired it while the renewal could not reach it); the next one
    // takes it and is still holding when the slow one ends.
    await redis.del(`${prefix}:x`);
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    let finishNext!: () => void;
    const next = lock.exclusive('x', () => {
      inside();
      return new Promise<void>((resolve) => (finishNext = resolve));
    });
    await entered;
    const nextToken = await redis.get(`${prefix}:x`);
    releaseSlow();
    await slow;
    await expect(redis.get(`${prefix}:x`)).resolves.toBe(nextToken);
    finishNext();
    await next;
    await expect(redis.exists(`${prefix}:x`)).resolves.toBe(0);
  });

  it('gives up with a transient error when the lock stays taken longer than a waiter waits', async () => {
    await redis.set(`${prefix}:x`, 'someone-else', 'PX', 10_000);
    const lock = new RedisLock(redis, prefix, 5000, { waitMs: 200, pollMs: 20 });
    let ran = false;
    await expect(
      lock.exclusive('x', async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    expect(ran).toBe(false);
    await expect(redis.get(`${prefix}:x`)).resolves.toBe('someone-else');
  });

  it('takes over the lock of a holder that died once it expires', async () => {
    await redis.set(`${prefix}:x`, 'a-dead-worker', 'PX', 150);
    const lock = new RedisLock(redis, prefix, 5000, { pollMs: 10 });
    const started = Date.now();
    await expect(lock.exclusive('x', async () => 'ran')).resolves.toBe('ran');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});
