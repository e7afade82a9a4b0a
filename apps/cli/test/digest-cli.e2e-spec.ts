import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { SettingsService } from '@loadwatch/feature/athletes';
import { AuthService } from '@loadwatch/feature/auth';
import { UploadsService } from '@loadwatch/feature/ingestion';
import { PlatformModule } from '@loadwatch/feature/platform';
import { RiskProfileService, SymptomsService } from '@loadwatch/feature/rules';
import { createTestDatabase, testConfig, workedExampleFitFiles, type TestDatabase } from '@loadwatch/testing';

jest.setTimeout(120_000);

const execFileAsync = promisify(execFile);
const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin/loadwatch.js');
const EMAIL = 'worked.example@example.test';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `loadwatch digest --preview` against real data: the worked example of spec/metrics.md section 9 and
 * spec/rules.md section 4 goes through the whole application (FIT uploads, the symptom log, the risk
 * profile, the jobs) into a SQLite database; the built CLI then renders the digest of the week of
 * 2026-10-12 (42 km) from it, sending and recording nothing.
 */
describe('loadwatch digest --preview on the worked example', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  async function loadwatch(...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
        cwd: tmpdir(),
        env: { PATH: process.env['PATH'] ?? '', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-digest-cli-'));
    if (database.db.type !== 'sqlite') throw new Error('expected a SQLite database');
    env = { DATA_DIR: dataDir, DB: 'sqlite', SQLITE_PATH: database.db.path, LOG_LEVEL: 'silent' };
    const app = await NestFactory.createApplicationContext(
      PlatformModule.with(testConfig(database.db, dataDir)),
      {
        logger: false,
      },
    );
    try {
      const { user } = await app.get(AuthService).register({
        email: EMAIL,
        password: 'correct horse battery',
        displayName: 'Worked Example',
        role: 'athlete',
      });
      await app.get(SettingsService).update(user.id, { timeZone: 'Europe/London', thresholdPace: '4:00' });
      await app.get(RiskProfileService).save(user.id, {
        date: '2026-09-28',
        vitamin_d: { value: 18, unit: 'ng/mL', date: '2026-09-20' },
      });
      await app.get(UploadsService).accept(
        user.id,
        workedExampleFitFiles().map((file) => ({ originalname: file.name, buffer: Buffer.from(file.bytes) })),
      );
      await app.get<JobQueue>(JOB_QUEUE).drain();
      await app.get(SymptomsService).create(user.id, {
        date: '2026-10-21',
        region: 'low_back',
        side: 'central',
        severity: 5,
        when: 'after_run',
        aggravators: [],
        neurological: [],
        systemic: [],
        can_walk_normally: true,
      });
      await app.get<JobQueue>(JOB_QUEUE).drain();
    } finally {
      await app.close();
    }
  });
  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("renders the week's numbers, findings and the last 8 weeks, without sending", async () => {
    const { code, stdout, stderr } = await loadwatch('digest', '--preview', EMAIL, '--week', '2026-10-12');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Subject: Loadwatch: your week of 2026-10-12\n/);
    expect(stdout).toContain('Your week of 2026-10-12 to 2026-10-18');
    // metrics.md section 9: 42 km in 3 runs; ramp 42/32 - 1; ramp4 42/31 - 1; 3 km of 42 fast, all covered.
    expect(stdout).toContain('Distance: 42.0 km in 3 runs');
    expect(stdout).toContain('Change on the week before (ramp): +31 %');
    expect(stdout).toContain('Change on the 4 weeks before (ramp4): +35 %');
    expect(stdout).toContain('Fast running (speed share): 7.1 % (speed known for 100 % of the distance)');
    expect(stdout).toContain('Longest run: 20.0 km');
    // rules.md section 4: the week's findings are R01 (the 20 km spike), R03 and R21 of the week.
    expect(stdout.match(/\[caution\] R\d\d, 2026-10-18/g)?.sort()).toEqual([
      '[caution] R01, 2026-10-18',
      '[caution] R03, 2026-10-18',
      '[caution] R21, 2026-10-18',
    ]);
    // The others (R10 of 2026-10-21, R18 of the profile, R21 of the week before) are counted, not listed.
    expect(stdout).not.toMatch(/R10|R18/);
    expect(stdout).toContain('4 other findings are still open on your dashboard.');
    for (const [weekStart, km] of [
      ['2026-09-28', '30.0'],
      ['2026-10-05', '32.0'],
      ['2026-10-12', '42.0'],
    ]) {
      expect(stdout).toMatch(new RegExp(`${weekStart}.*${km} km`));
    }
    expect(stdout).toContain('It cannot diagnose, predict your own risk, or replace a health professional.');
    expect(stdout).toContain(`Preview for ${EMAIL}; nothing was sent.`);

    const html = await loadwatch('digest', '--preview', EMAIL, '--week', '2026-10-12', '--html');
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!doctype html>/i);
    expect(html.stdout).toContain('42.0 km in 3 runs');
    expect(html.stdout).not.toMatch(/<script/i);
  });

  it('refuses an unknown account and a bad week with a message', async () => {
    const unknown = await loadwatch('digest', '--preview', 'nobody@example.test');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toContain('no account nobody@example.test');
    const badWeek = await loadwatch('digest', '--preview', EMAIL, '--week', '12/10/2026');
    expect(badWeek.code).toBe(2);
    expect(badWeek.stderr).toContain("--week must be a date YYYY-MM-DD, got '12/10/2026'");
  });
});
