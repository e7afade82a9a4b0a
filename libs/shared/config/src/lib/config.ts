import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { conditionalEnvIssues, envSchema, type Env } from './env.schema';

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  db:
    | { type: 'sqlite'; path: string; runMigrations: boolean }
    | { type: 'postgres'; url: string; runMigrations: boolean };
  queue: { driver: 'inline' } | BullmqConfig;
  auth: { jwtSecret: string; accessTokenTtlS: number; refreshTokenTtlS: number };
  uploads: { maxBytes: number; dir: string };
  publicUrl: string;
}

/** The BullMQ driver: Redis, the key prefix, and how the workers run jobs. */
export interface BullmqConfig {
  driver: 'bullmq';
  redisUrl: string;
  prefix: string;
  /** Jobs run at once per queue in each worker process. */
  concurrency: { ingest: number; load: number; rules: number };
  attempts: number;
  /** First retry delay; doubled on each further attempt. */
  backoffMs: number;
  /** Job lock: a job whose worker died is run again after about twice this. */
  lockMs: number;
  /** How often a worker enqueues the uploads the queue lost (Redis down, jobs gone). */
  reconcileIntervalMs: number;
  /** A worker's own /metrics server. */
  workerMetrics: { port: number; host: string };
}

/** Start-up refuses a bad environment, listing every bad key at once. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `- ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * On the embedded default a secret is generated once and kept in the data folder, so a newcomer needs no
 * set-up and tokens survive restarts. Production must set JWT_SECRET (the schema says so).
 */
function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, '.jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Validates the environment and derives the application's configuration. Secrets are never logged. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`)),
    ...conditionalEnvIssues(source),
  ];
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  const env = parsed.data;
  const dataDir = resolve(env.DATA_DIR);
  const runMigrations = env.DB_RUN_MIGRATIONS ?? env.DB === 'sqlite';
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    dataDir,
    db:
      env.DB === 'postgres'
        ? { type: 'postgres', url: env.DATABASE_URL as string, runMigrations }
        : { type: 'sqlite', path: env.SQLITE_PATH ?? join(dataDir, 'loadwatch.sqlite'), runMigrations },
    queue:
      env.QUEUE_DRIVER === 'bullmq'
        ? {
            driver: 'bullmq',
            redisUrl: env.REDIS_URL as string,
            prefix: env.QUEUE_PREFIX,
            concurrency: {
              ingest: env.QUEUE_CONCURRENCY_INGEST,
              load: env.QUEUE_CONCURRENCY_LOAD,
              rules: env.QUEUE_CONCURRENCY_RULES,
            },
            attempts: env.JOB_ATTEMPTS,
            backoffMs: env.JOB_BACKOFF_MS,
            lockMs: env.JOB_LOCK_MS,
            reconcileIntervalMs: env.UPLOAD_RECONCILE_INTERVAL_MS,
            workerMetrics: { port: env.WORKER_METRICS_PORT, host: env.WORKER_METRICS_HOST },
          }
        : { driver: 'inline' },
    auth: {
      jwtSecret: env.JWT_SECRET ?? embeddedSecret(dataDir),
      accessTokenTtlS: env.ACCESS_TOKEN_TTL_S,
      refreshTokenTtlS: env.REFRESH_TOKEN_TTL_S,
    },
    uploads: { maxBytes: env.UPLOAD_MAX_BYTES, dir: join(dataDir, 'uploads') },
    publicUrl: env.PUBLIC_URL,
  };
}
