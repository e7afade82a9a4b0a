import type { DayLoad, LoadReport, RunMetrics, WeekMetrics } from '@loadwatch/domain/training-load';
import { addDays, weekStartOf } from '../src/lib/local-date';

/** A run for `buildLoadReport`: a date, a distance and optionally its fast distance (null: unknown). */
export interface RunSpec {
  id?: string;
  date: string;
  km: number;
  fastKm?: number | null;
  /** Local start time `HH:MM` (UTC, offset 0); default 07:00. */
  time?: string;
}

const HOUR_MS = 3_600_000;

/**
 * A small stand-in for `computeLoad` for rule tests: builds a LoadReport from runs by the definitions of
 * spec/metrics.md sections 2-7 (UTC, Monday weeks, threshold from a setting). Not a reference
 * implementation; it covers what the rules read.
 */
export function buildLoadReport(
  specs: readonly RunSpec[],
  options: { asOf?: string; historyStart?: string } = {},
): LoadReport {
  const sorted = [...specs].sort((a, b) => runStart(a) - runStart(b) || (idOf(a) < idOf(b) ? -1 : 1));
  const lastDate = sorted.length ? sorted[sorted.length - 1].date : null;
  const asOf = options.asOf ?? lastDate;
  const historyStart = options.historyStart ?? (sorted.length ? weekStartOf(sorted[0].date, 'monday') : null);
  const settings = { timeZone: 'UTC', weekStart: 'monday' as const, thresholdSpeedMps: 4.1667 };
  if (historyStart === null || asOf === null) {
    return { settings, historyStart: null, asOf, weeks: [], runs: [], days: [] };
  }
  const kept = sorted.filter((spec) => spec.date <= asOf);

  const runs: RunMetrics[] = kept.map((spec) => {
    const startMs = runStart(spec);
    const window = kept.filter(
      (other) => runStart(other) >= startMs - 720 * HOUR_MS && runStart(other) < startMs,
    );
    const reference = window.length ? Math.max(...window.map((other) => other.km * 1000)) : null;
    return {
      activityId: idOf(spec),
      startMs,
      utcOffsetS: 0,
      localDate: spec.date,
      localStart: `${spec.date}T${spec.time ?? '07:00'}:00`,
      weekStart: weekStartOf(spec.date, 'monday'),
      distanceM: spec.km * 1000,
      movingTimeS: spec.km * 300,
      spike: window.length >= 3 && reference ? (spec.km * 1000) / reference : null,
      spikeReferenceM: reference,
      spikeWindowRuns: window.length,
      fastM: spec.fastKm === undefined ? 0 : spec.fastKm === null ? null : spec.fastKm * 1000,
      descentM: null,
      avgCadenceSpm: null,
    };
  });

  const days: DayLoad[] = [];
  let ewmaAcute = 0;
  let ewmaChronic = 0;
  const loads: number[] = [];
  for (let date = historyStart; date <= asOf; date = addDays(date, 1)) {
    const load = runs
      .filter((run) => run.localDate === date)
      .reduce((total, run) => total + run.distanceM, 0);
    loads.push(load);
    ewmaAcute = 0.25 * load + 0.75 * ewmaAcute;
    ewmaChronic = (2 / 29) * load + (27 / 29) * ewmaChronic;
    const index = loads.length - 1;
    const mean = (from: number, to: number): number => {
      const slice = loads.slice(Math.max(0, index - to), index - from + 1);
      return slice.reduce((a, b) => a + b, 0) / (to - from + 1);
    };
    const early = index < 28;
    const acute = mean(0, 6);
    const coupled = mean(0, 27);
    const uncoupled = mean(7, 27);
    days.push({
      date,
      loadM: load,
      acuteM: acute,
      chronicCoupledM: coupled,
      chronicUncoupledM: uncoupled,
      ewmaAcuteM: ewmaAcute,
      ewmaChronicM: ewmaChronic,
      acwrCoupled: early || coupled === 0 ? null : acute / coupled,
      acwrUncoupled: early || uncoupled === 0 ? null : acute / uncoupled,
      acwrEwma: early || ewmaChronic === 0 ? null : ewmaAcute / ewmaChronic,
    });
  }

  const weeks: WeekMetrics[] = [];
  for (let weekStart = historyStart; weekStart <= asOf; weekStart = addDays(weekStart, 7)) {
    const weekEnd = addDays(weekStart, 6);
    const weekRuns = runs.filter((run) => run.weekStart === weekStart);
    const distanceM = sum(weekRuns.map((run) => run.distanceM));
    const previous = weeks.slice(-4);
    const prior = previous.length ? previous[previous.length - 1] : null;
    const base = previous.length ? sum(previous.map((week) => week.distanceM)) / previous.length : null;
    const known = weekRuns.filter((run) => run.fastM !== null);
    const fastM = sum(known.map((run) => run.fastM ?? 0));
    const coveredM = sum(known.map((run) => run.distanceM));
    const coverage = distanceM > 0 ? coveredM / distanceM : null;
    const daily = Array.from({ length: 7 }, (_, offset) =>
      sum(weekRuns.filter((run) => run.localDate === addDays(weekStart, offset)).map((run) => run.distanceM)),
    );
    const mean = sum(daily) / 7;
    const sd = Math.sqrt(sum(daily.map((value) => (value - mean) ** 2)) / 7);
    const monotony = weekRuns.length === 0 ? null : sd === 0 ? 10 : Math.min(mean / sd, 10);
    const weekDays = days.filter((day) => day.date >= weekStart && day.date <= weekEnd);
    const ratios = weekDays.map((day) => day.acwrEwma).filter((ratio): ratio is number => ratio !== null);
    const lastDay = weekDays[weekDays.length - 1];
    weeks.push({
      weekStart,
      weekEnd,
      complete: weekEnd <= asOf,
      runs: weekRuns.length,
      distanceM,
      ramp: prior && prior.distanceM > 0 ? distanceM / prior.distanceM - 1 : null,
      base,
      ramp4: base ? distanceM / base - 1 : null,
      longestM: weekRuns.length ? Math.max(...weekRuns.map((run) => run.distanceM)) : null,
      fastM,
      coveredM,
      speedShare: coveredM > 0 ? fastM / coveredM : null,
      coverage,
      lowCoverage: coverage !== null && coverage < 0.5,
      speedMethod: 'setting',
      thresholdSpeedMps: settings.thresholdSpeedMps,
      v3Mps: null,
      v12Mps: null,
      monotony,
      strain: monotony === null ? null : (distanceM / 1000) * monotony,
      descentM: null,
      descentRamp4: null,
      cadenceSpm: null,
      acwrCoupled: lastDay?.acwrCoupled ?? null,
      acwrUncoupled: lastDay?.acwrUncoupled ?? null,
      acwrEwma: lastDay?.acwrEwma ?? null,
      maxAcwrEwma: ratios.length ? Math.max(...ratios) : null,
      walkingDistanceM: 0,
      crossTrainingTimeS: 0,
    });
  }
  return { settings, historyStart, asOf, weeks, runs, days };
}

function runStart(spec: RunSpec): number {
  return Date.parse(`${spec.date}T${spec.time ?? '07:00'}:00Z`);
}

function idOf(spec: RunSpec): string {
  return spec.id ?? `run-${spec.date}${spec.time ? `-${spec.time}` : ''}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
