import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';

// Each test runs the CLI as a separate process, some over dozens of real files.
jest.setTimeout(60_000);

const execFileAsync = promisify(execFile);
const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin/loadwatch.js');
const samples = join(root, 'samples/fit');
const okFixtures = join(root, 'libs/domain/fit/test/fixtures/ok');
const notOkFixtures = join(root, 'libs/domain/fit/test/fixtures/not-ok');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI through the `loadwatch` bin, as a user would. */
async function loadwatch(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let work: string;
beforeAll(() => {
  if (!existsSync(join(root, 'dist/apps/cli/main.js'))) {
    throw new Error('dist/apps/cli/main.js is missing: build the CLI first (nx run cli:build)');
  }
  work = mkdtempSync(join(tmpdir(), 'loadwatch-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('loadwatch analyze (built CLI, real files)', () => {
  it('prints the weekly table of the bundled samples and exits 0', async () => {
    const result = await loadwatch('analyze', samples, '--tz', 'Europe/Berlin');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Week\s+Runs\s+Distance\s+Ramp\s+Ramp4\s+Longest\s+Speed share/m);
    expect(result.stdout).toMatch(/11 activities \(4 runs\) from 11 files/);
    expect(result.stdout).toMatch(/weeks without activity/);
  });

  it('emits the documented JSON with spec-named fields, SI units and fractions', async () => {
    const result = await loadwatch(
      'analyze',
      samples,
      '--json',
      '--tz',
      'Europe/Berlin',
      '--threshold-pace',
      '5:00',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.version).toBe(1);
    expect(Object.keys(report)).toEqual([
      'version',
      'settings',
      'weeks',
      'runs',
      'activities',
      'rejected',
      'duplicates',
      'findings',
    ]);
    expect(report.settings).toMatchObject({
      timeZone: 'Europe/Berlin',
      weekStart: 'monday',
      thresholdSpeedMps: 1000 / 300,
    });
    expect(report.activities).toHaveLength(11);
    expect(report.runs).toHaveLength(4);
    const week = report.weeks.find((w: { runs: number }) => w.runs > 0);
    for (const key of [
      'weekStart',
      'distanceM',
      'ramp',
      'base',
      'ramp4',
      'longestM',
      'fastM',
      'speedShare',
      'coverage',
      'speedMethod',
      'monotony',
      'strain',
      'descentM',
      'cadenceSpm',
      'acwrCoupled',
      'acwrUncoupled',
      'acwrEwma',
    ]) {
      expect(week).toHaveProperty(key);
    }
    expect(week.speedMethod).toBe('setting');
    expect(week.weekStart).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const run = report.runs[0];
    for (const key of ['localDate', 'localStart', 'distanceM', 'spike', 'fastM'])
      expect(run).toHaveProperty(key);
    const totalRunM = report.runs.reduce((s: number, r: { distanceM: number }) => s + r.distanceM, 0);
    const weeklyM = report.weeks.reduce((s: number, w: { distanceM: number }) => s + w.distanceM, 0);
    expect(weeklyM).toBeCloseTo(totalRunM, 6);
    // A fraction, not a percentage.
    for (const w of report.weeks) if (w.speedShare !== null) expect(w.speedShare).toBeLessThanOrEqual(1);
  });

  it('reads .fit.gz and zip archives (nested too) and counts the same bytes once', async () => {
    const names = readdirSync(samples).filter((n) => n.endsWith('.fit'));
    const folder = join(work, 'mixed');
    mkdirSync(folder);
    copyFileSync(join(samples, names[0]), join(folder, names[0]));
    writeFileSync(join(folder, `${names[0]}.gz`), gzipSync(readFileSync(join(samples, names[0]))));
    const inner = zipSync(
      Object.fromEntries(
        names.slice(1, 4).map((n) => [`UploadedFiles/${n}`, readFileSync(join(samples, n))]),
      ),
    );
    writeFileSync(
      join(folder, 'export.zip'),
      zipSync({
        'activities/a.fit.gz': gzipSync(readFileSync(join(samples, names[4]))),
        'activities/route.gpx': new TextEncoder().encode('<gpx/>'),
        'activities.csv': new TextEncoder().encode('id,name\n'),
        'DI_CONNECT/part1.zip': inner,
      }),
    );
    const result = await loadwatch('analyze', folder, '--json', '--tz', 'UTC');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(new Set(report.activities.map((a: { file: string }) => a.file)).size).toBe(5);
    expect(report.duplicates).toEqual([
      { file: join(folder, `${names[0]}.gz`), duplicateOf: join(folder, names[0]) },
    ]);
    expect(
      report.activities.some((a: { file: string }) =>
        a.file.endsWith('export.zip!DI_CONNECT/part1.zip!UploadedFiles/' + names[1]),
      ),
    ).toBe(true);
    expect(report.rejected).toEqual([
      {
        file: join(folder, 'export.zip!activities/route.gpx'),
        reason: 'unsupported format .gpx: only FIT files are read',
      },
    ]);
  });

  it('lists broken files with their reason and still counts the rest', async () => {
    const broken = readdirSync(notOkFixtures).filter((n) => n.endsWith('.fit'));
    expect(broken.length).toBeGreaterThan(0);
    const result = await loadwatch('analyze', samples, notOkFixtures, '--json', '--tz', 'UTC');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.activities).toHaveLength(11);
    const rejectedNames = report.rejected.map((r: { file: string }) => r.file.split('/').pop());
    for (const name of broken) expect(rejectedNames).toContain(name);
    for (const r of report.rejected) expect(r.reason.length).toBeGreaterThan(5);
  });

  it('exits 1 when nothing could be read', async () => {
    const result = await loadwatch('analyze', notOkFixtures, '--tz', 'UTC');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no activity could be read/);
  });

  it('exits 1 for a missing path, naming it', async () => {
    const result = await loadwatch('analyze', join(work, 'nope.fit'), '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).rejected).toEqual([
      { file: join(work, 'nope.fit'), reason: 'no such file or folder' },
    ]);
  });

  it.each([
    [['analyze'], /missing required argument/],
    [['analyze', 'x.fit', '--tz', 'Nowhere/City'], /--tz: 'Nowhere\/City' is not an IANA time zone/],
    [['analyze', 'x.fit', '--threshold-pace', 'fast'], /--threshold-pace/],
    [['analyze', 'x.fit', '--units', 'parsecs'], /--units/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with a message for usage errors: %p', async (args, message) => {
    const result = await loadwatch(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('decodes the same in the main thread and on worker threads', async () => {
    const [inline, pooled] = await Promise.all([
      loadwatch('analyze', samples, okFixtures, '--json', '--tz', 'UTC', '--jobs', '0'),
      loadwatch('analyze', samples, okFixtures, '--json', '--tz', 'UTC', '--jobs', '2'),
    ]);
    expect(inline.code).toBe(0);
    expect(JSON.parse(pooled.stdout)).toEqual(JSON.parse(inline.stdout));
  });

  it('puts a red-flag symptom first as urgent, with the framing note, and in the JSON', async () => {
    const symptoms = join(work, 'red-flag.json');
    writeFileSync(
      symptoms,
      JSON.stringify({
        logs: [
          {
            id: 'a',
            date: '2020-12-11',
            region: 'low_back',
            side: 'central',
            severity: 3,
            when: 'at_rest',
            neurological: ['saddle_numbness'],
          },
        ],
      }),
    );
    const text = await loadwatch('analyze', samples, '--tz', 'UTC', '--symptoms', symptoms);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Findings, most serious first \(\d+\):\n {2}!! URGENT +2020-12-11 {2}R12 /);
    expect(text.stdout).toMatch(/Seek emergency care now/);
    expect(text.stdout).toMatch(/It cannot diagnose, predict your own risk/);
    const json = JSON.parse(
      (await loadwatch('analyze', samples, '--tz', 'UTC', '--symptoms', symptoms, '--json')).stdout,
    );
    expect(json.findings[0]).toMatchObject({
      rule: 'R12',
      severity: 'urgent',
      anchor: { kind: 'symptom', id: 'a', date: '2020-12-11' },
    });
    // The log extends the report to its week.
    expect(json.weeks[json.weeks.length - 1].weekStart).toBe('2020-12-07');
  });

  it('refuses invalid symptom and profile files with every bad entry named (exit 2)', async () => {
    const symptoms = join(work, 'bad-symptoms.json');
    writeFileSync(
      symptoms,
      JSON.stringify({
        logs: [
          { date: '2020-12-11', region: 'knee', severity: 11 },
          { date: 'yesterday', region: 'hip', severity: 2 },
        ],
      }),
    );
    const result = await loadwatch('analyze', samples, '--symptoms', symptoms);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--symptoms: .*bad-symptoms.json/);
    expect(result.stderr).toMatch(/logs\[0\]\.region/);
    expect(result.stderr).toMatch(/logs\[0\]\.severity/);
    expect(result.stderr).toMatch(/logs\[1\]\.date/);

    const notJson = join(work, 'profile.json');
    writeFileSync(notJson, '{ versions: ');
    const profile = await loadwatch('analyze', samples, '--profile', notJson);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toMatch(/--profile: .*profile.json is not valid JSON/);

    const missing = await loadwatch('analyze', samples, '--symptoms', join(work, 'none.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--symptoms: cannot read/);
  });

  it('writes a self-contained HTML report', async () => {
    const html = join(work, 'report.html');
    const result = await loadwatch('analyze', samples, '--html', html, '--units', 'mi', '--tz', 'UTC');
    expect(result.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('It cannot\ndiagnose'.replace('\n', ' '));
    expect(page).toMatch(/new uPlot\(/);
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).toMatch(/ mi</);
  });
});
