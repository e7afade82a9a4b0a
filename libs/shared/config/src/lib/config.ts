import { createHmac, randomBytes } from 'node:crypto';
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
  connections: ConnectionsConfig;
  mail: MailConfig;
}

/** Email: SMTP, or .eml files in the outbox folder when no SMTP server is configured (embedded default). */
export interface MailConfig {
  /** null: write .eml files to `outboxDir` instead of sending. */
  smtpUrl: string | null;
  from: string;
  outboxDir: string;
  /** Signs one-click unsubscribe links and seals invitation tokens in job payloads. Never logged. */
  secret: string;
  /** How often the digest tick runs (it only enqueues). */
  digestTickMs: number;
  /** When digests are due in each recipient's zone: ISO weekday (1 = Monday) and local hour. */
  digestDue: { weekday: number; hour: number };
  /** Accounts per page of the digest fan-out. */
  digestPageSize: number;
  /** How often the worker reconciles alerts and stalled emails with the email ledger. */
  reconcileMs: number;
}

/** Provider connections: the key of the tokens at rest, and each configured provider (null: not offered). */
export interface ConnectionsConfig {
  /** AES-256-GCM key (32 bytes). */
  tokenKey: Buffer;
  strava: StravaConfig | null;
  garmin?: GarminConfig | null;
  /** How often the worker resumes interrupted history backfills (default a minute). */
  reconcileMs?: number;
}

export interface GarminConfig {
  clientId: string;
  clientSecret: string;
  /** The consent page (OAuth 2 PKCE), e.g. https://connect.garmin.com/oauth2Confirm */
  authorizeUrl: string;
  tokenUrl: string;
  /** API base, e.g. https://apis.garmin.com (a stand-in on 127.0.0.1 in tests). */
  apiUrl: string;
  /** Days of history requested on connect. */
  backfillDays: number;
  /** The secret path segment of the notification URL registered with Garmin (GARMIN_NOTIFICATION_TOKEN). */
  notificationToken: string;
}

export interface StravaConfig {
  clientId: string;
  clientSecret: string;
  /** API v3 base, e.g. https://www.strava.com/api/v3 (a stand-in on 127.0.0.1 in tests). */
  apiUrl: string;
  /** OAuth base: `<oauthUrl>/authorize`, `/token`, `/deauthorize`. */
  oauthUrl: string;
  /** Echoed by the webhook handshake; null: webhook subscriptions are not created. */
  webhookVerifyToken: string | null;
  /** Read limits assumed until the headers say (per 15 min, per UTC day). */
  readLimits: { perQuarterHour: number; perDay: number };
  /**
   * The part of each read window a history backfill may use (STRAVA_BACKFILL_BUDGET_SHARE, 0 < share <= 1);
   * webhook work may use all of it. Unset: DEFAULT_STRAVA_BACKFILL_BUDGET_SHARE.
   */
  backfillBudgetShare?: number;
  /**
   * Rate-limit window lengths; default (unset) Strava's 15 minutes and UTC day. Tests set short windows
   * (STRAVA_RATE_WINDOWS_S, test only) so a 15-minute budget runs in seconds against a stand-in using the same
   * lengths.
   */
  rateWindows?: { shortMs: number; longMs: number };
}

