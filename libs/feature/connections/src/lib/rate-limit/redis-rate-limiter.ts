import type { Redis } from 'ioredis';
import {
  shareBasisPoints,
  spillsOver,
  windowEnd,
  type Acquired,
  type RateLimiter,
  type RatePriority,
  type RateLimits,
  type RateWindows,
} from './rate-limiter';

/**
 * KEYS: short counter, long counter, limits hash, blocked-until, next short counter, next long counter.
 * ARGV: now, short end, long end, default short limit, default long limit, next short end, next long end,
 * spills into the next short window (1/0), into the next long window (1/0), the share of each limit this
 * request may fill, in ten-thousandths (10000: all; a backfill's less, so the rest stays for live work).
 * The share is applied in the script, against the counts of that moment: no worker can read a count,
 * then reserve past the share after another worker's reservation. Returns 0 when a request is reserved,
 * else the instant to wait for.
 */
const ACQUIRE = `
local blocked = tonumber(redis.call('GET', KEYS[4]) or '0')
if blocked > tonumber(ARGV[1]) then return blocked end
local share = tonumber(ARGV[10])
local shortLimit = tonumber(redis.call('HGET', KEYS[3], 'short') or ARGV[4])
local longLimit = tonumber(redis.call('HGET', KEYS[3], 'long') or ARGV[5])
local function cap(limit)
  if limit <= 0 then return 0 end
  return math.max(1, math.floor(limit * share / 10000))
end
local shortCap = cap(shortLimit)
local longCap = cap(longLimit)
if tonumber(redis.call('GET', KEYS[2]) or '0') >= longCap then return tonumber(ARGV[3]) end
if tonumber(redis.call('GET', KEYS[1]) or '0') >= shortCap then return tonumber(ARGV[2]) end
redis.call('INCR', KEYS[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2] + 60000)
redis.call('INCR', KEYS[2])
redis.call('PEXPIREAT', KEYS[2], ARGV[3] + 60000)
if ARGV[8] == '1' then
  redis.call('INCR', KEYS[5])
  redis.call('PEXPIREAT', KEYS[5], ARGV[6] + 60000)
end
if ARGV[9] == '1' then
  redis.call('INCR', KEYS[6])
  redis.call('PEXPIREAT', KEYS[6], ARGV[7] + 60000)
end
return 0
`;

/** KEYS: short counter, long counter, limits hash. ARGV: short limit, long limit, short used, long used, ends. */
const OBSERVE = `
redis.call('HSET', KEYS[3], 'short', ARGV[1], 'long', ARGV[2])
if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[3]) then
  redis.call('SET', KEYS[1], ARGV[3], 'PXAT', ARGV[5] + 60000)
end
if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[4]) then
  redis.call('SET', KEYS[2], ARGV[4], 'PXAT', ARGV[6] + 60000)
end
return 0
`;

/** KEYS: blocked-until. ARGV: until. Keeps the later of two blocks. */
const BLOCK = `
if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[1])
end
return 0
`;

/**
 * The limiter every worker shares: counters per window in Redis, reserved atomically by a Lua script, so
 * N workers together never exceed the budget.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly backfillBasisPoints: number;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly defaults: RateLimits,
    private readonly windows: RateWindows,
    /** The part of each window a backfill may use (1: all of it). */
    backfillShare = 1,
  ) {
    this.backfillBasisPoints = shareBasisPoints(backfillShare);
  }

  async acquire(nowMs: number, priority: RatePriority): Promise<Acquired> {
    const { keys, ends } = this.keys(nowMs);
    const nextShort = this.keys(ends.short);
    const nextLong = this.keys(ends.long);
    const result = Number(
      await this.redis.eval(
        ACQUIRE,
        6,
        ...keys,
        `${this.key}:blocked`,
        nextShort.keys[0],
        nextLong.keys[1],
        nowMs,
        ends.short,
        ends.long,
        this.defaults.short,
        this.defaults.long,
        nextShort.ends.short,
        nextLong.ends.long,
        spillsOver(nowMs, this.windows.shortMs) ? 1 : 0,
        spillsOver(nowMs, this.windows.longMs) ? 1 : 0,
        priority === 'backfill' ? this.backfillBasisPoints : 10_000,
      ),
    );
    return result === 0 ? { ok: true } : { ok: false, untilMs: result };
  }

  async observe(limits: RateLimits, usage: RateLimits, nowMs: number): Promise<void> {
    const { keys, ends } = this.keys(nowMs);
    await this.redis.eval(
      OBSERVE,
      3,
      ...keys,
      limits.short,
      limits.long,
      usage.short,
      usage.long,
      ends.short,
      ends.long,
    );
  }

  async block(untilMs: number): Promise<void> {
    await this.redis.eval(BLOCK, 1, `${this.key}:blocked`, untilMs);
  }

  private keys(nowMs: number): { keys: [string, string, string]; ends: { short: number; long: number } } {
    const short = Math.floor(nowMs / this.windows.shortMs);
    const long = Math.floor(nowMs / this.windows.longMs);
    return {
      keys: [`${this.key}:s:${short}`, `${this.key}:l:${long}`, `${this.key}:limits`],
      ends: { short: windowEnd(nowMs, this.windows.shortMs), long: windowEnd(nowMs, this.windows.longMs) },
    };
  }
}
