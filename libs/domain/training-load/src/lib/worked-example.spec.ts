import { computeLoad } from './compute-load';
import { paceToSpeed } from './pace';
import type { LoadReport } from './types';
import { activity, localMs, streamOf } from '../../test/factories';

/** spec/metrics.md section 9, the worked example, as a test vector. */
const zone = 'Europe/London';
const steady = (km: number) => streamOf([{ pairs: (km * 1000) / 25, dtS: 10, ddM: 25 }]);
const run = (date: string, km: number, stream = steady(km)) =>
  activity({ id: `run-${date}`, startMs: localMs(`${date}T07:00`, zone), distanceM: km * 1000, stream });

// 4.5 km at 3 m/s, 3 km at 3:45/km (40 m every 9 s), 4.5 km at 3 m/s.
const intervals = streamOf([
  { pairs: 150, dtS: 10, ddM: 30 },
  { pairs: 75, dtS: 9, ddM: 40 },
  { pairs: 150, dtS: 10, ddM: 30 },
]);

const activities = [
  run('2026-09-29', 8),
  run('2026-10-01', 10),
  run('2026-10-04', 12),
  run('2026-10-06', 8),
  run('2026-10-08', 10),
  run('2026-10-11', 14),
  run('2026-10-13', 10),
  run('2026-10-15', 12, intervals),
  run('2026-10-18', 20),
  run('2026-10-31', 10),
];

describe('the worked example (spec/metrics.md section 9)', () => {
  let report: LoadReport;
  beforeAll(() => {
    report = computeLoad(activities, {
      timeZone: zone,
      weekStart: 'monday',
      thresholdSpeedMps: paceToSpeed('4:00'),
    });
  });

  it('spans history start to the week of the last run', () => {
    expect(report.historyStart).toBe('2026-09-28');
    expect(report.asOf).toBe('2026-10-31');
    expect(report.weeks.map((w) => [w.weekStart, w.weekEnd, w.complete])).toEqual([
      ['2026-09-28', '2026-10-04', true],
      ['2026-10-05', '2026-10-11', true],
      ['2026-10-12', '2026-10-18', true],
      ['2026-10-19', '2026-10-25', true],
      ['2026-10-26', '2026-11-01', false],
    ]);
  });

  it.each([
    // weekStart, W, ramp, base, ramp4, longest
    ['2026-09-28', 30000, null, null, null, 12000],
    ['2026-10-05', 32000, 2 / 30, 30000, 2 / 30, 14000],
    ['2026-10-12', 42000, 0.3125, 31000, 11 / 31, 20000],
    ['2026-10-19', 0, -1, 104000 / 3, -1, null],
    ['2026-10-26', 10000, null, 26000, -16 / 26, 10000],
  ])('week %s: W %d, ramp %p, base %p, ramp4 %p, longest %p', (weekStart, w, ramp, base, ramp4, longest) => {
    const week = report.weeks.find((candidate) => candidate.weekStart === weekStart);
    expect(week).toBeDefined();
    expect(week?.distanceM).toBe(w);
    expectClose(week?.ramp, ramp);
    expectClose(week?.base, base);
    expectClose(week?.ramp4, ramp4);
    expect(week?.longestM).toBe(longest);
  });

  it('rounds like the table', () => {
    const [, second, third, fourth, fifth] = report.weeks;
    expect(round(second.ramp, 3)).toBe(0.067);
    expect(round(third.ramp4, 3)).toBe(0.355);
    expect(round(fourth.base, 2)).toBe(34666.67);
    expect(round(fifth.ramp4, 3)).toBe(-0.615);
  });

  it.each([
    ['2026-09-29', null],
    ['2026-10-01', null],
    ['2026-10-04', null],
    ['2026-10-06', 8 / 12],
    ['2026-10-08', 10 / 12],
    ['2026-10-11', 14 / 12],
    ['2026-10-13', 10 / 14],
    ['2026-10-15', 12 / 14],
    ['2026-10-18', 20 / 14],
    ['2026-10-31', 0.5],
  ])('the run of %s has spike %p', (date, spike) => {
    expectClose(report.runs.find((r) => r.localDate === date)?.spike, spike);
  });

  it('rounds the spikes of the longest runs like the table', () => {
    const spikeOn = (date: string) => report.runs.find((r) => r.localDate === date)?.spike ?? null;
    expect(
      [spikeOn('2026-10-11'), spikeOn('2026-10-18'), spikeOn('2026-10-31')].map((s) => round(s, 3)),
    ).toEqual([1.167, 1.429, 0.5]);
  });

  it('measures the 720 h window in real time across the end of BST', () => {
    // 2026-10-31 07:00 GMT minus 720 h is 2026-10-01 08:00 BST, after that day's 07:00 run.
    const last = report.runs[report.runs.length - 1];
    expect(last.spikeWindowRuns).toBe(7);
    expect(last.spikeReferenceM).toBe(20000);
  });

  it('finds the 3 km interval stretch of week 2026-10-12', () => {
    const week = report.weeks[2];
    expect(week.speedMethod).toBe('setting');
    expect(week.thresholdSpeedMps).toBeCloseTo(4.1667, 4);
    expect(week.fastM).toBe(3000);
    expect(week.coveredM).toBe(42000);
    expect(week.speedShare).toBe(3000 / 42000);
    expect(round(week.speedShare, 3)).toBe(0.071);
    expect(week.coverage).toBe(1);
    expect(week.lowCoverage).toBe(false);
    expect(report.runs.find((r) => r.localDate === '2026-10-15')?.fastM).toBe(3000);
  });

  it('has no speed work in the other weeks, and no share in the empty one', () => {
    expect(report.weeks.map((w) => [w.fastM, w.speedShare, w.coverage])).toEqual([
      [0, 0, 1],
      [0, 0, 1],
      [3000, 3000 / 42000, 1],
      [0, null, null],
      [0, 0, 1],
    ]);
  });

  it('keeps every ratio null until 2026-10-25 and gives them from 2026-10-26', () => {
    const nullDays = report.days.filter((d) => d.date <= '2026-10-25');
    const laterDays = report.days.filter((d) => d.date > '2026-10-25');
    expect(nullDays).toHaveLength(28);
    for (const day of nullDays)
      expect([day.acwrCoupled, day.acwrUncoupled, day.acwrEwma]).toEqual([null, null, null]);
    expect(laterDays.map((d) => d.date)).toEqual([
      '2026-10-26',
      '2026-10-27',
      '2026-10-28',
      '2026-10-29',
      '2026-10-30',
      '2026-10-31',
    ]);
    for (const day of laterDays) {
      expect(day.acwrCoupled).not.toBeNull();
      expect(day.acwrUncoupled).not.toBeNull();
      expect(day.acwrEwma).not.toBeNull();
    }
    expect(report.weeks.slice(0, 4).map((w) => w.acwrEwma)).toEqual([null, null, null, null]);
    expect(report.weeks[4].acwrCoupled).toBe(report.days[report.days.length - 1].acwrCoupled);
  });
});

function expectClose(actual: number | null | undefined, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 10);
}

function round(value: number | null | undefined, digits: number): number | null {
  return value == null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}
