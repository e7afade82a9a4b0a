import type { WeekMetricsView } from '@loadwatch/shared/contracts';

/** How many weeks the athlete view shows (issue 8: "the last 16 weeks"). */
export const WEEKS_SHOWN = 16;

export interface WeeksWindow {
  /** Exactly `count` weeks ending with the current one (fewer only when no week is stored at all). */
  weeks: WeekMetricsView[];
  /** Weeks of the window before the first stored week: shown empty, labelled "before your history". */
  beforeHistory: number;
  /** The last stored week, when the window continues after it (no activity since). */
  lastStored: WeekMetricsView | null;
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** A week without runs: what the server would store for it, with every ratio unknown. */
function emptyWeek(weekStart: string, today: string): WeekMetricsView {
  const weekEnd = addDays(weekStart, 6);
  return {
    weekStart,
    weekEnd,
    complete: weekEnd < today,
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
    speedMethod: 'unknown',
    thresholdSpeedMps: null,
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
  };
}

/**
 * The last `count` weeks up to the week holding `today`. The server stores weeks from the first activity to
 * the last activity or log, so a quiet spell at the end and the time before the history are missing from its
 * answer: the window fills them with empty weeks (no runs, ratios unknown) rather than showing fewer weeks
 * under the same title. Week boundaries follow the stored weeks (the athlete's week start), so a coach in
 * another zone still sees the athlete's weeks; `today` only decides how far the window reaches.
 */
export function weeksWindow(
  stored: readonly WeekMetricsView[],
  today: string,
  count = WEEKS_SHOWN,
): WeeksWindow {
  if (stored.length === 0) return { weeks: [], beforeHistory: 0, lastStored: null };
  const byStart = new Map(stored.map((w) => [w.weekStart, w]));
  const last = stored[stored.length - 1];
  let end = last.weekStart;
  while (addDays(end, 7) <= today) end = addDays(end, 7);
  const first = stored[0].weekStart;
  const weeks: WeekMetricsView[] = [];
  let beforeHistory = 0;
  for (let i = count - 1; i >= 0; i--) {
    const start = addDays(end, -7 * i);
    if (start < first) beforeHistory++;
    weeks.push(byStart.get(start) ?? emptyWeek(start, today));
  }
  return { weeks, beforeHistory, lastStored: end === last.weekStart ? null : last };
}
