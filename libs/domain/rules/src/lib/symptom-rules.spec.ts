import { findingsOf, keysOf } from '../../test/evaluate.helper';
import { loadReport, runMetrics, weekMetrics } from '../../test/load-report.factory';
import { profileVersion, symptomLog } from '../../test/rules-input.factory';
import { addDays } from './local-date';
import type { SymptomLog } from './symptom-log';

/** One R01 spike event on Sunday 2026-09-13; the report runs to `asOf`. */
const SPIKE_DATE = '2026-09-13';
const withSpike = (asOf = '2026-12-31') =>
  loadReport({
    historyStart: '2026-09-07',
    asOf,
    weeks: [weekMetrics({ weekStart: '2026-09-07', runs: 1, distanceM: 15_000 })],
    runs: [
      runMetrics({
        activityId: 'spike-run',
        localDate: SPIKE_DATE,
        distanceM: 15_000,
        spike: 1.5,
        spikeWindowRuns: 3,
      }),
    ],
  });
const noSpike = loadReport({ historyStart: '2026-09-07', asOf: '2026-12-31' });
const after = (days: number) => addDays(SPIKE_DATE, days);

describe('R09 and R10: back pain after a spike event', () => {
  it.each([
    ['the day of the spike, severity 2', 0, 2, 'R09', 'likely'],
    ['14 days after', 14, 3, 'R09', 'likely'],
    ['15 days after', 15, 1, 'R09', 'possibly'],
    ['28 days after', 28, 3, 'R09', 'possibly'],
    ['29 days after', 29, 3, null, null],
    ['the day before the spike', -1, 3, null, null],
    ['severity 0 is not back pain', 3, 0, null, null],
    ['severity 4', 3, 4, 'R10', 'likely'],
    ['severity 4, 20 days after', 20, 4, 'R10', 'possibly'],
    ['severity 10, 29 days after', 29, 10, null, null],
  ])('%s', (_name, days, severity, rule, relation) => {
    const log = symptomLog({ date: after(days), severity });
    const findings = findingsOf(['R09', 'R10'], { load: withSpike(), logs: [log] });
    expect(findings.map((f) => [f.rule, f.relation ?? null])).toEqual(rule ? [[rule, relation]] : []);
    if (rule) {
      expect(findings[0]).toMatchObject({ anchor: { kind: 'symptom', id: log.id }, date: log.date });
      expect(findings[0].evidence).toMatchObject({
        spikeDate: SPIKE_DATE,
        daysAfterSpike: days,
        activityIds: ['spike-run'],
      });
    }
  });

  it.each([
    ['sacrum_buttock counts as back pain', 'sacrum_buttock', ['R09']],
    ['hip does not', 'hip', []],
    ['leg does not', 'leg', []],
  ] as const)('%s', (_name, region, rules) => {
    const findings = findingsOf(['R09', 'R10'], {
      load: withSpike(),
      logs: [symptomLog({ date: after(2), region })],
    });
    expect(findings.map((f) => f.rule)).toEqual(rules);
  });

  it('escalates to R10 on the third day with back pain counted from the spike event', () => {
    const logs = [1, 2, 4, 5].map((days) => symptomLog({ date: after(days), severity: 2 }));
    const findings = findingsOf(['R09', 'R10'], { load: withSpike(), logs });
    expect(findings.map((f) => `${f.rule}@${f.anchor.date}`).sort()).toEqual([
      `R09@${after(1)}`,
      `R09@${after(2)}`,
      `R10@${after(4)}`,
      `R10@${after(5)}`,
    ]);
    expect(findings.find((f) => f.anchor.date === after(4))?.evidence).toMatchObject({
      backPainDay: 3,
      countedFrom: SPIKE_DATE,
    });
  });

  it('counts one day for several logs on one date, and no days before the spike', () => {
    const logs = [
      symptomLog({ date: after(-2), severity: 2 }),
      symptomLog({ date: after(1), severity: 2 }),
      symptomLog({ date: after(1), region: 'sacrum_buttock', severity: 2 }),
      symptomLog({ date: after(2), severity: 2 }),
    ];
    expect(findingsOf(['R09', 'R10'], { load: withSpike(), logs }).map((f) => f.rule)).toEqual([
      'R09',
      'R09',
      'R09',
    ]);
  });

  it('names the latest spike event before the log', () => {
    const load = loadReport({
      ...withSpike(),
      runs: [
        runMetrics({ activityId: 'a', localDate: SPIKE_DATE, spike: 1.5 }),
        runMetrics({ activityId: 'b', localDate: after(10), spike: 2.5 }),
      ],
    });
    const [finding] = findingsOf('R09', { load, logs: [symptomLog({ date: after(12) })] });
    expect(finding.evidence).toMatchObject({
      spikeDate: after(10),
      daysAfterSpike: 2,
      spikeRules: ['R02'],
      activityIds: ['b'],
    });
  });

  it('needs a spike event', () => {
    expect(
      findingsOf(['R09', 'R10'], { load: noSpike, logs: [symptomLog({ date: '2026-10-01', severity: 8 })] }),
    ).toEqual([]);
  });
});

