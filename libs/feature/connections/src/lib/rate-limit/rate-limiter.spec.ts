import {
  capOf,
  MemoryRateLimiter,
  shareBasisPoints,
  windowEnd,
  type RateLimiter,
  type RatePriority,
} from './rate-limiter';

const WINDOWS = { shortMs: 15 * 60_000, longMs: 24 * 3600_000 };
/** 2025-06-01 10:07 UTC: the quarter hour ends at 10:15, the day at midnight. */
const NOW = Date.UTC(2025, 5, 1, 10, 7, 0);
const QUARTER_END = windowEnd(NOW, WINDOWS.shortMs);
const MIDNIGHT = windowEnd(NOW, WINDOWS.longMs);

/** How many of `count` reservations of `priority` at `nowMs` pass. */
async function take(
  limiter: RateLimiter,
  priority: RatePriority,
  count: number,
  nowMs = NOW,
): Promise<number> {
  let passed = 0;
  for (let i = 0; i < count; i++) if ((await limiter.acquire(nowMs, priority)).ok) passed += 1;
  return passed;
}

describe('MemoryRateLimiter priorities', () => {
  it.each<{ case: string; share: number; before: [RatePriority, number][]; backfill: number; live: number }>([
    {
      case: 'a backfill fills its share, live work the rest',
      share: 0.8,
      before: [],
      backfill: 80,
      live: 20,
    },
    {
      case: 'live reservations count against the backfill share',
      share: 0.8,
      before: [['live', 50]],
      backfill: 30,
      live: 20,
    },
    {
      case: 'a backfill past its share leaves the rest to live work',
      share: 0.8,
      before: [['backfill', 90]],
      backfill: 0,
      live: 20,
    },
    { case: 'a share of 1 keeps nothing back', share: 1, before: [], backfill: 100, live: 0 },
    { case: 'a share is rounded down', share: 0.333, before: [], backfill: 33, live: 67 },
  ])('$case', async ({ share, before, backfill, live }) => {
    const limiter = new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS, share);
    for (const [priority, count] of before) await take(limiter, priority, count);
    await expect(take(limiter, 'backfill', 200)).resolves.toBe(backfill);
    await expect(take(limiter, 'live', 200)).resolves.toBe(live);
  });

  it('sends a backfill past its share to the next quarter hour, where it has its share again', async () => {
    const limiter = new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS, 0.8);
    await take(limiter, 'backfill', 80);
    await expect(limiter.acquire(NOW, 'backfill')).resolves.toEqual({ ok: false, untilMs: QUARTER_END });
    await expect(limiter.acquire(NOW, 'live')).resolves.toEqual({ ok: true });
    await expect(take(limiter, 'backfill', 200, QUARTER_END)).resolves.toBe(80);
  });

  it('keeps the same share of the UTC day: a backfill waits for midnight while live work goes on', async () => {
    const limiter = new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS, 0.8);
    await limiter.observe({ short: 100, long: 1000 }, { short: 0, long: 799 }, NOW);
    await expect(take(limiter, 'backfill', 5)).resolves.toBe(1);
    await expect(limiter.acquire(NOW, 'backfill')).resolves.toEqual({ ok: false, untilMs: MIDNIGHT });
    await expect(limiter.acquire(QUARTER_END, 'backfill')).resolves.toEqual({ ok: false, untilMs: MIDNIGHT });
    await expect(take(limiter, 'live', 300, QUARTER_END)).resolves.toBe(100);
  });

  it("applies the share to the limits Strava's headers tell, and to the usage they report", async () => {
    const limiter = new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS, 0.8);
    await limiter.observe({ short: 10, long: 1000 }, { short: 5, long: 5 }, NOW);
    await expect(take(limiter, 'backfill', 10)).resolves.toBe(3);
    await expect(take(limiter, 'live', 10)).resolves.toBe(2);
  });

  it('counts a backfill reservation that spills into the next window against its share there', async () => {
    const limiter = new MemoryRateLimiter({ short: 10, long: 1000 }, WINDOWS, 0.5);
    await expect(take(limiter, 'backfill', 3, QUARTER_END - 1)).resolves.toBe(3);
    await expect(take(limiter, 'backfill', 10, QUARTER_END)).resolves.toBe(2);
    await expect(take(limiter, 'live', 10, QUARTER_END)).resolves.toBe(5);
  });

  it('holds live work too while blocked after a 429', async () => {
    const limiter = new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS, 0.8);
    await limiter.block(QUARTER_END);
    for (const priority of ['live', 'backfill'] as const) {
      await expect(limiter.acquire(NOW, priority)).resolves.toEqual({ ok: false, untilMs: QUARTER_END });
    }
  });

  it('refuses a share that is not more than 0 and at most 1', () => {
    for (const share of [0, -0.5, 1.2, Number.NaN]) {
      expect(() => new MemoryRateLimiter({ short: 100, long: 1000 }, WINDOWS, share)).toThrow(RangeError);
    }
  });

  it('computes caps in whole ten-thousandths, as the Lua script does (0.29 of 100 is 29, not 28)', () => {
    expect([0.29, 0.8, 1].map((share) => capOf(100, shareBasisPoints(share)))).toEqual([29, 80, 100]);
    expect(capOf(1000, shareBasisPoints(0.8))).toBe(800);
  });

  it('gives a backfill at least one request of any limit above 0, however small the share or the limit', () => {
    expect(capOf(1, shareBasisPoints(0.8))).toBe(1);
    expect(capOf(100, shareBasisPoints(0.00001))).toBe(1);
    expect(capOf(0, shareBasisPoints(0.8))).toBe(0);
  });
});
