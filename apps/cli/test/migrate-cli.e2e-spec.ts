import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createPostgresDatabase, type TestDatabase } from '@loadwatch/testing';

jest.setTimeout(60_000);

const execFileAsync = promisify(execFile);
const bin = join(resolve(__dirname, '../../..'), 'bin/loadwatch.js');

async function migrate(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, 'migrate', ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('loadwatch migrate', () => {
  it('creates the SQLite schema of the embedded default, then has nothing left to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loadwatch-migrate-'));
    try {
      const first = await migrate({ DATA_DIR: dir });
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^SQLite at .*loadwatch\.sqlite: applied Initial\d+(, [A-Za-z]+\d+)*\.$/m);
      const second = await migrate({ DATA_DIR: dir });
      expect(second.stdout).toMatch(/up to date, nothing to apply/);
      expect((await migrate({ DATA_DIR: dir }, '--list')).stdout).toMatch(/up to date\.$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates a real PostgreSQL database', async () => {
    const database: TestDatabase = await createPostgresDatabase();
    try {
      if (database.db.type !== 'postgres') throw new Error('expected PostgreSQL');
      const env = {
        DB: 'postgres',
        DATABASE_URL: database.db.url,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'lw-')),
      };
      expect((await migrate(env, '--list')).stdout).toMatch(/PostgreSQL: migrations are pending/);
      const result = await migrate(env);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/PostgreSQL: applied Initial\d+(, [A-Za-z]+\d+)*\./);
      expect((await migrate(env, '--list')).stdout).toMatch(/PostgreSQL: up to date/);
    } finally {
      await database.drop();
    }
  });

  it('refuses a bad configuration with every bad key (exit 2)', async () => {
    const result = await migrate({ DB: 'postgres', PORT: 'x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Invalid configuration/);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/DATABASE_URL: required when DB=postgres/);
  });
});
