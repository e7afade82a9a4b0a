import { type Activity, classifyFitSport, type Device, type Lap } from '@loadwatch/domain/activity';
import type { FitFileContent, FitLapSummary, FitRecordSample, FitSessionSummary } from './fit-content';
import { type FileClock, resolveClock } from './fit-clock';
import { FitDecodeError } from './fit-decode-error';
import {
  altitudeChange,
  buildRecordStream,
  lastValue,
  positiveMean,
  roundOrNull,
  stepsPerMinute,
} from './record-stream';

/** Foot sports: their FIT cadence counts strides, one per two steps. */
const STEP_SPORTS = new Set(['running', 'walking', 'hiking']);

export interface NormalizeOptions {
  idPrefix: string;
  /** Session index of this file's first session within the whole input (chained files continue it). */
  firstSessionIndex: number;
  /** Prefix for messages about this file ('' for a single file, 'chained file 2: ' otherwise). */
  label: string;
}

export interface NormalizedFile {
  activities: Activity[];
  warnings: string[];
  /** How many session indices this file used, so the next chained file continues after them. */
  sessionCount: number;
}

interface PlacedSession {
  session: FitSessionSummary;
  index: number;
  startMs: number;
}

/**
 * One activity file's content to one `Activity` per session (spec/metrics.md sections 1-3, 8).
 *
 * Records and laps go to the session whose start last precedes them. Records before the first session's
 * start are left out (with a warning) so that `timeS` never goes negative; such laps join the first session.
 * Summary fields come from the session; where it lacks them, distance, ascent, descent, heart rate and
 * cadence come from the records, and a file without sessions yields one activity derived from its records.
 */
export function normalizeActivityFile(content: FitFileContent, options: NormalizeOptions): NormalizedFile {
  const { label } = options;
  const warnings: string[] = [];
  const records = sortByTime(content.records, (record) => record.timeMs);
  const sessions =
    content.sessions.length > 0 ? content.sessions : [sessionFromRecords(content, records, label)];
  if (content.sessions.length === 0) {
    warnings.push(`${label}no session message: the activity is derived from ${records.length} records`);
  }

  const placed: PlacedSession[] = [];
  sessions.forEach((session, i) => {
    const startMs =
      sessionStart(session) ?? (sessions.length === 1 && records.length > 0 ? records[0].timeMs : null);
    if (startMs === null) {
      warnings.push(`${label}session ${i} has no start time and was skipped`);
    } else {
      placed.push({ session, index: options.firstSessionIndex + i, startMs });
    }
  });
  if (placed.length === 0) {
    throw new FitDecodeError('no-start-time', `${label}no session of the activity has a start time`);
  }

  const chronological = sortByTime(placed, (entry) => entry.startMs);
  const clock = resolveClock(content, chronological[0].startMs);
  if (clock === null) {
    throw new FitDecodeError(
      'no-start-time',
      `${label}timestamps are relative to device power-on and nothing in the file anchors them to real time`,
    );
  }
  warnings.push(...clock.warnings.map((warning) => `${label}${warning}`));

  const starts = chronological.map((entry) => entry.startMs);
  const recordGroups = partitionByStart(records, (record) => record.timeMs, starts);
  if (recordGroups.before.length > 0) {
    warnings.push(
      `${label}${recordGroups.before.length} records before the first session start were left out`,
    );
  }
  const laps = sortByTime(
    content.laps.flatMap((lap) => {
      const startMs = lapStart(lap);
      return startMs === null ? [] : [{ lap, startMs }];
    }),
    (entry) => entry.startMs,
  );
  const lapGroups = partitionByStart(laps, (entry) => entry.startMs, starts);
  lapGroups.groups[0].unshift(...lapGroups.before);

  const activities = chronological
    .map((entry, i) => ({
      index: entry.index,
      activity: toActivity(entry, {
        records: recordGroups.groups[i],
        laps: lapGroups.groups[i].map(({ lap, startMs }) => toLap(lap, startMs, clock)),
        clock,
        device: content.device,
        idPrefix: options.idPrefix,
      }),
    }))
    .sort((a, b) => a.index - b.index)
    .map(({ activity }) => activity);
  return { activities, warnings, sessionCount: sessions.length };
}

