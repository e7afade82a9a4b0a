import {
  classifyStravaSportType,
  type Activity,
  type Lap,
  type RecordStream,
} from '@loadwatch/domain/activity';
import { descentFromAltitude } from '@loadwatch/domain/training-load';
import type { StravaLap, StravaStreamSet, StravaSummaryActivity } from './strava-client';

/**
 * A Strava activity as the normalized Activity (SI units). Strava reports run cadence in strides per
 * minute (activity-apis.md §1.4, §1.7), doubled here to steps per minute like FIT; as in the FIT path, only
 * on-foot activities (running and walking classes) have a step cadence: a ride's rpm is left out, not
 * passed off as steps. Without streams (manual activities, or none recorded) `stream` is null: the speed
 * share of that run is unknown, never guessed.
 * Strava has no descent field, so `descentM` is the altitude stream's drops, as the FIT path does for a
 * session without `total_descent` (spec/metrics.md section 8; same sum, rounded to 0.1 m like FIT), and null
 * without an altitude stream. `ascentM` stays Strava's own `total_elevation_gain` (its summary wins, as FIT's).
 */
export function toActivity(
  summary: StravaSummaryActivity,
  laps: StravaLap[],
  streams: StravaStreamSet | null,
): Activity {
  const startMs = instant(summary.start_date);
  if (startMs === null) throw new Error(`Strava activity ${summary.id} has no valid start_date`);
  const sport = summary.sport_type ?? summary.type ?? 'Unknown';
  const stream = streams ? toStream(streams) : null;
  const sportClass = classifyStravaSportType(sport);
  const onFoot = sportClass === 'running' || sportClass === 'walking';
  const recorded = stream && stream.timeS.length > 0 ? withCadence(stream, onFoot) : null;
  return {
    id: `strava-${summary.id}`,
    source: 'strava',
    sport,
    subSport: null,
    sportClass,
    startMs,
    utcOffsetS: num(summary.utc_offset),
    distanceM: num(summary.distance),
    movingTimeS: num(summary.moving_time),
    elapsedTimeS: num(summary.elapsed_time),
    ascentM: num(summary.total_elevation_gain),
    descentM: recorded ? round1(descentFromAltitude(recorded.altitudeM)) : null,
    avgHeartRateBpm: num(summary.average_heartrate),
    avgCadenceSpm: onFoot ? steps(num(summary.average_cadence)) : null,
    laps: laps.map(toLap).filter((lap): lap is Lap => lap !== null),
    stream: recorded,
    device: summary.device_name ? { manufacturer: null, product: summary.device_name } : null,
  };
}

function toLap(lap: StravaLap): Lap | null {
  const startMs = instant(lap.start_date);
  if (startMs === null) return null;
  return {
    startMs,
    timerTimeS: num(lap.moving_time),
    elapsedTimeS: num(lap.elapsed_time),
    distanceM: num(lap.distance),
    avgSpeedMps: num(lap.average_speed),
    intensity: null,
  };
}

function toStream(streams: StravaStreamSet): RecordStream | null {
  const time = series(streams['time']);
  if (!time || time.some((t) => t === null)) return null;
  const length = time.length;
  const column = (key: string) => {
    const values = series(streams[key]);
    return values && values.length === length ? values : [];
  };
  return {
    timeS: time as number[],
    distanceM: column('distance'),
    speedMps: column('velocity_smooth'),
    altitudeM: column('altitude'),
    heartRateBpm: column('heartrate'),
    cadenceSpm: column('cadence'),
  };
}

function withCadence(stream: RecordStream, onFoot: boolean): RecordStream {
  return { ...stream, cadenceSpm: onFoot ? stream.cadenceSpm.map(steps) : [] };
}

/** Strides/min to steps/min. */
function steps(value: number | null): number | null {
  return value === null ? null : value * 2;
}

function series(stream: { data: unknown[] } | undefined): (number | null)[] | null {
  if (!stream || !Array.isArray(stream.data)) return null;
  return stream.data.map((value) => (typeof value === 'number' && Number.isFinite(value) ? value : null));
}

function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function instant(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
