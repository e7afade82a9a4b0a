import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** The Redis of this machine; tests fail, never skip, when it is down. */
export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export async function requireRedis(url = REDIS_URL): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${url} (${(error as Error).message}). Start it: redis-server --daemonize yes ` +
        '--bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no',
    );
  } finally {
    client.disconnect();
  }
}

/** A BullMQ prefix of its own for one test file (or test), so parallel runs never share queues. */
export function testPrefix(): string {
  return `lw-test-${randomBytes(5).toString('hex')}`;
}

/** Removes the named queues of the prefix, its jobs, and any key left under the prefix (deduplication keys). */
export async function obliterateQueues(
  prefix: string,
  queueNames: readonly string[],
  url = REDIS_URL,
): Promise<void> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  try {
    for (const name of queueNames) {
      const queue = new Queue(name, { connection, prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    let cursor = '0';
    do {
      const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await connection.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    connection.disconnect();
  }
}
