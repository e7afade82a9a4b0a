import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where tests reach the real PostgreSQL of this machine (its `postgres` database, to create others). */
export const PG_ADMIN_URL = process.env['PG_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db:
    | { type: 'sqlite'; path: string; runMigrations: boolean }
    | { type: 'postgres'; url: string; runMigrations: boolean };
  drop(): Promise<void>;
}

/**
 * A fresh, empty PostgreSQL database of its own for one test file, so parallel Jest workers never share
 * schemas. Fails loudly, with what to do, when PostgreSQL is not running: tests never skip it.
 */
export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = `loadwatch_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG_ADMIN_URL} (${(error as Error).message}). Start it: ` +
        'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    db: { type: 'postgres', url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`), runMigrations: true },
    drop: async () => {
      const client = new Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A fresh SQLite database file in a temporary folder. */
export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'loadwatch-sqlite-'));
  return {
    db: { type: 'sqlite', path: join(dir, 'test.sqlite'), runMigrations: true },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export type DriverName = 'sqlite' | 'postgres';

export const DRIVERS: DriverName[] = ['sqlite', 'postgres'];

export function createTestDatabase(driver: DriverName): Promise<TestDatabase> {
  return driver === 'postgres' ? createPostgresDatabase() : createSqliteDatabase();
}
