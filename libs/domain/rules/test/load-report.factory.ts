import type { DayLoad, LoadReport, RunMetrics, WeekMetrics } from '@loadwatch/domain/training-load';
import { addDays, weekStartOf } from '../src/lib/local-date';

/** Hand-built LoadReport pieces for unit tests: every field set, overridable. */

export function runMetrics(
  overrides: Partial<RunMetrics> & { activityId: string; localDate: string },
): RunMetrics {
  const startMs = Date.parse(`${overrides.localDate}T07:00:00Z`);
  return {
    startMs,
    utcOffsetS: 0,
    localStart: `${overrides.localDate}T07:00:00`,
    weekStart: weekStartOf(overrides.localDate, 'monday'),
    distanceM: 10_000,
    movingTimeS: 3000,
    spike: null,
    spikeReferenceM: null,
    spikeWindowRuns: 0,
    fastM: 0,
    descentM: null,
    avgCadenceSpm: null,
    ...overrides,
  };
}

export function weekMetrics(overrides: Partial<WeekMetrics> & { weekStart: string }): WeekMetrics {
  return {
    weekEnd: addDays(overrides.weekStart, 6),
    complete: true,
    runs: 0,
    distanceM: 0,
    ramp: null,
    base: null,
    ramp4: null,
    longestM: null,
    fastM: 0,
    coveredM: 0,
    speedShare: null,
    coverage: null,
    lowCoverage: false,
    speedMethod: 'setting',
    thresholdSpeedMps: 4.1667,
    v3Mps: null,
    v12Mps: null,
    monotony: null,
    strain: null,
    descentM: null,
    descentRamp4: null,
    cadenceSpm: null,
    acwrCoupled: null,
    acwrUncoupled: null,
    acwrEwma: null,
    maxAcwrEwma: null,
    walkingDistanceM: 0,
    crossTrainingTimeS: 0,
    ...overrides,
  };
}

export function dayLoad(overrides: Partial<DayLoad> & { date: string }): DayLoad {
  return {
    loadM: 0,
    acuteM: 0,
    chronicCoupledM: 0,
    chronicUncoupledM: 0,
    ewmaAcuteM: 0,
    ewmaChronicM: 0,
    acwrCoupled: null,
    acwrUncoupled: null,
    acwrEwma: null,
    ...overrides,
  };
}

export function loadReport(overrides: Partial<LoadReport> = {}): LoadReport {
  const weeks = overrides.weeks ?? [];
  return {
    settings: { timeZone: 'UTC', weekStart: 'monday', thresholdSpeedMps: 4.1667 },
    historyStart: weeks[0]?.weekStart ?? null,
    asOf: weeks.length ? weeks[weeks.length - 1].weekEnd : null,
    weeks,
    runs: [],
    days: [],
    ...overrides,
  };
}
