import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'loadwatch-config-'));

describe('loadConfig', () => {
  it('gives the embedded default with no environment at all', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.db).toEqual({ type: 'sqlite', path: join(dir, 'loadwatch.sqlite'), runMigrations: true });
    expect(config.queue).toEqual({ driver: 'inline' });
    expect(config.port).toBe(3000);
    expect(config.auth.jwtSecret).toBe(readFileSync(join(dir, '.jwt-secret'), 'utf8'));
    expect(loadConfig({ DATA_DIR: dir }).auth.jwtSecret).toBe(config.auth.jwtSecret);
  });

  it('takes postgres and bullmq with their conditional keys', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      DB: 'postgres',
      DATABASE_URL: 'postgres://127.0.0.1:5432/test',
      QUEUE_DRIVER: 'bullmq',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(config.db).toEqual({
      type: 'postgres',
      url: 'postgres://127.0.0.1:5432/test',
      runMigrations: false,
    });
    expect(config.queue).toEqual({
      driver: 'bullmq',
      redisUrl: 'redis://127.0.0.1:6379',
      prefix: 'loadwatch',
      concurrency: { ingest: 2, load: 2, rules: 2, sync: 2, notify: 2 },
      attempts: 5,
      backoffMs: 1000,
      lockMs: 30_000,
      reconcileIntervalMs: 60_000,
      workerMetrics: { port: 9464, host: '127.0.0.1' },
    });
    expect(config.auth.jwtSecret).toBe('x'.repeat(40));
  });

  it('takes the concurrency of each queue, attempts, backoff, lock and reconcile interval', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      QUEUE_DRIVER: 'bullmq',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'lw-test',
      QUEUE_CONCURRENCY_INGEST: '8',
      QUEUE_CONCURRENCY_LOAD: '3',
      QUEUE_CONCURRENCY_RULES: '1',
      JOB_ATTEMPTS: '3',
      JOB_BACKOFF_MS: '50',
      JOB_LOCK_MS: '5000',
      UPLOAD_RECONCILE_INTERVAL_MS: '2000',
    });
    expect(config.queue).toMatchObject({
      prefix: 'lw-test',
      concurrency: { ingest: 8, load: 3, rules: 1 },
      attempts: 3,
      backoffMs: 50,
      lockMs: 5000,
      reconcileIntervalMs: 2000,
      workerMetrics: { port: 9464, host: '127.0.0.1' },
    });
  });

  it('refuses a concurrency, attempts or lock out of range', () => {
    let error: unknown;
    try {
      loadConfig({
        DATA_DIR: dataDir(),
        QUEUE_CONCURRENCY_INGEST: '0',
        QUEUE_CONCURRENCY_LOAD: 'many',
        JOB_ATTEMPTS: '0',
        JOB_LOCK_MS: '10',
      });
    } catch (e) {
      error = e;
    }
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/QUEUE_CONCURRENCY_INGEST/);
    expect(issues).toMatch(/QUEUE_CONCURRENCY_LOAD/);
    expect(issues).toMatch(/JOB_ATTEMPTS/);
    expect(issues).toMatch(/JOB_LOCK_MS/);
  });

  it('lists every bad key at once', () => {
    let error: unknown;
    try {
      loadConfig({
        DB: 'postgres',
        QUEUE_DRIVER: 'bullmq',
        PORT: 'eighty',
        NODE_ENV: 'production',
        JWT_SECRET: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/PORT/);
    expect(issues).toMatch(/JWT_SECRET: must be at least 32 characters/);
    expect(issues).toMatch(/DATABASE_URL: required when DB=postgres/);
    expect(issues).toMatch(/REDIS_URL: required when QUEUE_DRIVER=bullmq/);
    expect((error as ConfigError).message).not.toContain('short');
  });

  it('takes SMTP, the sender and the digest tick, and derives the mail secret from JWT_SECRET', () => {
    const base = { DATA_DIR: '/tmp/loadwatch-config', JWT_SECRET: 'j'.repeat(40) };
    const embedded = loadConfig(base).mail;
    expect(embedded).toMatchObject({ smtpUrl: null, outboxDir: '/tmp/loadwatch-config/outbox' });
    expect(embedded.secret).not.toBe('j'.repeat(40));
    expect(embedded.secret).toHaveLength(43);
    expect(loadConfig({ ...base, JWT_SECRET: 'k'.repeat(40) }).mail.secret).not.toBe(embedded.secret);
    const smtp = loadConfig({
      ...base,
      SMTP_URL: 'smtp://mailpit:1025',
      MAIL_FROM: 'Coach Bot <bot@example.test>',
      UNSUBSCRIBE_SECRET: 'u'.repeat(32),
      DIGEST_TICK_INTERVAL_MS: '60000',
    }).mail;
    expect(smtp).toMatchObject({
      smtpUrl: 'smtp://mailpit:1025',
      from: 'Coach Bot <bot@example.test>',
      secret: 'u'.repeat(32),
      digestTickMs: 60_000,
    });
    expect(() => loadConfig({ ...base, UNSUBSCRIBE_SECRET: 'short' })).toThrow(/UNSUBSCRIBE_SECRET/);
  });

  it("takes a Strava webhook verify token only as long as Garmin's notification token (it keys the webhook URL)", () => {
    const strava = { DATA_DIR: dataDir(), STRAVA_CLIENT_ID: 'id', STRAVA_CLIENT_SECRET: 'secret' };
    for (const weak of ['verify-me-please', 'short', 'has spaces in it but is long enough']) {
      expect(() => loadConfig({ ...strava, STRAVA_WEBHOOK_VERIFY_TOKEN: weak })).toThrow(
        /STRAVA_WEBHOOK_VERIFY_TOKEN/,
      );
    }
    const token = 'Xq7_strava-verify-token-0123456789';
    expect(loadConfig({ ...strava, STRAVA_WEBHOOK_VERIFY_TOKEN: token }).connections.strava).toMatchObject({
      webhookVerifyToken: token,
    });
  });

  it('leaves live Strava work a part of each read window: the backfill share is more than 0 and at most 1', () => {
    const strava = { DATA_DIR: dataDir(), STRAVA_CLIENT_ID: 'id', STRAVA_CLIENT_SECRET: 'secret' };
    expect(loadConfig(strava).connections.strava?.backfillBudgetShare).toBe(0.8);
    expect(
      loadConfig({ ...strava, STRAVA_BACKFILL_BUDGET_SHARE: '0.5' }).connections.strava?.backfillBudgetShare,
    ).toBe(0.5);
    expect(loadConfig({ ...strava, STRAVA_BACKFILL_BUDGET_SHARE: '1' }).connections.strava).toMatchObject({
      backfillBudgetShare: 1,
    });
    for (const bad of ['0', '-0.2', '1.5', 'most']) {
      expect(() => loadConfig({ ...strava, STRAVA_BACKFILL_BUDGET_SHARE: bad })).toThrow(
        /STRAVA_BACKFILL_BUDGET_SHARE/,
      );
    }
  });

  it("needs Garmin's notification token with Garmin's keys, and a token that fits in a URL segment", () => {
    const garmin = { DATA_DIR: dataDir(), GARMIN_CLIENT_ID: 'id', GARMIN_CLIENT_SECRET: 'secret' };
    expect(() => loadConfig(garmin)).toThrow(
      /GARMIN_NOTIFICATION_TOKEN: required when GARMIN_CLIENT_ID is set/,
    );
    expect(() => loadConfig({ ...garmin, GARMIN_NOTIFICATION_TOKEN: 'short' })).toThrow(
      /GARMIN_NOTIFICATION_TOKEN/,
    );
    expect(() =>
      loadConfig({ ...garmin, GARMIN_NOTIFICATION_TOKEN: 'not/a/segment/0123456789abcdef' }),
    ).toThrow(/GARMIN_NOTIFICATION_TOKEN/);
    const token = 'Gk3_notification-token-0123456789';
    expect(loadConfig({ ...garmin, GARMIN_NOTIFICATION_TOKEN: token }).connections.garmin).toMatchObject({
      clientId: 'id',
      notificationToken: token,
    });
  });
});
