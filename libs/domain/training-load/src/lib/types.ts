/**
 * Inputs and outputs of the training-load computation (spec/metrics.md). SI units throughout; shares and
 * ratios are fractions (0.0667, not 6.67 %); dates are local ISO dates (`2026-11-16`).
 */

export type WeekStartDay = 'monday' | 'sunday';

/** How the week's threshold speed was obtained (spec/metrics.md section 5). */
export type SpeedMethod = 'setting' | 'critical-speed' | 'unknown';

export interface LoadSettings {
  /** IANA time zone of the athlete, used where an activity carries no offset of its own. */
  timeZone: string;
  weekStart: WeekStartDay;
  /** The athlete's own threshold speed (m/s), from a threshold pace setting; null or absent: estimate it. */
  thresholdSpeedMps?: number | null;
}

export interface LoadOptions {
  /**
   * Evaluation date (local ISO date). The report runs to the week holding it; weeks ending after it are
   * not complete. Default: the last date holding an activity (or an extra date from `extraDates`).
   */
  asOf?: string | null;
  /** Further local dates holding data (symptom logs), which extend the report (spec/metrics.md section 2). */
  extraDates?: string[];
}

/** Acute:chronic ratios of one day (spec/metrics.md section 6); context only. */
export interface DayLoad {
  date: string;
  /** Running metres on this local date. */
  loadM: number;
  acuteM: number;
  chronicCoupledM: number;
  chronicUncoupledM: number;
  ewmaAcuteM: number;
  ewmaChronicM: number;
  /** Null during the first 28 days of history and when the chronic value is 0. */
  acwrCoupled: number | null;
  acwrUncoupled: number | null;
  acwrEwma: number | null;
}

/** Per-run metrics (spec/metrics.md sections 3-5). Only running activities appear here. */
export interface RunMetrics {
  activityId: string;
  startMs: number;
  /** Offset used for the local calendar (s): the activity's own, else the athlete zone's at that instant. */
  utcOffsetS: number;
  /** Local calendar date of the start. */
  localDate: string;
  /** Local start as ISO date-time without offset (`2026-10-11T07:00:00`). */
  localStart: string;
  /** First date of the week holding the run. */
  weekStart: string;
  distanceM: number;
  movingTimeS: number | null;
  /** distance / max distance of runs in [t - 720 h, t); null with fewer than 3 runs in that window. */
  spike: number | null;
  /** The longest run in the 30-day window (m), when there is at least one. */
  spikeReferenceM: number | null;
  /** Number of runs in the 30-day window. */
  spikeWindowRuns: number;
  /** Distance run at or above the week's threshold speed (m); null when unknown (section 5). */
  fastM: number | null;
  descentM: number | null;
  avgCadenceSpm: number | null;
}

/** Per-week metrics (spec/metrics.md sections 4-8). */
export interface WeekMetrics {
  /** First local date of the week; its name. */
  weekStart: string;
  /** Last local date of the week. */
  weekEnd: string;
  /** True when the week ended on or before the evaluation date (`asOf`). */
  complete: boolean;
  /** Number of running activities. */
  runs: number;
  /** W(k): sum of running distance (m). */
  distanceM: number;
  /** W(k) / W(k-1) - 1; null when W(k-1) = 0 or week k-1 is before history start. */
  ramp: number | null;
  /** Mean of W(k-1)..W(k-4) over the weeks inside history; null when none is. */
  base: number | null;
  /** W(k) / base(k) - 1; null when base is 0 or null. */
  ramp4: number | null;
  /** Longest run (m); null without runs. */
  longestM: number | null;
  /** F(k): fast distance of the runs whose fast distance is known (m). */
  fastM: number;
  /** C(k): distance of those same runs (m). */
  coveredM: number;
  /** F(k) / C(k); null when C(k) = 0. */
  speedShare: number | null;
  /** C(k) / W(k); 0 when runs exist but none has a known fast distance; null when W(k) = 0. */
  coverage: number | null;
  /** Share shown but marked: coverage below 0.5 (no rule fires on it). */
  lowCoverage: boolean;
  speedMethod: SpeedMethod;
  /** vT used for this week (m/s), null when unknown. */
  thresholdSpeedMps: number | null;
  /** Best 180 s and 720 s mean speeds of the 90-day window (m/s), when the critical speed was estimated. */
  v3Mps: number | null;
  v12Mps: number | null;
  /** min(mean / sd, 10) of the 7 daily loads; null for a week without runs. */
  monotony: number | null;
  /** W(k) in km times monotony; null with monotony null. */
  strain: number | null;
  /** Sum of descent over runs having it (m); null when none has. */
  descentM: number | null;
  descentRamp4: number | null;
  /** Moving-time-weighted mean cadence (steps/min) of runs having it; null when none has. */
  cadenceSpm: number | null;
  /** Ratios on the week's last day (or the evaluation date for the running week). */
  acwrCoupled: number | null;
  acwrUncoupled: number | null;
  acwrEwma: number | null;
  /** Highest EWMA ratio on any day of the week (inside the evaluated range); null when all are null. */
  maxAcwrEwma: number | null;
  /** Walking and hiking distance (m), shown but not running load. */
  walkingDistanceM: number;
  /** Cross-training moving time (s), shown but not running load. */
  crossTrainingTimeS: number;
}

export interface LoadReport {
  settings: LoadSettings;
  /** First date of the week of the first activity of any sport; null with no activity. */
  historyStart: string | null;
  /** Evaluation date used. */
  asOf: string | null;
  /** Weeks from history start to the week of the last data date (or asOf), in order. */
  weeks: WeekMetrics[];
  /** Running activities in start order. */
  runs: RunMetrics[];
  /** Every local date from history start to the report's end. */
  days: DayLoad[];
}
