import { findingsOf, keysOf } from '../../test/evaluate.helper';
import { buildLoadReport, type RunSpec } from '../../test/load-report.builder';
import { dayLoad, loadReport, runMetrics, weekMetrics } from '../../test/load-report.factory';

/** Week starts (Mondays) used below. */
const W1 = '2026-09-07';
const W2 = '2026-09-14';
const W3 = '2026-09-21';

describe('R01 and R02: session spike (spec/rules.md section 3)', () => {
  const withSpike = (spike: number | null) =>
    loadReport({
      weeks: [weekMetrics({ weekStart: W1, runs: 1, distanceM: 12_000 })],
      runs: [
        runMetrics({
          activityId: 'r',
          localDate: '2026-09-08',
          distanceM: 12_000,
          spike,
          spikeWindowRuns: 3,
        }),
      ],
    });

  it.each([
    [null, []],
    [0.9, []],
    [1.1, []],
    [1.1000001, ['R01@r']],
    [1.5, ['R01@r']],
    [2.0, ['R01@r']],
    [2.0000001, ['R02@r']],
    [3.5, ['R02@r']],
  ])('spike %p gives %p', (spike, expected) => {
    expect(keysOf(findingsOf(['R01', 'R02'], { load: withSpike(spike) }))).toEqual(expected);
  });

  it('dates the spike event on the run and says how much longer it was', () => {
    const [finding] = findingsOf('R01', { load: withSpike(1.25) });
    expect(finding).toMatchObject({
      severity: 'caution',
      date: '2026-09-08',
      anchor: { kind: 'run', date: '2026-09-08' },
    });
    expect(finding.message).toContain('25 % longer than your longest run in the last 30 days');
    expect(findingsOf('R02', { load: withSpike(2.5) })[0].message).toContain('more than double');
  });

  it('honours configured bounds', () => {
    const config = { R01: { lower: 1.3, upper: 2.5 }, R02: { lower: 2.5 } };
    expect(keysOf(findingsOf(['R01', 'R02'], { load: withSpike(1.3), config }))).toEqual([]);
    expect(keysOf(findingsOf(['R01', 'R02'], { load: withSpike(2.4), config }))).toEqual(['R01@r']);
  });
});

/** One run on the Tuesday of W1 (the previous week), then the given runs in W2. */
const twoWeeks = (previousKm: number, current: RunSpec[], asOf?: string) =>
  buildLoadReport([{ date: '2026-09-08', km: previousKm }, ...current], { asOf });

describe('R03: weekly distance jump, week to date', () => {
  it.each([
    ['fires: 15 > 1.3 * 10, +5', 10, [15], '2026-09-15'],
    ['previous week just under 10 km', 9.999, [15], null],
    ['increase just under 5 km', 10, [14.999], null],
    ['exactly 1.3 times', 20, [26], null],
    ['just above 1.3 times', 20, [26.001], '2026-09-15'],
    ['crossed by the second run', 20, [10, 16.5], '2026-09-17'],
  ])('%s', (_name, previousKm, currentKm, expectedDate) => {
    const current = currentKm.map((km, i) => ({ date: i === 0 ? '2026-09-15' : '2026-09-17', km }));
    const findings = findingsOf('R03', { load: twoWeeks(previousKm, current) });
    expect(findings.map((f) => f.date)).toEqual(expectedDate ? [expectedDate] : []);
    if (expectedDate) expect(findings[0].anchor).toEqual({ kind: 'week', id: W2, date: W2 });
  });

  it('judges the running week as soon as the threshold is crossed', () => {
    const load = twoWeeks(10, [{ date: '2026-09-15', km: 16 }], '2026-09-16');
    expect(load.weeks[1].complete).toBe(false);
    expect(findingsOf('R03', { load }).map((f) => f.date)).toEqual(['2026-09-15']);
  });

  it('does not fire in the first week of history (no previous week)', () => {
    const load = buildLoadReport([{ date: '2026-09-15', km: 30 }]);
    expect(findingsOf('R03', { load })).toEqual([]);
  });
});

describe('R04: completed week ramp between 10 and 30 %', () => {
  it.each([
    ['ramp exactly 10 %', 50, 55, false],
    ['ramp just above 10 %', 50, 55.5, true],
    ['ramp exactly 30 %', 20, 26, true],
    ['ramp just above 30 % (R03 speaks)', 20, 26.1, false],
    ['previous week under 10 km', 9, 11, false],
    ['previous week exactly 10 km but only +2.5 km', 10, 12.5, false],
    ['increase just under 5 km', 40, 44.9, false],
    ['increase exactly 5 km', 40, 45, true],
  ])('%s', (_name, previousKm, currentKm, fires) => {
    const load = twoWeeks(previousKm, [{ date: '2026-09-15', km: currentKm }], '2026-09-20');
    expect(keysOf(findingsOf('R04', { load }))).toEqual(fires ? [`R04@${W2}`] : []);
  });

  it('waits for the week to end', () => {
    const load = twoWeeks(50, [{ date: '2026-09-15', km: 60 }], '2026-09-19');
    expect(findingsOf('R04', { load })).toEqual([]);
    expect(
      findingsOf('R04', { load: twoWeeks(50, [{ date: '2026-09-15', km: 60 }], '2026-09-20') }),
    ).toHaveLength(1);
  });
});

