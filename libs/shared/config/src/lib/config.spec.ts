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
      concurrency: { ingest: 2, load: 2, rules: 2 },
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
});
