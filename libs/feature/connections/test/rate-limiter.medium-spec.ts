import { Redis } from 'ioredis';
import { REDIS_URL, requireRedis, testPrefix } from '@loadwatch/testing';
import {
  MemoryRateLimiter,
  spillMs,
  windowEnd,
  type Acquired,
  type RateLimiter,
  type RatePriority,
} from '../src/lib/rate-limit/rate-limiter';
import { RedisRateLimiter } from '../src/lib/rate-limit/redis-rate-limiter';

const WINDOWS = { shortMs: 15 * 60_000, longMs: 24 * 3600_000 };
/**
 * Tomorrow 10:07 UTC: the quarter hour ends at 10:15, the day at midnight. In the future, because Redis
 * expires the window keys by the real clock.
 */
const NOW = (Math.floor(Date.now() / WINDOWS.longMs) + 1) * WINDOWS.longMs + (10 * 60 + 7) * 60_000;

describe('rate limiters', () => {
  let redis: Redis;
  let key: string;

  beforeAll(async () => {
    await requireRedis();
    redis = new Redis(REDIS_URL);
  });

  beforeEach(() => {
    key = `${testPrefix()}:ratelimit:test`;
  });

  afterAll(async () => {
    await redis.quit();
  });

  it('lets a reservation spill into the next window for a tenth of the window, at most 2 s', () => {
    expect([spillMs(WINDOWS.shortMs), spillMs(WINDOWS.longMs), spillMs(1000), spillMs(2000)]).toEqual([
      2000, 2000, 100, 200,
    ]);
  });

  it('waits until the next quarter hour, then UTC midnight, with windows of the real lengths', () => {
    const at = Date.UTC(2025, 5, 1, 10, 7, 0);
    expect(new Date(windowEnd(at, WINDOWS.shortMs)).toISOString()).toBe('2025-06-01T10:15:00.000Z');
    expect(new Date(windowEnd(at, WINDOWS.longMs)).toISOString()).toBe('2025-06-02T00:00:00.000Z');
  });

  it('shares one budget across workers in Redis: 300 concurrent reservations by three limiters get exactly 100', async () => {
    const limiters = [0, 1, 2].map(
      () => new RedisRateLimiter(redis, key, { short: 100, long: 1000 }, WINDOWS),
    );
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => limiters[i % 3].acquire(NOW, 'live')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, untilMs: windowEnd(NOW, WINDOWS.shortMs) });
    await expect(limiters[1].acquire(windowEnd(NOW, WINDOWS.shortMs), 'live')).resolves.toEqual({ ok: true });
  });

  describe('priorities in Redis', () => {
    /** Three workers' limiters of one budget (100 a quarter hour, 1000 a day), a backfill keeping to 80 %. */
    const workers = () =>
      [0, 1, 2].map(() => new RedisRateLimiter(redis, key, { short: 100, long: 1000 }, WINDOWS, 0.8));
    const passed = (results: Acquired[]) => results.filter((r) => r.ok).length;

    it('stops a backfill at its share of the quarter hour while live reservations still pass', async () => {
      const [a, b] = workers();
      for (let i = 0; i < 80; i++) await expect(a.acquire(NOW, 'backfill')).resolves.toEqual({ ok: true });
      const end = windowEnd(NOW, WINDOWS.shortMs);
      await expect(b.acquire(NOW, 'backfill')).resolves.toEqual({ ok: false, untilMs: end });
      for (let i = 0; i < 20; i++) await expect(b.acquire(NOW, 'live')).resolves.toEqual({ ok: true });
      await expect(a.acquire(NOW, 'live')).resolves.toEqual({ ok: false, untilMs: end });
      await expect(b.acquire(end, 'backfill')).resolves.toEqual({ ok: true });
    });

    it('lets a backfill at least one request of a small limit (a limit of 1 from the headers, a share of 0.8)', async () => {
      const [a] = workers();
      await a.observe({ short: 1, long: 1000 }, { short: 0, long: 0 }, NOW);
      await expect(a.acquire(NOW, 'backfill')).resolves.toEqual({ ok: true });
      await expect(a.acquire(NOW, 'live')).resolves.toEqual({
        ok: false,
        untilMs: windowEnd(NOW, WINDOWS.shortMs),
      });
    });

    it('keeps the share of the UTC day too: a backfill waits for midnight, live work goes on', async () => {
      const [a, b] = workers();
      await a.observe({ short: 100, long: 1000 }, { short: 0, long: 799 }, NOW);
      await expect(a.acquire(NOW, 'backfill')).resolves.toEqual({ ok: true });
      const midnight = windowEnd(NOW, WINDOWS.longMs);
      await expect(b.acquire(NOW, 'backfill')).resolves.toEqual({ ok: false, untilMs: midnight });
      await expect(b.acquire(windowEnd(NOW, WINDOWS.shortMs), 'backfill')).resolves.toEqual({
        ok: false,
        untilMs: midnight,
      });
      await expect(b.acquire(NOW, 'live')).resolves.toEqual({ ok: true });
    });

    it('is atomic: 300 concurrent backfill reservations by three workers get exactly 80, then live ones the other 20', async () => {
      const limiters = workers();
      const backfill = await Promise.all(
        Array.from({ length: 300 }, (_, i) => limiters[i % 3].acquire(NOW, 'backfill')),
      );
      expect(passed(backfill)).toBe(80);
      const live = await Promise.all(
        Array.from({ length: 300 }, (_, i) => limiters[i % 3].acquire(NOW, 'live')),
      );
      expect(passed(live)).toBe(20);
    });

    it('never lets a backfill past its share when both kinds reserve at once, and fills the budget exactly', async () => {
      const limiters = workers();
      const asks = Array.from({ length: 400 }, (_, i) => ({
        priority: (i % 2 === 0 ? 'backfill' : 'live') as RatePriority,
        limiter: limiters[i % 3],
      }));
      const results = await Promise.all(asks.map(({ limiter, priority }) => limiter.acquire(NOW, priority)));
      const ofBackfill = results.filter((_, i) => asks[i].priority === 'backfill');
      expect(passed(results)).toBe(100);
      expect(passed(ofBackfill)).toBeLessThanOrEqual(80);
    });
  });

  describe.each<[string, () => RateLimiter]>([
    ['memory', () => new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS)],
    ['redis', () => new RedisRateLimiter(redis, key, { short: 100, long: 1000 }, WINDOWS)],
  ])('%s', (_name, make) => {
    it("takes the provider's usage and limits from its headers", async () => {
      const limiter = make();
      await limiter.observe({ short: 10, long: 1000 }, { short: 9, long: 990 }, NOW);
      await expect(limiter.acquire(NOW, 'live')).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(NOW, 'live')).resolves.toEqual({
        ok: false,
        untilMs: windowEnd(NOW, WINDOWS.shortMs),
      });
    });

    it('waits for UTC midnight once the daily budget is gone', async () => {
      const limiter = make();
      await limiter.observe({ short: 100, long: 1000 }, { short: 5, long: 1000 }, NOW);
      await expect(limiter.acquire(NOW, 'live')).resolves.toEqual({
        ok: false,
        untilMs: windowEnd(NOW, WINDOWS.longMs),
      });
    });

    it('counts a reservation made at the very end of a window in the next one too (it may land there)', async () => {
      const limiter = make();
      const end = windowEnd(NOW, WINDOWS.shortMs);
      await limiter.observe({ short: 3, long: 1000 }, { short: 0, long: 0 }, NOW);
      await expect(limiter.acquire(end - 2500, 'live')).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(end - 1500, 'live')).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(end - 1, 'live')).resolves.toEqual({ ok: true });
      // Two of the three spilled: the next window has one request left, not three.
      await expect(limiter.acquire(end, 'live')).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(end + 1, 'live')).resolves.toEqual({
        ok: false,
        untilMs: windowEnd(end, WINDOWS.shortMs),
      });
    });

    it('holds every call while blocked after a 429', async () => {
      const limiter = make();
      const until = windowEnd(NOW, WINDOWS.shortMs);
      await limiter.block(until);
      await expect(limiter.acquire(NOW, 'live')).resolves.toEqual({ ok: false, untilMs: until });
    });
  });
});
