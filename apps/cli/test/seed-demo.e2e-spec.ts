import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import {
  ActivitiesRepository,
  CoachLinksRepository,
  FindingsRepository,
  UsersRepository,
} from '@loadwatch/data-access/db';
import { AuthService } from '@loadwatch/feature/auth';
import { PlatformModule } from '@loadwatch/feature/platform';
import type { AppConfig } from '@loadwatch/shared/config';
import { createPostgresDatabase, testConfig } from '@loadwatch/testing';
import { startOf } from '../src/seed-demo/demo-files';
import { DEMO_COACH, DEMO_PASSWORD, planDemo, type DemoAthletePlan } from '../src/seed-demo/demo-plan';

// Each run seeds five accounts and about 175 FIT files through the whole application.
jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);
const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin/loadwatch.js');
const SAMPLE_FILES = readdirSync(join(root, 'samples/fit')).filter((name) => name.endsWith('.fit')).length;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the given environment, from a folder outside the repository. */
async function loadwatch(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
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

interface SeededAccount {
  id: string;
  plan: DemoAthletePlan;
  rules: string[];
  severities: string[];
}

/** Reads the seeded demo back through the application's repositories. */
async function readDemo(db: AppConfig['db'], dataDir: string) {
  const app = await NestFactory.createApplicationContext(PlatformModule.with(testConfig(db, dataDir)), {
    logger: false,
  });
  try {
    const users = app.get(UsersRepository);
    const coach = await users.findByEmail(DEMO_COACH.email);
    if (!coach) throw new Error('the demo coach does not exist');
    // Every demo account signs in with the one demo password.
    const auth = app.get(AuthService);
    await auth.login({ email: coach.email, password: DEMO_PASSWORD });

    const plan = planDemo(Date.now());
    const athletes: SeededAccount[] = [];
    const activities: Record<string, { localDate: string; utcOffsetS: number | null }[]> = {};
    for (const athletePlan of plan.athletes) {
      const user = await users.findByEmail(athletePlan.email);
      if (!user) throw new Error(`${athletePlan.email} does not exist`);
      await auth.login({ email: user.email, password: DEMO_PASSWORD });
      const findings = await app.get(FindingsRepository).list(user.id, { status: 'open' });
      athletes.push({
        id: user.id,
        plan: athletePlan,
        rules: [...new Set(findings.map((f) => f.rule))].sort(),
        severities: findings.map((f) => f.severity),
      });
      const { items } = await app
        .get(ActivitiesRepository)
        .listByAthlete(user.id, { limit: 500, offset: 0, excludeSources: [] });
      activities[athletePlan.key] = items.map(({ localDate, utcOffsetS }) => ({ localDate, utcOffsetS }));
      expect(user).toMatchObject({ role: 'athlete', timeZone: athletePlan.timeZone });
    }
    const links = await app.get(CoachLinksRepository).listForUser(coach.id);
    return { coach, athletes, activities, links };
  } finally {
    await app.close();
  }
}

type Demo = Awaited<ReturnType<typeof readDemo>>;

/** What every seeded demo holds, whichever database it is on. */
function expectSeededDemo(demo: Demo): void {
  const { coach, athletes, activities, links } = demo;
  expect(coach.role).toBe('coach');

  // The coach invited every athlete, each accepted; all but Bea grant health-data access.
  expect(links).toHaveLength(athletes.length);
  for (const athlete of athletes) {
    const link = links.find((l) => l.athleteId === athlete.id);
    expect(link).toMatchObject({ status: 'accepted', healthAccess: athlete.plan.healthAccess });
  }
  expect(athletes.filter((a) => !a.plan.healthAccess).map((a) => a.plan.key)).toEqual(['bea']);

  // Each athlete shows the rules designed for it, and nothing else.
  for (const athlete of athletes)
    expect([athlete.rules, athlete.plan.key]).toEqual([
      [...athlete.plan.expectedRules].sort(),
      athlete.plan.key,
    ]);
  const all = new Set(athletes.flatMap((a) => a.rules));
  for (const family of [
    ['R01', 'R02'],
    ['R03', 'R04'],
    ['R07', 'R08'],
    ['R09', 'R10'],
    ['R11'],
    ['R12'],
    ['R17'],
    ['R18'],
    ['R19', 'R20'],
    ['R21', 'R22'],
  ]) {
    expect(family.some((rule) => all.has(rule))).toBe(true);
  }
  expect([...all].sort()).toEqual(Array.from({ length: 22 }, (_, i) => `R${String(i + 1).padStart(2, '0')}`));
  // One urgent case on the coach's dashboard: Cal's red flags.
  expect(athletes.filter((a) => a.severities.includes('urgent')).map((a) => a.plan.key)).toEqual(['cal']);

  // Finn has the real sample files; the others every generated run, on its local date and offset.
  expect(activities['finn']).toHaveLength(SAMPLE_FILES);
  for (const athlete of athletes.filter((a) => a.plan.activities === 'generated')) {
    const expected = athlete.plan.runs.map((run) => ({
      localDate: run.date,
      utcOffsetS: startOf(run, athlete.plan.timeZone).utcOffsetS,
    }));
    const byDate = (a: { localDate: string }, b: { localDate: string }) =>
      a.localDate.localeCompare(b.localDate);
    expect([...activities[athlete.plan.key]].sort(byDate)).toEqual(expected.sort(byDate));
  }
}

function expectSummary(result: CliResult): void {
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^Seeded the Loadwatch demo in /m);
  expect(result.stdout).toContain(`password for all: ${DEMO_PASSWORD}`);
  for (const email of [DEMO_COACH.email, ...planDemo(Date.now()).athletes.map((a) => a.email)]) {
    expect(result.stdout).toContain(email);
  }
  expect(result.stdout).toMatch(/^ {2}Cal +1 +\d+ +\d+ +\d+ +R02 /m);
  expect(result.stdout).toContain('22 of the 22 rules have findings.');
  expect(result.stdout).toContain('npm start');
  expect(result.stdout).toContain('http://localhost:3000');
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/apps/cli/main.js'))) {
    throw new Error('dist/apps/cli/main.js is missing: build the CLI first (nx run cli:build)');
  }
});

