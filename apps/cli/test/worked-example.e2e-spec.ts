import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { workedExampleFitFiles } from '@loadwatch/testing';

jest.setTimeout(60_000);

const execFileAsync = promisify(execFile);
const root = resolve(__dirname, '../../..');
let dir: string;
let report: {
  weeks: {
    weekStart: string;
    distanceM: number;
    ramp: number | null;
    base: number | null;
    ramp4: number | null;
    fastM: number;
    coveredM: number;
    speedShare: number | null;
    coverage: number | null;
  }[];
  runs: { localDate: string; spike: number | null }[];
  findings: {
    rule: string;
    severity: string;
    anchor: { kind: string; id: string; date: string };
    date: string;
    relation?: string;
    source: string;
    message: string;
  }[];
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loadwatch-worked-'));
  mkdirSync(join(dir, 'fit'));
  for (const file of workedExampleFitFiles()) writeFileSync(join(dir, 'fit', file.name), file.bytes);
  writeFileSync(
    join(dir, 'symptoms.json'),
    JSON.stringify({
      logs: [
        {
          id: 'pain-1',
          date: '2026-10-21',
          region: 'low_back',
          side: 'central',
          severity: 5,
          when: 'after_run',
          aggravators: [],
          neurological: [],
          systemic: [],
          can_walk_normally: true,
        },
      ],
    }),
  );
  writeFileSync(
    join(dir, 'profile.json'),
    JSON.stringify({
      versions: [{ date: '2026-09-28', vitamin_d: { value: 18, unit: 'ng/mL', date: '2026-09-20' } }],
    }),
  );
  const { stdout } = await execFileAsync(process.execPath, [
    join(root, 'bin/loadwatch.js'),
    'analyze',
    join(dir, 'fit'),
    '--tz',
    'Europe/London',
    '--threshold-pace',
    '4:00',
    '--symptoms',
    join(dir, 'symptoms.json'),
    '--profile',
    join(dir, 'profile.json'),
    '--json',
  ]);
  report = JSON.parse(stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('worked example through loadwatch analyze (metrics.md 9, rules.md 4)', () => {
  it('computes the weekly table of metrics.md section 9', () => {
    const weeks = report.weeks.map((w) => [
      w.weekStart,
      w.distanceM / 1000,
      w.ramp,
      w.base === null ? null : w.base / 1000,
      w.ramp4,
    ]);
    const expected = [
      ['2026-09-28', 30, null, null, null],
      ['2026-10-05', 32, 32 / 30 - 1, 30, 32 / 30 - 1],
      ['2026-10-12', 42, 42 / 32 - 1, 31, 42 / 31 - 1],
      ['2026-10-19', 0, -1, 104 / 3, -1],
      ['2026-10-26', 10, null, 26, 10 / 26 - 1],
    ];
    expect(weeks).toHaveLength(5);
    weeks.forEach((week, i) =>
      week.forEach((value, j) =>
        typeof value === 'number'
          ? expect(value).toBeCloseTo(expected[i][j] as number, 3)
          : expect(value).toBe(expected[i][j]),
      ),
    );
    const interval = report.weeks[2];
    expect(interval.fastM).toBeCloseTo(3000, 0);
    expect(interval.coveredM).toBeCloseTo(42000, 0);
    expect(interval.speedShare).toBeCloseTo(3 / 42, 3);
    expect(interval.coverage).toBe(1);
    const spikes = Object.fromEntries(report.runs.map((r) => [r.localDate, r.spike]));
    expect(spikes['2026-10-11']).toBeCloseTo(14 / 12, 3);
    expect(spikes['2026-10-18']).toBeCloseTo(20 / 14, 3);
    expect(spikes['2026-10-31']).toBeCloseTo(0.5, 3);
    expect(spikes['2026-10-04']).toBeNull();
  });

  it('finds exactly the seven findings of rules.md section 4, most serious first', () => {
    const found = report.findings.map(
      (f) => `${f.rule} ${f.severity} ${f.anchor.kind} ${f.anchor.date} ${f.date}`,
    );
    expect(found).toEqual([
      'R10 warning symptom 2026-10-21 2026-10-21',
      'R18 caution profile 2026-09-28 2026-09-28',
      'R01 caution run 2026-10-11 2026-10-11',
      'R21 caution week 2026-10-05 2026-10-11',
      'R01 caution run 2026-10-18 2026-10-18',
      'R03 caution week 2026-10-12 2026-10-18',
      'R21 caution week 2026-10-12 2026-10-18',
    ]);
    const r10 = report.findings[0];
    expect(r10.relation).toBe('likely');
    for (const finding of report.findings) {
      expect(finding.source.length).toBeGreaterThan(3);
      expect(finding.message).not.toMatch(/you have|diagnos/i);
    }
  });
});
