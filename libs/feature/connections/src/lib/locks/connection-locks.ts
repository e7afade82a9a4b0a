import { Injectable } from '@nestjs/common';
import { ConnectionsRedis } from '../connections-redis';
import { RedisLock } from './redis-lock';

/** A refresh call takes at most the client's 15 s timeout; the lock outlives it with room to store tokens. */
const LOCK_TTL_MS = 30_000;

/**
 * Work that must not run at the same time in two processes (a token refresh: with refresh-token rotation
 * the second refresh presents a token the first one just invalidated; the import and the removal of one
 * provider activity). On BullMQ a Redis lock shared by every worker; on the inline driver one process does
 * all the work, and holders of one name run one after the other in it.
 */
@Injectable()
export class ConnectionLocks {
  private lock: RedisLock | null | undefined;
  private readonly local = new Map<string, Promise<unknown>>();

  constructor(private readonly redis: ConnectionsRedis) {}

  exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.lock === undefined) {
      const shared = this.redis.get();
      this.lock = shared ? new RedisLock(shared.redis, `${shared.prefix}:lock`, LOCK_TTL_MS) : null;
    }
    return this.lock ? this.lock.exclusive(name, work) : this.inProcess(name, work);
  }

  private inProcess<T>(name: string, work: () => Promise<T>): Promise<T> {
    const run = (this.local.get(name) ?? Promise.resolve()).then(work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.local.set(name, settled);
    void settled.then(() => {
      if (this.local.get(name) === settled) this.local.delete(name);
    });
    return run;
  }
}
