import { findingsOf, keysOf } from '../../test/evaluate.helper';
import { buildLoadReport } from '../../test/load-report.builder';
import { loadReport, runMetrics, weekMetrics } from '../../test/load-report.factory';
import { profileVersion, symptomLog } from '../../test/rules-input.factory';
import { addDays } from './local-date';
import type { ReturnToRun } from './return-to-run';

describe('R20: return-to-run mode', () => {
  // Starts Wednesday 2026-09-16: plan week 1 is 09-14..09-20 (from the start date), week 2 09-21..09-27.
  const mode: ReturnToRun = { startDate: '2026-09-16', weeklyPlanM: [10_000, 12_000] };
  const load = (runs: [string, number][]) =>
    buildLoadReport(
      runs.map(([date, km]) => ({ date, km })),
      { asOf: '2026-10-04', historyStart: '2026-09-07' },
    );

  it.each([
    ['exactly 10 % over the plan', [['2026-09-17', 11]], []],
    [
      'just over 10 % over the plan',
      [
        ['2026-09-17', 5],
        ['2026-09-19', 6.01],
      ],
      ['R20@2026-09-14'],
    ],
    [
      'runs before the start date do not count',
      [
        ['2026-09-14', 8],
        ['2026-09-17', 11],
      ],
      [],
    ],
    ['second plan week', [['2026-09-22', 13.5]], ['R20@2026-09-21']],
    ['after the plan ends', [['2026-09-29', 40]], []],
  ] as [string, [string, number][], string[]][])('%s', (_name, runs, expected) => {
    expect(keysOf(findingsOf('R20', { load: load(runs), returnToRun: mode }))).toEqual(expected);
  });

  it('reports the day the plan was exceeded', () => {
    const [finding] = findingsOf('R20', {
      load: load([
        ['2026-09-17', 5],
        ['2026-09-19', 7],
      ]),
      returnToRun: mode,
    });
    expect(finding.evidence).toMatchObject({
      planWeek: 1,
      plannedM: 10_000,
      limitM: 11_000,
      weekM: 12_000,
      exceededOn: '2026-09-19',
    });
    expect(finding.message).toContain('Hold or step back one stage.');
  });

  const pain = (
    date: string,
    severity: number,
    when: 'during_run' | 'after_run' | 'next_morning' | 'at_rest' = 'after_run',
  ) => symptomLog({ date, severity, when });

  it.each([
    [
      'more severe than the previous one',
      [pain('2026-09-17', 2), pain('2026-09-19', 3, 'next_morning')],
      ['R20@2026-09-19-low_back'],
    ],
    ['as severe as the previous one', [pain('2026-09-17', 3), pain('2026-09-19', 3)], []],
    ['less severe', [pain('2026-09-17', 3), pain('2026-09-19', 2, 'during_run')], []],
    ['at rest does not count', [pain('2026-09-17', 2), pain('2026-09-19', 5, 'at_rest')], []],
    ['the previous one before the start date', [pain('2026-09-15', 1), pain('2026-09-17', 4)], []],
    ['after the plan ends', [pain('2026-09-26', 1), pain('2026-09-28', 4)], []],
  ])('a back-pain log %s', (_name, logs, expected) => {
    expect(keysOf(findingsOf('R20', { load: load([]), logs, returnToRun: mode }))).toEqual(expected);
  });

  it('needs the mode', () => {
    expect(findingsOf('R20', { load: load([['2026-09-17', 40]]) })).toEqual([]);
  });
});

/** Spike events: R01 on Tue 2026-09-15 and R02 on Sat 2026-09-19 (week 2026-09-14). */
const spikes = loadReport({
  historyStart: '2026-08-31',
  asOf: '2026-10-31',
  weeks: [
    weekMetrics({ weekStart: '2026-08-31' }),
    weekMetrics({ weekStart: '2026-09-07' }),
    weekMetrics({ weekStart: '2026-09-14' }),
  ],
  runs: [
    runMetrics({ activityId: 'tue', localDate: '2026-09-15', spike: 1.4 }),
    runMetrics({ activityId: 'sat', localDate: '2026-09-19', spike: 2.4 }),
  ],
});

describe('R21: a spike event with bone-stress factors', () => {
  it.each([
    ['one BSI factor', profileVersion({ date: '2026-09-01', malabsorption: ['ibd'] }), 'caution'],
    ['score 2 (two prior BSIs)', profileVersion({ date: '2026-09-01', priorBsi: { count: 2 } }), 'caution'],
    [
      'score 6',
      profileVersion({
        date: '2026-09-01',
        disorderedEating: 'current_diagnosed',
        bmdZ: -2.5,
        menses12mo: 2,
      }),
      'warning',
    ],
    ['no factor, score 0', profileVersion({ date: '2026-09-01', bmdZ: 0, menses12mo: 12 }), null],
    [
      'a profile dated after the spikes',
      profileVersion({ date: '2026-09-20', malabsorption: ['ibd'] }),
      null,
    ],
  ])('%s', (_name, profile, severity) => {
    const findings = findingsOf('R21', { load: spikes, profileVersions: [profile] });
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity) {
      expect(findings[0]).toMatchObject({ anchor: { kind: 'week', id: '2026-09-14' }, date: '2026-09-15' });
      expect(findings[0].evidence).toMatchObject({
        spikeDates: ['2026-09-15', '2026-09-19'],
        spikeRules: ['R01', 'R02'],
      });
    }
  });

  it('takes the earliest qualifying spike event of the week when the profile changes mid-week', () => {
    const profile = profileVersion({ date: '2026-09-17', malabsorption: ['coeliac'] });
    const [finding] = findingsOf('R21', { load: spikes, profileVersions: [profile] });
    expect(finding.date).toBe('2026-09-19');
    expect(finding.evidence.activityIds).toEqual(['sat']);
  });
});

describe('R22: a spike event while in pain', () => {
  const firstSpike = '2026-09-15';
  it.each([
    ['pain 1 day before', -1, 3, 'caution'],
    ['pain 14 days before', -14, 3, 'caution'],
    ['pain 15 days before', -15, 3, null],
    ['pain on the day of the spike', 0, 3, null],
    ['pain of severity 4', -3, 4, 'warning'],
    ['pain of severity 0', -3, 0, null],
  ] as const)('%s', (_name, days, severity, expected) => {
    const logs = [symptomLog({ date: addDays(firstSpike, days), severity })];
    // Only the Tuesday spike: drop the Saturday one, whose 14 days would also see this pain.
    const load = { ...spikes, runs: spikes.runs.slice(0, 1) };
    const findings = findingsOf('R22', { load, logs });
    expect(findings.map((f) => f.severity)).toEqual(expected ? [expected] : []);
    if (expected) expect(findings[0]).toMatchObject({ anchor: { id: '2026-09-14' }, date: firstSpike });
  });

  it('gives one finding per week, dated as the earliest qualifying spike event', () => {
    // Pain on 09-16: after the Tuesday spike, 3 days before the Saturday one.
    const findings = findingsOf('R22', {
      load: spikes,
      logs: [symptomLog({ date: '2026-09-16', severity: 5 })],
    });
    expect(findings.map((f) => [f.anchor.id, f.date, f.severity])).toEqual([
      ['2026-09-14', '2026-09-19', 'warning'],
    ]);
  });
});
