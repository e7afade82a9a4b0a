import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '@loadwatch/shared/config';
import { TEST_JWT_SECRET } from '@loadwatch/testing';

/** The built worker (`nx run worker:build`; the test target depends on it). */
export const WORKER_MAIN = resolve(__dirname, '../../../../dist/apps/worker/main.js');

/** The environment of a worker process on the API's database, data folder, Redis and queue prefix. */
export function workerEnv(config: AppConfig, over: Record<string, string> = {}): Record<string, string> {
  if (config.db.type !== 'postgres' || config.queue.driver !== 'bullmq') {
    throw new Error('A worker process needs the API on PostgreSQL and BullMQ');
  }
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: config.dataDir,
    DB: 'postgres',
    DATABASE_URL: config.db.url,
    DB_RUN_MIGRATIONS: 'false',
    QUEUE_DRIVER: 'bullmq',
    REDIS_URL: config.queue.redisUrl,
    QUEUE_PREFIX: config.queue.prefix,
    JWT_SECRET: TEST_JWT_SECRET,
    // Fast recovery for tests: a dead worker's job runs again within seconds, lost uploads within a few.
    JOB_LOCK_MS: '2000',
    JOB_BACKOFF_MS: '100',
    UPLOAD_RECONCILE_INTERVAL_MS: '1000',
    // Several workers run at once here: each takes a free port for its /metrics.
    WORKER_METRICS_PORT: '0',
    QUEUE_CONCURRENCY_INGEST: '4',
    ...over,
  };
}

/** One worker process (`node dist/apps/worker/main.js`), its JSON log lines kept for assertions. */
export class WorkerProcess {
  readonly lines: string[] = [];
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcess) {
    let partial = '';
    const collect = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts.filter((line) => line.length > 0));
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Spawns a worker and waits until its BullMQ workers run (or it exits: then throws with its output). */
  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    if (!existsSync(WORKER_MAIN)) {
      throw new Error(`${WORKER_MAIN} is missing: build it with 'npx nx run worker:build'`);
    }
    const worker = WorkerProcess.spawn(env);
    const started = worker.waitForLog(/Workers started/);
    const exited = worker.exited.then((exit) => {
      throw new Error(`The worker exited (${JSON.stringify(exit)}) before it started:\n${worker.output()}`);
    });
    // Whichever loses the race must not become an unhandled rejection.
    started.catch(() => undefined);
    exited.catch(() => undefined);
    await Promise.race([started, exited]);
    return worker;
  }

  /** Spawns a worker without waiting for it (for tests of refusals). */
  static spawn(env: Record<string, string>): WorkerProcess {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WorkerProcess(child);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return this.exit;
  }

  output(): string {
    return this.lines.join('\n');
  }

  /** The log messages (pino's `msg`) that match. */
  messages(pattern: RegExp): string[] {
    return this.lines
      .map((line) => {
        try {
          return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
        } catch {
          return line;
        }
      })
      .filter((msg) => pattern.test(msg));
  }

  async waitForLog(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages(pattern).length === 0) {
      if (Date.now() > deadline)
        throw new Error(`No log line ${pattern} within ${timeoutMs} ms:\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** SIGTERM: the worker finishes its jobs in flight and exits. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exit;
  }

  /** SIGKILL: the worker dies in the middle of whatever it runs. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }
}
