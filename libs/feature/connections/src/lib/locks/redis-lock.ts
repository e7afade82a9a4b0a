import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** KEYS: the lock. ARGV: the holder's token. Deletes the lock only if it is still ours (it may have expired). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** KEYS: the lock. ARGV: the holder's token, the TTL (ms). Extends the lock only if it is still ours. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** The lock stayed taken past the wait (a holder that hangs); transient, so the job is retried later. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/**
 * A mutual-exclusion lock across processes on one Redis: `SET key token NX PX ttl` takes it, a compare-and-
 * delete script releases it, so a holder whose lock expired (it ran past the TTL) never frees a lock another
 * process took since. A holder that dies frees it by expiry; a live one renews it every third of the TTL
 * while its work runs, so work longer than the TTL (an import: three 15 s provider calls and a token refresh)
 * keeps it to the end. Waiters poll; by default they give up after the TTL and a margin (a transient error:
 * the job is retried), by which time a dead holder's lock has expired.
 */
export class RedisLock {
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    options: { waitMs?: number; pollMs?: number } = {},
  ) {
    this.waitMs = options.waitMs ?? ttlMs + 5000;
    this.pollMs = options.pollMs ?? 50;
  }

  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `${this.prefix}:${name}`;
    const token = randomBytes(16).toString('hex');
    const deadline = Date.now() + this.waitMs;
    while ((await this.redis.set(key, token, 'PX', this.ttlMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new LockTimeoutError(`The lock ${name} stayed taken`);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
    const renewal = setInterval(
      () => {
        // A renewal lost to a Redis hiccup is tried again at the next tick, before the lock expires.
        this.redis.eval(RENEW, 1, key, token, String(this.ttlMs)).catch(() => undefined);
      },
      Math.max(1, Math.floor(this.ttlMs / 3)),
    );
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      // A release lost to a Redis hiccup only delays the next holder until the lock expires.
      await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    }
  }
}
