import { Injectable } from '@nestjs/common';
import { ConnectionsRedis } from '../connections-redis';
import { MemoryRateLimiter, type RateLimiter, type RateLimits, type RateWindows } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

/**
 * The rate limiters of the providers: in Redis (under the queue prefix) when jobs run on BullMQ, so every
 * worker process shares one budget; in process on the inline driver, where one process makes every call.
 */
@Injectable()
export class RateLimiterFactory {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly redis: ConnectionsRedis) {}

  /** `backfillShare`: the part of each window a backfill may use (RatePriority); the first `get` sets it. */
  get(name: string, defaults: RateLimits, windows: RateWindows, backfillShare = 1): RateLimiter {
    const existing = this.limiters.get(name);
    if (existing) return existing;
    const shared = this.redis.get();
    const limiter = shared
      ? new RedisRateLimiter(
          shared.redis,
          `${shared.prefix}:ratelimit:${name}`,
          defaults,
          windows,
          backfillShare,
        )
      : new MemoryRateLimiter(defaults, windows, backfillShare);
    this.limiters.set(name, limiter);
    return limiter;
  }
}
