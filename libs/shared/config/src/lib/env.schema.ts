import { z } from 'zod';

const duration = z.coerce.number().int().positive();
const concurrency = z.coerce.number().int().min(1).max(100);

/**
 * The one environment schema (style.md, Config). Its defaults give the embedded default: SQLite under
 * ./data, the inline queue, .eml files instead of SMTP. Keys that only matter for one choice are required
 * only then (DATABASE_URL for postgres, REDIS_URL for bullmq, JWT_SECRET in production).
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).default('./data'),

  DB: z.enum(['sqlite', 'postgres']).default('sqlite'),
  SQLITE_PATH: z.string().min(1).optional(),
  DATABASE_URL: z.string().url().optional(),
  DB_RUN_MIGRATIONS: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),

  QUEUE_DRIVER: z.enum(['inline', 'bullmq']).default('inline'),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().min(1).default('loadwatch'),
  // BullMQ only: jobs run at once per queue in each worker process, attempts and the first retry delay
  // (doubled on each further attempt), the job lock (a job whose worker died runs again after about twice
  // this), and how often a worker re-enqueues uploads the queue lost.
  QUEUE_CONCURRENCY_INGEST: concurrency.default(2),
  QUEUE_CONCURRENCY_LOAD: concurrency.default(2),
  QUEUE_CONCURRENCY_RULES: concurrency.default(2),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  JOB_BACKOFF_MS: z.coerce.number().int().min(1).default(1000),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  UPLOAD_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Where a worker process serves its own /metrics (job durations and outcomes happen in workers). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),

  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_TTL_S: duration.default(900),
  REFRESH_TOKEN_TTL_S: duration.default(30 * 24 * 3600),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
  PUBLIC_URL: z.string().url().default('http://localhost:3000'),
});

export type Env = z.infer<typeof envSchema>;

/**
 * Keys required only with another key's value. Checked on the raw environment, apart from the schema, so a
 * bad key elsewhere does not hide them: start-up lists every problem at once.
 */
export function conditionalEnvIssues(source: NodeJS.ProcessEnv): string[] {
  const issues: string[] = [];
  if (source['DB'] === 'postgres' && !source['DATABASE_URL'])
    issues.push('DATABASE_URL: required when DB=postgres');
  if (source['QUEUE_DRIVER'] === 'bullmq' && !source['REDIS_URL']) {
    issues.push('REDIS_URL: required when QUEUE_DRIVER=bullmq');
  }
  if (source['NODE_ENV'] === 'production' && !source['JWT_SECRET']) {
    issues.push('JWT_SECRET: required when NODE_ENV=production');
  }
  return issues;
}