describe('R11: bone-type pain', () => {
  const factorProfile = profileVersion({ date: '2026-01-01', vitaminD: { value: 15, unit: 'ng/mL' } });
  const bonePain = (overrides: Partial<SymptomLog> = {}) =>
    symptomLog({ date: '2026-10-01', region: 'hip', severity: 3, aggravators: ['night_pain'], ...overrides });

  it.each([
    ['hip, night pain, a BSI factor', noSpike, [bonePain()], [factorProfile], 1],
    [
      'sacrum, weight bearing, a BSI factor',
      noSpike,
      [bonePain({ region: 'sacrum_buttock', aggravators: ['weight_bearing'] })],
      [factorProfile],
      1,
    ],
    ['no factor and no spike', noSpike, [bonePain()], [], 0],
    [
      'a profile without factors',
      noSpike,
      [bonePain()],
      [profileVersion({ date: '2026-01-01', bmdZ: 0 })],
      0,
    ],
    [
      'a factor only from a later profile version',
      noSpike,
      [bonePain()],
      [{ ...factorProfile, date: '2026-10-02' }],
      0,
    ],
    ['leg region', noSpike, [bonePain({ region: 'leg' })], [factorProfile], 0],
    ['severity 0', noSpike, [bonePain({ severity: 0 })], [factorProfile], 0],
    [
      'other aggravators only',
      noSpike,
      [bonePain({ aggravators: ['sitting', 'downhill'] })],
      [factorProfile],
      0,
    ],
    ['a spike event 42 days before', withSpike(), [bonePain({ date: after(42) })], [], 1],
    ['a spike event 43 days before', withSpike(), [bonePain({ date: after(43) })], [], 0],
    ['a spike event the same day', withSpike(), [bonePain({ date: SPIKE_DATE })], [], 1],
  ])('%s', (_name, load, logs, profileVersions, count) => {
    const findings = findingsOf('R11', { load, logs, profileVersions });
    expect(findings).toHaveLength(count);
    if (count)
      expect(findings[0]).toMatchObject({ severity: 'warning', anchor: { kind: 'symptom', id: logs[0].id } });
  });

  it('names the factors and the spike in its evidence', () => {
    const [finding] = findingsOf('R11', {
      load: withSpike(),
      logs: [bonePain({ date: after(5) })],
      profileVersions: [factorProfile],
    });
    expect(finding.evidence).toMatchObject({
      factors: ['low_vitamin_d'],
      spikeDate: SPIKE_DATE,
      daysAfterSpike: 5,
    });
    expect(finding.message).toContain('Stop running and see a clinician soon.');
  });
});

describe('R12, R13, R14: red flags', () => {
  it.each([
    ['saddle_numbness', 'R12', 'urgent'],
    ['bladder_or_bowel_change', 'R12', 'urgent'],
    ['sexual_dysfunction', 'R12', 'urgent'],
    ['both_legs_numb_or_weak', 'R12', 'urgent'],
    ['leg_numbness_one_side', 'R13', 'warning'],
    ['leg_weakness_one_side', 'R13', 'warning'],
  ] as const)('%s gives %s (%s), in any region and at any severity', (flag, rule, severity) => {
    const log = symptomLog({ date: '2026-10-01', region: 'leg', severity: 0, neurological: [flag] });
    const findings = findingsOf(['R12', 'R13', 'R14'], { load: noSpike, logs: [log] });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([[rule, severity]]);
  });

  it('R12 says "Seek emergency care now."', () => {
    const log = symptomLog({ date: '2026-10-01', neurological: ['saddle_numbness'] });
    expect(findingsOf('R12', { load: noSpike, logs: [log] })[0].message).toMatch(
      /Seek emergency care now\.$/,
    );
  });

  it('R13 is urgent when also progressive; progressive alone is nothing', () => {
    const progressive = symptomLog({
      date: '2026-10-01',
      neurological: ['leg_weakness_one_side', 'progressive'],
    });
    expect(findingsOf('R13', { load: noSpike, logs: [progressive] }).map((f) => f.severity)).toEqual([
      'urgent',
    ]);
    const alone = symptomLog({ date: '2026-10-01', neurological: ['progressive'] });
    expect(findingsOf(['R12', 'R13'], { load: noSpike, logs: [alone] })).toEqual([]);
  });

  it.each([
    ['fever with low back pain', { systemic: ['fever'] }, 1],
    ['recent trauma with sacrum pain', { region: 'sacrum_buttock', systemic: ['recent_trauma'] }, 1],
    ['cancer history with hip pain (not back pain)', { region: 'hip', systemic: ['cancer_history'] }, 0],
    ['weight loss with severity 0', { severity: 0, systemic: ['unexplained_weight_loss'] }, 0],
    ['back pain without systemic signs', {}, 0],
  ] as const)('R14: %s', (_name, overrides, count) => {
    const log = symptomLog({ date: '2026-10-01', severity: 3, ...overrides });
    expect(findingsOf('R14', { load: noSpike, logs: [log] })).toHaveLength(count);
  });
});