/** The BullMQ driver: Redis, the key prefix, and how the workers run jobs. */
export interface BullmqConfig {
  driver: 'bullmq';
  redisUrl: string;
  prefix: string;
  /** Jobs run at once per queue in each worker process. */
  concurrency: { ingest: number; load: number; rules: number; sync?: number; notify?: number };
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
  const jwtSecret = env.JWT_SECRET ?? embeddedSecret(dataDir);
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
              sync: env.QUEUE_CONCURRENCY_SYNC,
              notify: env.QUEUE_CONCURRENCY_NOTIFY,
            },
            attempts: env.JOB_ATTEMPTS,
            backoffMs: env.JOB_BACKOFF_MS,
            lockMs: env.JOB_LOCK_MS,
            reconcileIntervalMs: env.UPLOAD_RECONCILE_INTERVAL_MS,
            workerMetrics: { port: env.WORKER_METRICS_PORT, host: env.WORKER_METRICS_HOST },
          }
        : { driver: 'inline' },
    auth: {
      jwtSecret,
      accessTokenTtlS: env.ACCESS_TOKEN_TTL_S,
      refreshTokenTtlS: env.REFRESH_TOKEN_TTL_S,
    },
    uploads: { maxBytes: env.UPLOAD_MAX_BYTES, dir: join(dataDir, 'uploads') },
    publicUrl: env.PUBLIC_URL,
    connections: {
      tokenKey: env.CONNECTIONS_TOKEN_KEY
        ? Buffer.from(env.CONNECTIONS_TOKEN_KEY, 'base64')
        : embeddedTokenKey(dataDir),
      strava:
        env.STRAVA_CLIENT_ID && env.STRAVA_CLIENT_SECRET
          ? {
              clientId: env.STRAVA_CLIENT_ID,
              clientSecret: env.STRAVA_CLIENT_SECRET,
              apiUrl: env.STRAVA_API_URL.replace(/\/+$/, ''),
              oauthUrl: env.STRAVA_OAUTH_URL.replace(/\/+$/, ''),
              webhookVerifyToken: env.STRAVA_WEBHOOK_VERIFY_TOKEN ?? null,
              readLimits: parseLimits(env.STRAVA_READ_LIMITS),
              backfillBudgetShare: env.STRAVA_BACKFILL_BUDGET_SHARE,
              ...(env.STRAVA_RATE_WINDOWS_S ? { rateWindows: parseWindows(env.STRAVA_RATE_WINDOWS_S) } : {}),
            }
          : null,
      garmin:
        env.GARMIN_CLIENT_ID && env.GARMIN_CLIENT_SECRET
          ? {
              clientId: env.GARMIN_CLIENT_ID,
              clientSecret: env.GARMIN_CLIENT_SECRET,
              authorizeUrl: env.GARMIN_AUTHORIZE_URL,
              tokenUrl: env.GARMIN_TOKEN_URL,
              apiUrl: env.GARMIN_API_URL.replace(/\/+$/, ''),
              backfillDays: env.GARMIN_BACKFILL_DAYS,
              notificationToken: env.GARMIN_NOTIFICATION_TOKEN ?? '',
            }
          : null,
      reconcileMs: env.SYNC_RECONCILE_INTERVAL_MS,
    },
    mail: {
      smtpUrl: env.SMTP_URL ?? null,
      from: env.MAIL_FROM,
      outboxDir: join(dataDir, 'outbox'),
      secret: env.UNSUBSCRIBE_SECRET ?? derivedSecret(jwtSecret, 'loadwatch-email'),
      digestTickMs: env.DIGEST_TICK_INTERVAL_MS,
      digestDue: { weekday: ISO_WEEKDAYS.indexOf(env.DIGEST_WEEKDAY) + 1, hour: env.DIGEST_HOUR },
      digestPageSize: env.DIGEST_PAGE_SIZE,
      reconcileMs: env.ALERT_RECONCILE_INTERVAL_MS,
    },
  };
}

const ISO_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A secret of its own for one purpose, derived from another (so one leaked token kind forges no other). */
function derivedSecret(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose).digest('base64url');
}

/** Like the JWT secret: outside production the token key is generated once and kept in the data folder. */
function embeddedTokenKey(dataDir: string): Buffer {
  const file = join(dataDir, '.connections-key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

function parseWindows(value: string): { shortMs: number; longMs: number } {
  const [shortS, longS] = value.split(',').map(Number);
  return { shortMs: shortS * 1000, longMs: longS * 1000 };
}

function parseLimits(value: string): { perQuarterHour: number; perDay: number } {
  const [perQuarterHour, perDay] = value.split(',').map(Number);
  return { perQuarterHour, perDay };
}
