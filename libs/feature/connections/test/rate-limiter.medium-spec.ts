import { Redis } from 'ioredis';
import { REDIS_URL, requireRedis, testPrefix } from '@loadwatch/testing';
import { MemoryRateLimiter, spillMs, windowEnd, type RateLimiter } from '../src/lib/rate-limit/rate-limiter';
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
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => limiters[i % 3].acquire(NOW)));
    expect(results.filter((r) => r.ok)).toHaveLength(100);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, untilMs: windowEnd(NOW, WINDOWS.shortMs) });
    await expect(limiters[1].acquire(windowEnd(NOW, WINDOWS.shortMs))).resolves.toEqual({ ok: true });
  });

  describe.each<[string, () => RateLimiter]>([
    ['memory', () => new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS)],
    ['redis', () => new RedisRateLimiter(redis, key, { short: 100, long: 1000 }, WINDOWS)],
  ])('%s', (_name, make) => {
    it("takes the provider's usage and limits from its headers", async () => {
      const limiter = make();
      await limiter.observe({ short: 10, long: 1000 }, { short: 9, long: 990 }, NOW);
      await expect(limiter.acquire(NOW)).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(NOW)).resolves.toEqual({
        ok: false,
        untilMs: windowEnd(NOW, WINDOWS.shortMs),
      });
    });

    it('waits for UTC midnight once the daily budget is gone', async () => {
      const limiter = make();
      await limiter.observe({ short: 100, long: 1000 }, { short: 5, long: 1000 }, NOW);
      await expect(limiter.acquire(NOW)).resolves.toEqual({
        ok: false,
        untilMs: windowEnd(NOW, WINDOWS.longMs),
      });
    });

    it('counts a reservation made at the very end of a window in the next one too (it may land there)', async () => {
      const limiter = make();
      const end = windowEnd(NOW, WINDOWS.shortMs);
      await limiter.observe({ short: 3, long: 1000 }, { short: 0, long: 0 }, NOW);
      await expect(limiter.acquire(end - 2500)).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(end - 1500)).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(end - 1)).resolves.toEqual({ ok: true });
      // Two of the three spilled: the next window has one request left, not three.
      await expect(limiter.acquire(end)).resolves.toEqual({ ok: true });
      await expect(limiter.acquire(end + 1)).resolves.toEqual({
        ok: false,
        untilMs: windowEnd(end, WINDOWS.shortMs),
      });
    });

    it('holds every call while blocked after a 429', async () => {
      const limiter = make();
      const until = windowEnd(NOW, WINDOWS.shortMs);
      await limiter.block(until);
      await expect(limiter.acquire(NOW)).resolves.toEqual({ ok: false, untilMs: until });
    });
  });
});