function toActivity(
  entry: PlacedSession,
  parts: {
    records: FitRecordSample[];
    laps: Lap[];
    clock: FileClock;
    device: Device | null;
    idPrefix: string;
  },
): Activity {
  const { session, startMs } = entry;
  const sport = session.sport ?? 'generic';
  const stepCadence = typeof sport === 'string' && STEP_SPORTS.has(sport);
  const stream = buildRecordStream(parts.records, startMs, stepCadence);
  const change = stream ? altitudeChange(stream.altitudeM) : null;
  const streamSpanS = stream && stream.timeS.length > 1 ? stream.timeS[stream.timeS.length - 1] : null;
  return {
    id: `${parts.idPrefix}-${entry.index}`,
    source: 'fit',
    sport: String(sport),
    subSport: session.subSport === null ? null : String(session.subSport),
    sportClass: classifyFitSport(sport),
    startMs: startMs + parts.clock.shiftMs,
    utcOffsetS: parts.clock.utcOffsetS,
    distanceM: roundOrNull(session.totalDistanceM ?? (stream ? lastValue(stream.distanceM) : null), 2),
    movingTimeS: roundOrNull(session.totalTimerTimeS, 3),
    elapsedTimeS: roundOrNull(session.totalElapsedTimeS ?? streamSpanS, 3),
    ascentM: session.totalAscentM ?? change?.ascentM ?? null,
    descentM: session.totalDescentM ?? change?.descentM ?? null,
    // Some apps (Zwift, OneLap) write an average heart rate of 0 when no strap was paired.
    avgHeartRateBpm:
      positive(session.avgHeartRateBpm) ?? (stream ? positiveMean(stream.heartRateBpm, 0) : null),
    avgCadenceSpm: stepCadence
      ? (summaryCadence(session) ?? (stream ? positiveMean(stream.cadenceSpm, 2) : null))
      : null,
    laps: parts.laps,
    stream,
    device: parts.device,
  };
}

function positive(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

/** `2 * (avg_running_cadence or avg_cadence) + 2 * avg_fractional_cadence` (spec/metrics.md section 3). */
function summaryCadence(session: FitSessionSummary): number | null {
  const strides = positive(session.avgRunningCadence ?? session.avgCadence);
  return strides === null ? null : stepsPerMinute(strides, session.avgFractionalCadence);
}

function sessionFromRecords(
  content: FitFileContent,
  records: FitRecordSample[],
  label: string,
): FitSessionSummary {
  if (records.length === 0) {
    throw new FitDecodeError(
      'no-activity-data',
      `${label}activity file holds no session and no timestamped records`,
    );
  }
  const first = records[0].timeMs;
  const last = records[records.length - 1].timeMs;
  return {
    startMs: first,
    timestampMs: last,
    sport: content.sportHint,
    subSport: content.subSportHint,
    totalDistanceM: null,
    totalTimerTimeS: content.activity?.totalTimerTimeS ?? null,
    totalElapsedTimeS: (last - first) / 1000,
    totalAscentM: null,
    totalDescentM: null,
    avgHeartRateBpm: null,
    avgCadence: null,
    avgRunningCadence: null,
    avgFractionalCadence: null,
  };
}

function sessionStart(session: FitSessionSummary): number | null {
  if (session.startMs !== null) return session.startMs;
  if (session.timestampMs !== null && session.totalElapsedTimeS !== null) {
    return session.timestampMs - session.totalElapsedTimeS * 1000;
  }
  return null;
}

function lapStart(lap: FitLapSummary): number | null {
  if (lap.startMs !== null) return lap.startMs;
  if (lap.timestampMs !== null && lap.totalElapsedTimeS !== null) {
    return lap.timestampMs - lap.totalElapsedTimeS * 1000;
  }
  return null;
}

function toLap(lap: FitLapSummary, startMs: number, clock: FileClock): Lap {
  return {
    startMs: startMs + clock.shiftMs,
    timerTimeS: roundOrNull(lap.totalTimerTimeS, 3),
    elapsedTimeS: roundOrNull(lap.totalElapsedTimeS, 3),
    distanceM: roundOrNull(lap.totalDistanceM, 2),
    avgSpeedMps: roundOrNull(lap.avgSpeedMps, 3),
    intensity: lap.intensity === null ? null : String(lap.intensity),
  };
}

/**
 * Splits time-sorted `items` among sessions starting at the sorted `starts`: each item goes to the last
 * session starting at or before it; items before the first start are returned apart.
 */
function partitionByStart<T>(
  items: readonly T[],
  timeOf: (item: T) => number,
  starts: readonly number[],
): { groups: T[][]; before: T[] } {
  const groups: T[][] = starts.map(() => []);
  const before: T[] = [];
  let session = -1;
  for (const item of items) {
    const time = timeOf(item);
    while (session + 1 < starts.length && starts[session + 1] <= time) session += 1;
    if (session < 0) before.push(item);
    else groups[session].push(item);
  }
  return { groups, before };
}

/** A stable sort by time that leaves already-sorted input (the usual case) untouched. */
function sortByTime<T>(items: readonly T[], timeOf: (item: T) => number): T[] {
  for (let i = 1; i < items.length; i += 1) {
    if (timeOf(items[i]) < timeOf(items[i - 1])) {
      return [...items].sort((a, b) => timeOf(a) - timeOf(b));
    }
  }
  return [...items];
}