describe('R05: EWMA ratio, one finding per week', () => {
  const withRatios = (ratios: (number | null)[]) =>
    loadReport({
      weeks: [weekMetrics({ weekStart: W1 })],
      days: ratios.map((acwrEwma, i) =>
        dayLoad({ date: `2026-09-${String(7 + i).padStart(2, '0')}`, acwrEwma }),
      ),
    });

  it.each([
    [[null, null], 0],
    [[1.4999, 1.2], 0],
    [[1.5], 1],
    [[1.2, 1.6, 1.8, 1.5], 1],
  ])('ratios %p give %d finding(s)', (ratios, count) => {
    expect(findingsOf('R05', { load: withRatios(ratios) })).toHaveLength(count);
  });

  it('reports the first day and the highest ratio, as info', () => {
    const [finding] = findingsOf('R05', { load: withRatios([1.2, 1.6, 1.8]) });
    expect(finding.severity).toBe('info');
    expect(finding.evidence).toMatchObject({ firstDate: '2026-09-08', maxAcwrEwma: 1.8, days: 2 });
  });

  it('ignores days after the evaluation date', () => {
    expect(findingsOf('R05', { load: withRatios([1.2, 1.6]), evaluationDate: '2026-09-07' })).toEqual([]);
  });
});

describe('R06: monotony', () => {
  const week = (monotony: number | null, distanceM: number, base: number | null, complete = true) =>
    loadReport({
      weeks: [weekMetrics({ weekStart: W1, monotony, base, distanceM, runs: 1, complete })],
      runs: [runMetrics({ activityId: 'r', localDate: '2026-09-08', distanceM })],
      historyStart: '2026-08-31',
      asOf: complete ? '2026-09-13' : '2026-09-10',
    });

  it.each([
    ['monotony exactly 2', week(2.0, 30_000, 20_000), 0],
    ['monotony just above 2', week(2.01, 30_000, 20_000), 1],
    ['distance exactly the base', week(3, 20_000, 20_000), 1],
    ['distance under the base', week(3, 19_999, 20_000), 0],
    ['base null', week(3, 30_000, null), 0],
    ['monotony null', week(null, 30_000, 20_000), 0],
    ['week not complete', week(3, 30_000, 20_000, false), 0],
  ])('%s', (_name, load, count) => {
    expect(findingsOf('R06', { load })).toHaveLength(count);
  });
});

/** Speed-work weeks: history from W1; `runs` in W3 with their fast km. */
const speedWeeks = (current: RunSpec[], prior: RunSpec[] = [], asOf = '2026-09-27') =>
  buildLoadReport([{ date: '2026-09-08', km: 10, fastKm: 0 }, ...prior, ...current], { asOf });

describe('R07: speed-work share above 10 %', () => {
  it.each([
    ['share exactly 10 %', [{ date: '2026-09-22', km: 20, fastKm: 2 }], false],
    ['share just above 10 %', [{ date: '2026-09-22', km: 20, fastKm: 2.01 }], true],
    [
      'coverage exactly 0.5',
      [
        { date: '2026-09-22', km: 10, fastKm: 2 },
        { date: '2026-09-24', km: 10, fastKm: null },
      ],
      true,
    ],
    [
      'coverage just under 0.5',
      [
        { date: '2026-09-22', km: 9.99, fastKm: 2 },
        { date: '2026-09-24', km: 10.01, fastKm: null },
      ],
      false,
    ],
    ['week exactly 10 km', [{ date: '2026-09-22', km: 10, fastKm: 2 }], true],
    ['week just under 10 km', [{ date: '2026-09-22', km: 9.99, fastKm: 2 }], false],
  ])('%s', (_name, current, fires) => {
    expect(keysOf(findingsOf('R07', { load: speedWeeks(current) }))).toEqual(fires ? [`R07@${W3}`] : []);
  });

  it('is dated on the first day from which the week-to-date share held to the week end', () => {
    const current = [
      { date: '2026-09-22', km: 10, fastKm: 3 }, // Tue: 30 %
      { date: '2026-09-24', km: 20, fastKm: 0 }, // Thu: 10 %, no longer holds
      { date: '2026-09-26', km: 5, fastKm: 2 }, // Sat: 5/35 = 14 %, holds again
    ];
    const [finding] = findingsOf('R07', { load: speedWeeks(current) });
    expect(finding).toMatchObject({ date: '2026-09-26', severity: 'info' });
    expect(finding.message).toContain('Fast running was 14 % of this week');
  });

  it('judges completed weeks only', () => {
    expect(
      findingsOf('R07', { load: speedWeeks([{ date: '2026-09-22', km: 20, fastKm: 5 }], [], '2026-09-26') }),
    ).toEqual([]);
  });
});

