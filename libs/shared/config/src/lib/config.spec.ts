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
    });
    expect(config.auth.jwtSecret).toBe('x'.repeat(40));
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