describe('loadwatch seed-demo', () => {
  it('seeds the embedded default, says so when run again, and seeds afresh with --reset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-seed-'));
    const db: AppConfig['db'] = {
      type: 'sqlite',
      path: join(dataDir, 'loadwatch.sqlite'),
      runMigrations: true,
    };
    try {
      const first = await loadwatch({ DATA_DIR: dataDir }, 'seed-demo');
      expectSummary(first);
      expect(first.stdout).toContain(`SQLite at ${db.path}`);
      const seeded = await readDemo(db, dataDir);
      expectSeededDemo(seeded);

      const again = await loadwatch({ DATA_DIR: dataDir }, 'seed-demo');
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/already seeded/);
      expect(again.stdout).toContain('--reset');

      const reset = await loadwatch({ DATA_DIR: dataDir }, 'seed-demo', '--reset');
      expectSummary(reset);
      expect(reset.stdout).toMatch(/^Removed the 5 demo accounts of an earlier seed\.$/m);
      const reseeded = await readDemo(db, dataDir);
      expectSeededDemo(reseeded);
      expect(reseeded.coach.id).not.toBe(seeded.coach.id);
      // The deleted accounts' stored files went with them.
      const uploads = readdirSync(join(dataDir, 'uploads')).sort();
      expect(uploads).toEqual(reseeded.athletes.map((a) => a.id).sort());
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('seeds a PostgreSQL database once it is migrated', async () => {
    const database = await createPostgresDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-seed-pg-'));
    try {
      if (database.db.type !== 'postgres') throw new Error('expected PostgreSQL');
      const env = { DB: 'postgres', DATABASE_URL: database.db.url, DATA_DIR: dataDir };
      const early = await loadwatch(env, 'seed-demo');
      expect(early.code).toBe(1);
      expect(early.stderr).toMatch(/pending migrations: run `loadwatch migrate` first/);

      expect((await loadwatch(env, 'migrate')).code).toBe(0);
      const result = await loadwatch(env, 'seed-demo');
      expectSummary(result);
      expect(result.stdout).toContain('in PostgreSQL');
      expect(result.stdout).not.toContain(database.db.url);
      expectSeededDemo(await readDemo(database.db, dataDir));
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration (exit 2) and a missing samples folder (exit 2)', async () => {
    const config = await loadwatch({ DB: 'postgres' }, 'seed-demo');
    expect(config.code).toBe(2);
    expect(config.stderr).toMatch(/DATABASE_URL: required when DB=postgres/);
    const dataDir = mkdtempSync(join(tmpdir(), 'loadwatch-seed-'));
    try {
      const samples = await loadwatch({ DATA_DIR: dataDir }, 'seed-demo', '--samples', join(dataDir, 'none'));
      expect(samples.code).toBe(2);
      expect(samples.stderr).toMatch(/--samples: .* is not a folder/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