describe('R08: hard running rose sharply', () => {
  const prior = (fastKm: number | null, km = 20): RunSpec[] => [{ date: '2026-09-15', km, fastKm }];

  it.each([
    ['share exactly 20 %, no rise', [{ date: '2026-09-22', km: 20, fastKm: 4 }], prior(6), false],
    ['share just above 20 %', [{ date: '2026-09-22', km: 20, fastKm: 4.01 }], prior(5), true],
    // W1 has F = 0, W2 F = 2: mean 1; F = 3 > 1.5 and share 15 %.
    ['rising branch fires', [{ date: '2026-09-22', km: 20, fastKm: 3 }], prior(2), true],
    // mean (0 + 4) / 2 = 2; F = 3 is exactly 1.5 times.
    ['rising branch at exactly 1.5 times', [{ date: '2026-09-22', km: 20, fastKm: 3 }], prior(4), false],
    ['rising branch needs share above 10 %', [{ date: '2026-09-22', km: 30, fastKm: 3 }], prior(0), false],
    [
      'a prior week with low coverage blocks the rising branch',
      [{ date: '2026-09-22', km: 20, fastKm: 3 }],
      prior(null),
      false,
    ],
  ])('%s', (_name, current, priorRuns, fires) => {
    const findings = findingsOf('R08', { load: speedWeeks(current, priorRuns) });
    expect(keysOf(findings.filter((f) => f.anchor.id === W3))).toEqual(fires ? [`R08@${W3}`] : []);
  });

  it('counts a prior week without runs as F = 0', () => {
    // W1: F 0, W2: no runs (F 0): mean 0; F = 3 > 0 and share 15 %.
    expect(findingsOf('R08', { load: speedWeeks([{ date: '2026-09-22', km: 20, fastKm: 3 }]) })).toHaveLength(
      1,
    );
  });

  it('cannot take the rising branch without a prior week inside history', () => {
    const load = buildLoadReport([{ date: '2026-09-22', km: 20, fastKm: 3 }], { asOf: '2026-09-27' });
    expect(findingsOf('R08', { load })).toEqual([]);
    const high = buildLoadReport([{ date: '2026-09-22', km: 20, fastKm: 5 }], { asOf: '2026-09-27' });
    expect(keysOf(findingsOf('R08', { load: high }))).toEqual([`R08@${W3}`]);
  });

  it('fires alongside R07 when both hold, as a caution', () => {
    const findings = findingsOf(['R07', 'R08'], {
      load: speedWeeks([{ date: '2026-09-22', km: 20, fastKm: 5 }], prior(2)),
    });
    expect(findings.map((f) => [f.rule, f.severity, f.date])).toEqual([
      ['R08', 'caution', '2026-09-22'],
      ['R07', 'info', '2026-09-22'],
    ]);
  });
});

describe('R19: return after a break', () => {
  const runs = (gapDays: number, km: number, longestKm = 20): RunSpec[] => {
    const last = new Date(Date.parse('2026-09-10') + gapDays * 86_400_000).toISOString().slice(0, 10);
    return [
      { date: '2026-08-12', km: 30 }, // 29 days before the previous run: inside its 30 days
      { date: '2026-08-20', km: longestKm },
      { date: '2026-09-10', km: 6 },
      { date: last, km },
    ];
  };

  it.each([
    ['14 days, just over half', 14, 15.01, true],
    ['13 days', 13, 20, false],
    ['14 days, exactly half', 14, 15, false],
    ['30 days, well over half', 30, 25, true],
  ])('%s', (_name, gap, km, fires) => {
    expect(findingsOf('R19', { load: buildLoadReport(runs(gap, km)) })).toHaveLength(fires ? 1 : 0);
  });

  it('looks at the 30 days (720 h) that end with the previous run, that run included', () => {
    const load = buildLoadReport([
      { date: '2026-08-11', km: 40 }, // 30 days before 09-10: the window starts at that very instant
      { date: '2026-08-10', km: 50 }, // 31 days before: outside
      { date: '2026-09-10', km: 8 },
      { date: '2026-09-24', km: 20.5 },
    ]);
    const [finding] = findingsOf('R19', { load });
    expect(finding.evidence).toMatchObject({ gapDays: 14, longestBeforeBreakM: 40_000 });
    expect(
      findingsOf('R19', {
        load: buildLoadReport([
          { date: '2026-09-10', km: 8 },
          { date: '2026-09-24', km: 4.1 },
        ]),
      }),
    ).toHaveLength(1);
  });

  it('does not fire for the first run ever', () => {
    expect(findingsOf('R19', { load: buildLoadReport([{ date: '2026-09-10', km: 30 }]) })).toEqual([]);
  });
});
