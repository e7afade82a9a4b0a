import type { BullmqConfig } from '@loadwatch/shared/config';
// The API's own end-to-end support (a fresh PostgreSQL database, createApp, accounts): the worker's tests
// run the same API in process, on BullMQ, with worker processes beside it.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { startTestApp as startApiTestApp, type TestApp } from '../../../api/test/support/test-app';
import { QUEUE_NAMES } from '@loadwatch/data-access/queue';
import { obliterateQueues, REDIS_URL, requireRedis, testPrefix } from '@loadwatch/testing';
import { WorkerProcess, workerEnv } from './worker-process';

/** The BullMQ driver on a Redis and prefix, with the test settings the worker processes get too. */
export function bullmqTestConfig(redisUrl: string, prefix: string): BullmqConfig {
  return {
    driver: 'bullmq',
    redisUrl,
    prefix,
    concurrency: { ingest: 4, load: 2, rules: 2 },
    attempts: 5,
    backoffMs: 100,
    lockMs: 2000,
    reconcileIntervalMs: 1000,
    workerMetrics: { port: 0, host: '127.0.0.1' },
  };
}

export interface Stack extends TestApp {
  prefix: string;
  workers: WorkerProcess[];
  /** Starts one more worker process on the same database, data folder, Redis and prefix. */
  addWorker(env?: Record<string, string>): Promise<WorkerProcess>;
}

/**
 * The API in process (createApp, QUEUE_DRIVER=bullmq: it only produces) on a fresh PostgreSQL database and a
 * queue prefix of its own, and `workers` worker processes. `close` stops the workers (SIGTERM), closes the
 * API, drops the database and removes the queues.
 */
export async function startStack(
  options: { redisUrl?: string; workers?: number } & Parameters<typeof startApiTestApp>[1] = {},
): Promise<Stack> {
  const { redisUrl = REDIS_URL, workers: count = 1, ...appOptions } = options;
  await requireRedis(redisUrl);
  const prefix = testPrefix();
  const app = await startApiTestApp('postgres', {
    ...appOptions,
    config: { ...appOptions.config, queue: bullmqTestConfig(redisUrl, prefix) },
  });
  const workers: WorkerProcess[] = [];
  const stack: Stack = {
    ...app,
    prefix,
    workers,
    addWorker: async (env = {}) => {
      const worker = await WorkerProcess.start(workerEnv(app.config, env));
      workers.push(worker);
      return worker;
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
      await app.close();
      await obliterateQueues(prefix, QUEUE_NAMES, redisUrl).catch(() => undefined);
    },
  };
  try {
    await Promise.all(Array.from({ length: count }, () => stack.addWorker()));
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}
