import type { Activity } from '@loadwatch/domain/activity';
import type { DayLoad, LoadOptions, LoadReport, LoadSettings, RunMetrics, WeekMetrics } from './types';
import { acuteChronicDays } from './acute-chronic';
import { activityDistance, activityTime } from './activity-values';
import { bestMeanSpeeds } from './best-mean-speed';
import { weightedCadence } from './cadence';
import {
  CS_LONG_WINDOW_S,
  CS_LOOKBACK_DAYS,
  CS_SHORT_WINDOW_S,
  hasThresholdSetting,
  resolveThreshold,
  type Threshold,
} from './critical-speed';
import { dayNumber, dayNumberAt, isoDate } from './dates';
import { runDescent, weekDescent } from './descent';
import { fastDistance } from './fast-distance';
import { activityOffsetS, assertTimeZone, localDateTimeAt } from './local-time';
import { monotony, strain } from './monotony';
import { baseline, rampVsBaseline, weekOverWeekRamp } from './ramps';
import { sessionSpikes } from './spike';
import { speedShare } from './speed-share';
import { weekStartDayNumber } from './weeks';

interface Placed {
  activity: Activity;
  offsetS: number;
  day: number;
}

interface Run extends Placed {
  distanceM: number;
  week: number;
}

/**
 * The training-load report of one athlete (spec/metrics.md sections 2-8): runs, weeks and days from the
 * week of the first activity of any sport to the week of the evaluation date.
 *
 * Decisions where the spec is silent:
 * - the evaluation date `asOf` defaults to the last local date holding an activity or an extra date; with
 *   `asOf` given, activities and extra dates after it are left out (the report is what was known that day);
 * - `days` runs from history start to `asOf`; a running week's ratios are those of `asOf`, and its monotony
 *   still spans its 7 days, the days after `asOf` counting as 0;
 * - extra dates extend the report but never start history; with no activity the report is empty;
 * - a run's fast distance uses the threshold speed of the week holding the run;
 * - `descentRamp4` treats a week without runs as 0 m and leaves out of the baseline a week whose runs have
 *   no descent; it is null when the week's own descent is unknown.
 */
export function computeLoad(
  activities: readonly Activity[],
  settings: LoadSettings,
  options: LoadOptions = {},
): LoadReport {
  const { timeZone, weekStart } = settings;
  assertTimeZone(timeZone);
  const givenAsOf = options.asOf != null ? dayNumber(options.asOf) : null;
  const within = (day: number): boolean => givenAsOf === null || day <= givenAsOf;

  const placed: Placed[] = [];
  for (const activity of activities) {
    const offsetS = activityOffsetS(activity, timeZone);
    const day = dayNumberAt(activity.startMs, offsetS);
    if (within(day)) placed.push({ activity, offsetS, day });
  }
  placed.sort(byStart);

  let lastDataDay = -Infinity;
  for (const { day } of placed) lastDataDay = Math.max(lastDataDay, day);
  for (const date of options.extraDates ?? []) {
    const day = dayNumber(date);
    if (within(day)) lastDataDay = Math.max(lastDataDay, day);
  }
  const asOfDay = givenAsOf ?? lastDataDay;
  const asOf = Number.isFinite(asOfDay) ? isoDate(asOfDay) : null;
  if (placed.length === 0) {
    return { settings: { ...settings }, historyStart: null, asOf, weeks: [], runs: [], days: [] };
  }

  let firstDay = Infinity;
  for (const { day } of placed) firstDay = Math.min(firstDay, day);
  const historyStartDay = weekStartDayNumber(firstDay, weekStart);
  const asOfIndex = asOfDay - historyStartDay;
  const weekCount = Math.floor(asOfIndex / 7) + 1;
  const dailyLoadsM = new Array<number>(weekCount * 7).fill(0);

  const runs: Run[] = [];
  const othersByWeek: Placed[][] = Array.from({ length: weekCount }, () => []);
  for (const item of placed) {
    const week = Math.floor((item.day - historyStartDay) / 7);
    if (item.activity.sportClass !== 'running') {
      othersByWeek[week].push(item);
      continue;
    }
    const distanceM = activityDistance(item.activity);
    dailyLoadsM[item.day - historyStartDay] += distanceM;
    runs.push({ ...item, distanceM, week });
  }

  const spikes = sessionSpikes(
    runs.map((run) => ({ startMs: run.activity.startMs, distanceM: run.distanceM })),
  );
  const thresholds = weekThresholds(runs, settings.thresholdSpeedMps, weekCount, historyStartDay);

  const runsByWeek: number[][] = Array.from({ length: weekCount }, () => []);
  const runMetrics = runs.map((run, i): RunMetrics => {
    const { activity } = run;
    runsByWeek[run.week].push(i);
    return {
      activityId: activity.id,
      startMs: activity.startMs,
      utcOffsetS: run.offsetS,
      localDate: isoDate(run.day),
      localStart: localDateTimeAt(activity.startMs, run.offsetS),
      weekStart: isoDate(historyStartDay + run.week * 7),
      distanceM: run.distanceM,
      movingTimeS: activity.movingTimeS,
      spike: spikes[i].spike,
      spikeReferenceM: spikes[i].referenceM,
      spikeWindowRuns: spikes[i].windowRuns,
      fastM: fastDistance(activity, thresholds[run.week].thresholdSpeedMps),
      descentM: runDescent(activity),
      avgCadenceSpm: activity.avgCadenceSpm,
    };
  });

  const days = acuteChronicDays(isoDate(historyStartDay), dailyLoadsM.slice(0, asOfIndex + 1));

  const weeks: WeekMetrics[] = [];
  const effectiveDescent: (number | null)[] = [];
  for (let k = 0; k < weekCount; k++) {
    const weekRuns = runsByWeek[k].map((i) => runMetrics[i]);
    const first = k * 7;
    const share = speedShare(weekRuns);
    const distanceM = sumOf(weekRuns.map((run) => run.distanceM));
    const previous = weeks.slice(Math.max(0, k - 4), k).map((week) => week.distanceM);
    const base = baseline(previous);
    const weekMonotony = monotony(dailyLoadsM.slice(first, first + 7), weekRuns.length > 0);
    const descentM = weekDescent(weekRuns.map((run) => run.descentM));
    const descentForRamp = weekRuns.length === 0 ? 0 : descentM;
    effectiveDescent.push(descentForRamp);
    const descentBase = baseline(
      effectiveDescent.slice(Math.max(0, k - 4), k).filter((value): value is number => value !== null),
    );
    const ratioDay = days[Math.min(first + 6, asOfIndex)];
    const others = othersByWeek[k];
    weeks.push({
      weekStart: isoDate(historyStartDay + first),
      weekEnd: isoDate(historyStartDay + first + 6),
      complete: first + 6 <= asOfIndex,
      runs: weekRuns.length,
      distanceM,
      ramp: weekOverWeekRamp(distanceM, k === 0 ? null : weeks[k - 1].distanceM),
      base,
      ramp4: rampVsBaseline(distanceM, base),
      longestM: weekRuns.reduce<number | null>((max, run) => Math.max(max ?? -Infinity, run.distanceM), null),
      ...share,
      ...thresholds[k],
      monotony: weekMonotony,
      strain: strain(distanceM, weekMonotony),
      descentM,
      descentRamp4: descentForRamp === null ? null : rampVsBaseline(descentForRamp, descentBase),
      cadenceSpm: weightedCadence(runsByWeek[k].map((i) => runs[i].activity)),
      acwrCoupled: ratioDay.acwrCoupled,
      acwrUncoupled: ratioDay.acwrUncoupled,
      acwrEwma: ratioDay.acwrEwma,
      maxAcwrEwma: maxRatio(days.slice(first, Math.min(first + 7, asOfIndex + 1))),
      walkingDistanceM: sumOf(
        others.filter((o) => o.activity.sportClass === 'walking').map((o) => activityDistance(o.activity)),
      ),
      crossTrainingTimeS: sumOf(
        others.filter((o) => o.activity.sportClass === 'cross-training').map((o) => activityTime(o.activity)),
      ),
    });
  }

  return {
    settings: { ...settings },
    historyStart: isoDate(historyStartDay),
    asOf,
    weeks,
    runs: runMetrics,
    days,
  };
}

