import type { DayLoad, LoadReport, RunMetrics, WeekMetrics } from '@loadwatch/domain/training-load';
import type { Severity } from '../src/lib/finding';
import { addDays } from '../src/lib/local-date';
import type { RiskProfileVersion } from '../src/lib/risk-profile';
import type { RuleId } from '../src/lib/rule-catalogue';
import type { SymptomLog } from '../src/lib/symptom-log';
import { dayLoad, runMetrics, weekMetrics } from './load-report.factory';

/**
 * spec/metrics.md section 9 and spec/rules.md section 4, built by hand from the tables: Europe/London,
 * runs at 07:00 local (06:00 UTC in summer time, 07:00 UTC after 2026-10-25), threshold 4:00/km.
 */

const BST_MS = 3_600_000;
const run = (
  date: string,
  km: number,
  spike: number | null,
  referenceKm: number | null,
  windowRuns: number,
  fastKm = 0,
) => {
  const offsetS = date > '2026-10-25' ? 0 : 3600;
  return runMetrics({
    activityId: `run-${date}`,
    localDate: date,
    startMs: Date.parse(`${date}T07:00:00Z`) - (offsetS ? BST_MS : 0),
    utcOffsetS: offsetS,
    distanceM: km * 1000,
    spike,
    spikeReferenceM: referenceKm === null ? null : referenceKm * 1000,
    spikeWindowRuns: windowRuns,
    fastM: fastKm * 1000,
  });
};

export const WORKED_EXAMPLE_RUNS: RunMetrics[] = [
  run('2026-09-29', 8, null, null, 0),
  run('2026-10-01', 10, null, 8, 1),
  run('2026-10-04', 12, null, 10, 2),
  run('2026-10-06', 8, 8 / 12, 12, 3),
  run('2026-10-08', 10, 10 / 12, 12, 4),
  run('2026-10-11', 14, 14 / 12, 12, 5),
  run('2026-10-13', 10, 10 / 14, 14, 6),
  run('2026-10-15', 12, 12 / 14, 14, 7, 3),
  run('2026-10-18', 20, 20 / 14, 14, 8),
  run('2026-10-31', 10, 10 / 20, 20, 7),
];

/** Foster monotony of a week's seven daily loads (spec/metrics.md section 7). */
function monotonyOf(dailyKm: number[]): number | null {
  if (dailyKm.every((km) => km === 0)) return null;
  const mean = dailyKm.reduce((a, b) => a + b, 0) / 7;
  const sd = Math.sqrt(dailyKm.reduce((a, b) => a + (b - mean) ** 2, 0) / 7);
  return sd === 0 ? 10 : Math.min(mean / sd, 10);
}

const week = (weekStart: string, overrides: Partial<WeekMetrics>, dailyKm: number[]): WeekMetrics =>
  weekMetrics({ weekStart, monotony: monotonyOf(dailyKm), ...overrides });

export const WORKED_EXAMPLE_WEEKS: WeekMetrics[] = [
  week(
    '2026-09-28',
    { runs: 3, distanceM: 30000, longestM: 12000, fastM: 0, coveredM: 30000, speedShare: 0, coverage: 1 },
    [0, 8, 0, 10, 0, 0, 12],
  ),
  week(
    '2026-10-05',
    {
      runs: 3,
      distanceM: 32000,
      ramp: 2 / 30,
      base: 30000,
      ramp4: 2 / 30,
      longestM: 14000,
      fastM: 0,
      coveredM: 32000,
      speedShare: 0,
      coverage: 1,
    },
    [0, 8, 0, 10, 0, 0, 14],
  ),
  week(
    '2026-10-12',
    {
      runs: 3,
      distanceM: 42000,
      ramp: 0.3125,
      base: 31000,
      ramp4: 11 / 31,
      longestM: 20000,
      fastM: 3000,
      coveredM: 42000,
      speedShare: 3 / 42,
      coverage: 1,
    },
    [0, 10, 0, 12, 0, 0, 20],
  ),
  week('2026-10-19', { runs: 0, distanceM: 0, ramp: -1, base: 104000 / 3, ramp4: -1 }, [0, 0, 0, 0, 0, 0, 0]),
  week(
    '2026-10-26',
    {
      complete: false,
      runs: 1,
      distanceM: 10000,
      base: 26000,
      ramp4: -16 / 26,
      longestM: 10000,
      fastM: 0,
      coveredM: 10000,
      speedShare: 0,
      coverage: 1,
    },
    [0, 0, 0, 0, 0, 10, 0],
  ),
];

/** Daily loads and EWMA ratios (spec/metrics.md section 6): ratios null in the first 28 days of history. */
function workedExampleDays(from: string, to: string): DayLoad[] {
  const days: DayLoad[] = [];
  let acute = 0;
  let chronic = 0;
  for (let date = from, index = 0; date <= to; date = addDays(date, 1), index++) {
    const loadM = WORKED_EXAMPLE_RUNS.filter((r) => r.localDate === date).reduce(
      (a, r) => a + r.distanceM,
      0,
    );
    acute = 0.25 * loadM + 0.75 * acute;
    chronic = (2 / 29) * loadM + (27 / 29) * chronic;
    days.push(
      dayLoad({
        date,
        loadM,
        ewmaAcuteM: acute,
        ewmaChronicM: chronic,
        acwrEwma: index < 28 || chronic === 0 ? null : acute / chronic,
      }),
    );
  }
  return days;
}

export const WORKED_EXAMPLE_REPORT: LoadReport = {
  settings: { timeZone: 'Europe/London', weekStart: 'monday', thresholdSpeedMps: 1000 / 240 },
  historyStart: '2026-09-28',
  asOf: '2026-10-31',
  weeks: WORKED_EXAMPLE_WEEKS,
  runs: WORKED_EXAMPLE_RUNS,
  days: workedExampleDays('2026-09-28', '2026-10-31'),
};

export const WORKED_EXAMPLE_LOG: SymptomLog = {
  id: 'log-2026-10-21',
  date: '2026-10-21',
  region: 'low_back',
  side: 'central',
  severity: 5,
  when: 'next_morning',
  aggravators: [],
  neurological: [],
  systemic: [],
  canWalkNormally: true,
  notes: null,
};

export const WORKED_EXAMPLE_PROFILE: RiskProfileVersion = {
  date: '2026-09-28',
  vitaminD: { value: 18, unit: 'ng/mL', date: '2026-09-28' },
};

/** spec/rules.md section 4: the seven findings, in the library's order (severity, date, rule, anchor). */
export const WORKED_EXAMPLE_FINDINGS: ReadonlyArray<{
  rule: RuleId;
  severity: Severity;
  anchor: string;
  date: string;
}> = [
  { rule: 'R10', severity: 'warning', anchor: 'symptom:log-2026-10-21', date: '2026-10-21' },
  { rule: 'R18', severity: 'caution', anchor: 'profile:2026-09-28', date: '2026-09-28' },
  { rule: 'R01', severity: 'caution', anchor: 'run:run-2026-10-11', date: '2026-10-11' },
  { rule: 'R21', severity: 'caution', anchor: 'week:2026-10-05', date: '2026-10-11' },
  { rule: 'R01', severity: 'caution', anchor: 'run:run-2026-10-18', date: '2026-10-18' },
  { rule: 'R03', severity: 'caution', anchor: 'week:2026-10-12', date: '2026-10-18' },
  { rule: 'R21', severity: 'caution', anchor: 'week:2026-10-12', date: '2026-10-18' },
];