describe('R15: severe, disabling or long-lasting pain', () => {
  it.each([
    ['severity 7, any region', [symptomLog({ date: '2026-10-01', region: 'leg', severity: 7 })], 1],
    ['severity 6', [symptomLog({ date: '2026-10-01', severity: 6 })], 0],
    ['cannot walk normally', [symptomLog({ date: '2026-10-01', severity: 1, canWalkNormally: false })], 1],
    ['walking not stated', [symptomLog({ date: '2026-10-01', severity: 1, canWalkNormally: null })], 0],
  ])('%s', (_name, logs, count) => {
    expect(findingsOf('R15', { load: noSpike, logs })).toHaveLength(count);
  });

  /** Back-pain logs every 14 days from 2026-08-01 through `lastOffset` days. */
  const episode = (lastOffset: number) => {
    const offsets = [0, 14, 28, 36, lastOffset];
    return offsets.map((days) => symptomLog({ date: addDays('2026-08-01', days), severity: 2 }));
  };

  it.each([
    [42, 0],
    [43, 1],
  ])('an episode spanning %d days gives %d finding(s), anchored at its first log', (span, count) => {
    const findings = findingsOf('R15', { load: noSpike, logs: episode(span) });
    expect(findings).toHaveLength(count);
    if (count)
      expect(findings[0]).toMatchObject({
        anchor: { id: '2026-08-01-low_back' },
        evidence: { episodeSpanDays: span },
      });
  });

  it('gives one finding with every reason when the first log is also severe', () => {
    const logs = episode(50);
    logs[0] = { ...logs[0], severity: 8 };
    const findings = findingsOf('R15', { load: noSpike, logs });
    expect(findings).toHaveLength(1);
    expect(findings[0].evidence['reasons']).toEqual(['severity', 'long_episode']);
  });
});

describe('R16: lasting back pain', () => {
  const logs = (entries: [number, number][]) =>
    entries.map(([days, severity]) => symptomLog({ date: addDays('2026-10-01', days), severity }));

  it.each([
    [
      '2 days, 7 days apart, same severity',
      [
        [0, 3],
        [7, 3],
      ],
      1,
    ],
    [
      '2 days, 6 days apart',
      [
        [0, 3],
        [6, 3],
      ],
      0,
    ],
    [
      'the latest higher',
      [
        [0, 2],
        [3, 1],
        [8, 4],
      ],
      1,
    ],
    [
      'the latest lower than the first',
      [
        [0, 4],
        [8, 3],
      ],
      0,
    ],
    ['a single day', [[0, 5]], 0],
    [
      '15 days apart: two episodes',
      [
        [0, 3],
        [15, 3],
      ],
      0,
    ],
    [
      '14 days apart: one episode',
      [
        [0, 3],
        [14, 3],
      ],
      1,
    ],
  ] as [string, [number, number][], number][])('%s', (_name, entries, count) => {
    const findings = findingsOf('R16', { load: noSpike, logs: logs(entries) });
    expect(findings).toHaveLength(count);
    if (count)
      expect(findings[0].anchor).toEqual({ kind: 'symptom', id: '2026-10-01-low_back', date: '2026-10-01' });
  });

  it('judges the episode as it stands on the evaluation date', () => {
    const entries = logs([
      [0, 3],
      [8, 3],
    ]);
    expect(findingsOf('R16', { load: noSpike, logs: entries, evaluationDate: '2026-10-08' })).toHaveLength(0);
    expect(findingsOf('R16', { load: noSpike, logs: entries, evaluationDate: '2026-10-09' })).toHaveLength(1);
  });

  it('takes the highest log of a day as its severity', () => {
    const entries = [
      symptomLog({ date: '2026-10-01', severity: 2 }),
      symptomLog({ date: '2026-10-01', region: 'sacrum_buttock', severity: 5 }),
      symptomLog({ date: '2026-10-09', severity: 4 }),
    ];
    expect(keysOf(findingsOf('R16', { load: noSpike, logs: entries }))).toEqual([]);
  });
});
