/**
 * The normalized activity: what every source (FIT file, Strava, Garmin) is turned into before any
 * training-load maths. Everything is SI: metres, seconds, metres per second (spec/metrics.md, intro).
 */

/** How an activity counts toward load (spec/metrics.md section 1). */
export type SportClass = 'running' | 'walking' | 'cross-training';

export type ActivitySource = 'fit' | 'strava' | 'garmin';

/**
 * A compact record stream as parallel arrays, one entry per record, sorted by time.
 * `timeS` is seconds since the activity's `startMs`; the other arrays hold `null` where a record lacks
 * the field. Arrays other than `timeS` may be empty when no record carries that field at all.
 */
export interface RecordStream {
  /** Seconds since the activity start (s), non-decreasing. */
  timeS: number[];
  /** Cumulative distance (m). */
  distanceM: (number | null)[];
  /** Instantaneous speed (m/s); FIT `enhanced_speed` or `speed`, Strava `velocity_smooth`. */
  speedMps: (number | null)[];
  /** Altitude (m). */
  altitudeM: (number | null)[];
  /** Heart rate (beats/min). */
  heartRateBpm: (number | null)[];
  /** Cadence in steps per minute (FIT running cadence is strides/min and is doubled on decode). */
  cadenceSpm: (number | null)[];
}

/** One lap (FIT `lap`, Strava lap, Garmin lap). */
export interface Lap {
  /** UTC start, epoch milliseconds. */
  startMs: number;
  timerTimeS: number | null;
  elapsedTimeS: number | null;
  distanceM: number | null;
  avgSpeedMps: number | null;
  /** FIT lap `intensity` (`active`, `rest`, `warmup`, `cooldown`, `recovery`, `interval`, ...), null if absent. */
  intensity: string | null;
}

export interface Device {
  manufacturer: string | null;
  product: string | null;
}

export interface Activity {
  /** Stable id. FIT: `<sha256 of the file, 16 hex>-<session index>`. */
  id: string;
  source: ActivitySource;
  /** The source's own sport name (FIT `session.sport`, Strava `sport_type`, Garmin `activityType`). */
  sport: string;
  subSport: string | null;
  sportClass: SportClass;
  /** UTC start, epoch milliseconds. */
  startMs: number;
  /**
   * The activity's own offset of local time from UTC, in seconds (FIT `activity.local_timestamp -
   * activity.timestamp`, Strava `utc_offset`, Garmin `startTimeOffsetInSeconds`); null when the source
   * has none, and then the athlete's time zone decides (spec/metrics.md section 2).
   */
  utcOffsetS: number | null;
  distanceM: number | null;
  /** FIT `total_timer_time`, Strava `moving_time`, Garmin `durationInSeconds` (s). */
  movingTimeS: number | null;
  /** FIT `total_elapsed_time`, Strava `elapsed_time` (s). */
  elapsedTimeS: number | null;
  ascentM: number | null;
  /** Total descent (m); from the altitude stream where the summary lacks it (spec/metrics.md section 8). */
  descentM: number | null;
  avgHeartRateBpm: number | null;
  /** Average cadence in steps per minute (spec/metrics.md section 3). */
  avgCadenceSpm: number | null;
  laps: Lap[];
  stream: RecordStream | null;
  device: Device | null;
}
