import { tmpdir } from 'node:os';
import {
  BullmqJobQueue,
  InlineJobQueue,
  JOB_NAMES,
  JobRegistry,
  JobWorkers,
  RetryLaterError,
  QUEUE_NAMES,
  type JobContext,
} from '../src';
import { obliterateQueues, REDIS_URL, requireRedis, testConfig, testPrefix } from '@loadwatch/testing';

jest.setTimeout(30_000);

/**
 * RetryLaterError (a provider's rate limit): the job goes back as a delayed job until the given instant, runs
 * then, and no attempt is used up; on both drivers.
 */
function waitingHandler(delayMs: number) {
  const runs: { at: number; attempt: number }[] = [];
  let until = 0;
  const handler = async (_payload: unknown, context: JobContext) => {
    runs.push({ at: Date.now(), attempt: context.attempt });
    if (runs.length === 1) {
      until = Date.now() + delayMs;
      throw new RetryLaterError(until, 'budget used up');
    }
  };
  return { handler, runs, until: () => until };
}

function registryWith(handler: (p: unknown, c: JobContext) => Promise<void>): JobRegistry {
  const registry = new JobRegistry();
  for (const name of JOB_NAMES) {
    registry.register(name, name === 'strava-backfill' ? handler : async () => undefined);
  }
  return registry;
}

const payload = { connectionId: 'c1', runId: 'r1', step: '0' };

describe('RetryLaterError', () => {
  it('reschedules on the inline driver without sleeping in the queue, and drain waits for it', async () => {
    const { handler, runs, until } = waitingHandler(400);
    const queue = new InlineJobQueue(registryWith(handler), { maxAttempts: 1, backoffMs: 10 });
    await queue.enqueue('strava-backfill', payload);
    await queue.drain();
    expect(runs).toHaveLength(2);
    expect(runs[1].at).toBeGreaterThanOrEqual(until());
    await expect(queue.failed(10, 0)).resolves.toEqual([]);
  });

  it('moves the BullMQ job to the delayed set until then, without using an attempt', async () => {
    await requireRedis();
    const prefix = testPrefix();
    const { handler, runs, until } = waitingHandler(600);
    const registry = registryWith(handler);
    const queue = new BullmqJobQueue({ redisUrl: REDIS_URL, prefix, attempts: 1, backoffMs: 50 });
    const config = testConfig({ type: 'sqlite', path: ':memory:', runMigrations: false }, tmpdir(), {
      queue: {
        driver: 'bullmq',
        redisUrl: REDIS_URL,
        prefix,
        concurrency: { ingest: 1, load: 1, rules: 1, sync: 1 },
        attempts: 1,
        backoffMs: 50,
        lockMs: 5000,
        reconcileIntervalMs: 60_000,
        workerMetrics: { port: 0, host: '127.0.0.1' },
      },
    });
    const workers = new JobWorkers(config, registry);
    try {
      await workers.start();
      await queue.enqueue('strava-backfill', payload);
      const deadline = Date.now() + 10_000;
      while (runs.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(runs).toHaveLength(2);
      expect(runs[1].at).toBeGreaterThanOrEqual(until() - 5);
      // With a single attempt allowed, a counted attempt would have failed the job for good.
      await expect(queue.failed(10, 0)).resolves.toEqual([]);
    } finally {
      await workers.close();
      await queue.close();
      await obliterateQueues(prefix, QUEUE_NAMES);
    }
  });
});
