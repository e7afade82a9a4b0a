import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions, UserEntity } from '@loadwatch/data-access/db';
import { loadConfig } from '@loadwatch/shared/config';

jest.setTimeout(60_000);

const execFileAsync = promisify(execFile);
const bin = join(resolve(__dirname, '../../..'), 'bin/loadwatch.js');

async function loadwatch(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('loadwatch admin', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'loadwatch-admin-'));
    env = { DATA_DIR: dir };
    expect((await loadwatch(env, 'migrate')).code).toBe(0);
    const dataSource = new DataSource(dataSourceOptions(loadConfig(env).db));
    await dataSource.initialize();
    await dataSource.getRepository(UserEntity).insert({
      id: '00000000-0000-4000-8000-000000000001',
      email: 'ops@example.test',
      passwordHash: 'x',
      role: 'coach',
      displayName: null,
      timeZone: 'UTC',
      weekStart: 'monday',
      units: 'km',
      thresholdPaceSPerKm: null,
      maxHeartRateBpm: null,
      returnToRun: null,
      rulesConfig: null,
      emailPreferences: null,
      createdAtMs: 1,
      updatedAtMs: 1,
    });
    await dataSource.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const role = async () => {
    const dataSource = new DataSource(dataSourceOptions(loadConfig(env).db));
    await dataSource.initialize();
    const user = await dataSource.getRepository(UserEntity).findOneByOrFail({ email: 'ops@example.test' });
    await dataSource.destroy();
    return user.role;
  };

  it('grants and revokes the admin role by email', async () => {
    const grant = await loadwatch(env, 'admin', 'grant', 'OPS@example.test');
    expect(grant).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/ops@example\.test is now an admin/),
    });
    await expect(role()).resolves.toBe('admin');
    const revoke = await loadwatch(env, 'admin', 'revoke', 'ops@example.test');
    expect(revoke.code).toBe(0);
    await expect(role()).resolves.toBe('athlete');
  });

  it('says so for an unknown account (exit 1) and for a wrong action (exit 2)', async () => {
    const unknown = await loadwatch(env, 'admin', 'grant', 'nobody@example.test');
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/no account with the email/) });
    const wrong = await loadwatch(env, 'admin', 'promote', 'ops@example.test');
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringMatching(/expected grant or revoke/) });
  });
});