/**
 * Threshold speed of every week (spec/metrics.md section 5). Without a setting, each run's best 180 s and
 * 720 s mean speeds are computed once and kept as daily bests; a week then takes the best over the 90 local
 * days ending on its last day.
 */
function weekThresholds(
  runs: readonly Run[],
  settingMps: number | null | undefined,
  weekCount: number,
  historyStartDay: number,
): Threshold[] {
  if (hasThresholdSetting(settingMps)) {
    return Array.from({ length: weekCount }, () => resolveThreshold(settingMps, null, null));
  }
  const dayCount = weekCount * 7;
  const bestShort = new Array<number>(dayCount).fill(-Infinity);
  const bestLong = new Array<number>(dayCount).fill(-Infinity);
  for (const run of runs) {
    const [v3, v12] = bestMeanSpeeds(run.activity.stream, [CS_SHORT_WINDOW_S, CS_LONG_WINDOW_S]);
    const day = run.day - historyStartDay;
    if (v3 !== null) bestShort[day] = Math.max(bestShort[day], v3);
    if (v12 !== null) bestLong[day] = Math.max(bestLong[day], v12);
  }
  const thresholds: Threshold[] = [];
  for (let k = 0; k < weekCount; k++) {
    const last = k * 7 + 6;
    let v3 = -Infinity;
    let v12 = -Infinity;
    for (let day = Math.max(0, last - CS_LOOKBACK_DAYS + 1); day <= last; day++) {
      v3 = Math.max(v3, bestShort[day]);
      v12 = Math.max(v12, bestLong[day]);
    }
    thresholds.push(resolveThreshold(null, finiteOrNull(v3), finiteOrNull(v12)));
  }
  return thresholds;
}

function byStart(a: Placed, b: Placed): number {
  const { startMs: aStart, id: aId } = a.activity;
  const { startMs: bStart, id: bId } = b.activity;
  return aStart - bStart || (aId < bId ? -1 : aId > bId ? 1 : 0);
}

function sumOf(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

function maxRatio(days: readonly DayLoad[]): number | null {
  let max: number | null = null;
  for (const { acwrEwma } of days) if (acwrEwma !== null && (max === null || acwrEwma > max)) max = acwrEwma;
  return max;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
