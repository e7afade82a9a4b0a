import { z } from 'zod';

const duration = z.coerce.number().int().positive();
const concurrency = z.coerce.number().int().min(1).max(100);

/** STRAVA_BACKFILL_BUDGET_SHARE unset: a backfill may use 80 % of each Strava read window. */
export const DEFAULT_STRAVA_BACKFILL_BUDGET_SHARE = 0.8;

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
  QUEUE_CONCURRENCY_SYNC: concurrency.default(2),
  QUEUE_CONCURRENCY_NOTIFY: concurrency.default(2),
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

  // Provider connections: the key of the tokens at rest (32 bytes, base64; generated in the data folder
  // when unset outside production), and Strava (connectable only when the client id and secret are set).
  CONNECTIONS_TOKEN_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  STRAVA_CLIENT_ID: z.string().min(1).optional(),
  STRAVA_CLIENT_SECRET: z.string().min(1).optional(),
  STRAVA_API_URL: z.string().url().default('https://www.strava.com/api/v3'),
  STRAVA_OAUTH_URL: z.string().url().default('https://www.strava.com/oauth'),
  /**
   * Echoed in Strava's subscription handshake, and the key the webhook URL's secret segment is derived from
   * (the only credential of Strava's unsigned events): random, like GARMIN_NOTIFICATION_TOKEN.
   */
  STRAVA_WEBHOOK_VERIFY_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24 to 128 random characters of A-Z a-z 0-9 _ -')
    .optional(),
  /** Strava's read limits until its headers tell the real ones ("15-min,daily"). */
  STRAVA_READ_LIMITS: z
    .string()
    .regex(/^\d+,\d+$/, 'must be "<per 15 min>,<per day>"')
    .default('100,1000'),
  /**
   * The part of each Strava read window (15 minutes, and the UTC day) a history backfill may use; the rest
   * stays for webhook events, so one athlete's import never delays everyone's new activities.
   */
  STRAVA_BACKFILL_BUDGET_SHARE: z.coerce
    .number()
    .gt(0, 'must be more than 0 and at most 1')
    .max(1, 'must be more than 0 and at most 1')
    .default(DEFAULT_STRAVA_BACKFILL_BUDGET_SHARE),
  /**
   * Test only: the Strava rate windows in seconds ("<short>,<long>", default Strava's 900,86400), so worker
   * processes run a 15-minute budget in a second or two against a stand-in using the same windows.
   */
  STRAVA_RATE_WINDOWS_S: z
    .string()
    .regex(/^[1-9]\d*,[1-9]\d*$/, 'must be "<short window s>,<long window s>"')
    .optional(),

  // Garmin Connect Developer Program (connectable only when the client id and secret are set).
  GARMIN_CLIENT_ID: z.string().min(1).optional(),
  GARMIN_CLIENT_SECRET: z.string().min(1).optional(),
  GARMIN_AUTHORIZE_URL: z.string().url().default('https://connect.garmin.com/oauth2Confirm'),
  GARMIN_TOKEN_URL: z.string().url().default('https://diauth.garmin.com/di-oauth2-service/oauth/token'),
  GARMIN_API_URL: z.string().url().default('https://apis.garmin.com'),
  /** Days of history requested on connect, in backfill requests of at most 30 days each. */
  GARMIN_BACKFILL_DAYS: z.coerce.number().int().min(0).max(730).default(90),
  /**
   * The secret path segment of the notification URL registered with Garmin
   * (PUBLIC_URL/api/connections/garmin/notifications/<token>); required with GARMIN_CLIENT_ID.
   */
  GARMIN_NOTIFICATION_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24 to 128 characters of A-Z a-z 0-9 _ -')
    .optional(),
  /** How often a worker resumes provider backfills the queue lost or that failed (Strava, Garmin). */
  SYNC_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),

  // Email (spec/rules.md section 6): SMTP via nodemailer when SMTP_URL is set, else .eml files in
  // DATA_DIR/outbox. Unsubscribe links are signed with UNSUBSCRIBE_SECRET, derived from JWT_SECRET when unset.
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Loadwatch <loadwatch@localhost>'),
  UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How often the digest tick looks for recipients whose Monday 07:00 has come (it only enqueues). */
  DIGEST_TICK_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60 * 1000),
  /**
   * When digests are due in each recipient's zone: spec/rules.md section 6 says Monday 07:00. Other values
   * exist for end-to-end tests across processes (no fake clock there) and deployments that want another day.
   */
  DIGEST_WEEKDAY: z
    .enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
    .default('monday'),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Accounts read per `digest-page` job of the digest fan-out. */
  DIGEST_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** How often the worker re-enqueues alerts the queue lost and emails whose send jobs gave up. */
  ALERT_RECONCILE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(5 * 60 * 1000),
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
  if (Boolean(source['STRAVA_CLIENT_ID']) !== Boolean(source['STRAVA_CLIENT_SECRET'])) {
    issues.push('STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET: set both or neither');
  }
  if (Boolean(source['GARMIN_CLIENT_ID']) !== Boolean(source['GARMIN_CLIENT_SECRET'])) {
    issues.push('GARMIN_CLIENT_ID, GARMIN_CLIENT_SECRET: set both or neither');
  }
  if (source['GARMIN_CLIENT_ID'] && !source['GARMIN_NOTIFICATION_TOKEN']) {
    issues.push('GARMIN_NOTIFICATION_TOKEN: required when GARMIN_CLIENT_ID is set');
  }
  if (source['NODE_ENV'] === 'production' && !source['CONNECTIONS_TOKEN_KEY']) {
    issues.push('CONNECTIONS_TOKEN_KEY: required when NODE_ENV=production');
  }
  return issues;
}
