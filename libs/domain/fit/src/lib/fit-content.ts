import type { Device } from '@loadwatch/domain/activity';

/**
 * A decoder-neutral view of one FIT file (one part of a chain): what both readers (the SDK and the
 * fallback) produce and the normalizer consumes. Times are epoch milliseconds as the file states them
 * (device-relative times included); values are SI with scale and offset applied; absent fields are null.
 */
export interface FitFileContent {
  /** `file_id.type`: an enum name such as 'activity', a number when the profile has no name, null if absent. */
  fileType: string | number | null;
  hasFileId: boolean;
  timeCreatedMs: number | null;
  device: Device | null;
  activity: FitActivitySummary | null;
  sessions: FitSessionSummary[];
  laps: FitLapSummary[];
  records: FitRecordSample[];
  /** Sport of a file without sessions, from its `sport` message or first lap. */
  sportHint: string | number | null;
  subSportHint: string | number | null;
}

export interface FitActivitySummary {
  timestampMs: number | null;
  /** `activity.local_timestamp` read as if it were UTC (FIT stores local wall-clock seconds). */
  localTimestampMs: number | null;
  totalTimerTimeS: number | null;
}

export interface FitSessionSummary {
  startMs: number | null;
  timestampMs: number | null;
  sport: string | number | null;
  subSport: string | number | null;
  totalDistanceM: number | null;
  totalTimerTimeS: number | null;
  totalElapsedTimeS: number | null;
  totalAscentM: number | null;
  totalDescentM: number | null;
  avgHeartRateBpm: number | null;
  /** Raw FIT cadence in cycles per minute (strides for foot sports). */
  avgCadence: number | null;
  avgRunningCadence: number | null;
  avgFractionalCadence: number | null;
}

export interface FitLapSummary {
  startMs: number | null;
  timestampMs: number | null;
  totalTimerTimeS: number | null;
  totalElapsedTimeS: number | null;
  totalDistanceM: number | null;
  avgSpeedMps: number | null;
  intensity: string | number | null;
}

export interface FitRecordSample {
  timeMs: number;
  distanceM: number | null;
  speedMps: number | null;
  altitudeM: number | null;
  heartRateBpm: number | null;
  /** Raw FIT cadence (strides per minute for foot sports) and its fractional part. */
  cadence: number | null;
  fractionalCadence: number | null;
}

/** A decoded FIT message as a plain bag of fields; both decoders' outputs are read through this. */
export type FitFields = { readonly [field: string]: unknown };

/** 1989-12-31T00:00:00Z, the FIT epoch, in Unix milliseconds. */
export const FIT_EPOCH_MS = 631_065_600_000;

/** The first finite number among `keys`, else null. */
export function numberField(fields: FitFields, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = fields[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

/** An enum field: its name, or its number when the profile has no name for it. */
export function enumField(fields: FitFields, key: string): string | number | null {
  const value = fields[key];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return null;
}

/** A `date_time` field (a `Date` in both decoders) as epoch milliseconds. */
export function dateField(fields: FitFields, key: string): number | null {
  const value = fields[key];
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

/**
 * A `local_date_time` field as epoch milliseconds read as if UTC: the SDK leaves it as FIT-epoch seconds,
 * fit-file-parser turns it into a `Date`.
 */
export function localDateField(fields: FitFields, key: string): number | null {
  const value = fields[key];
  if (typeof value === 'number' && Number.isFinite(value)) return FIT_EPOCH_MS + value * 1000;
  return dateField(fields, key);
}

/** Narrows a decoder's message list to field bags; a missing list is empty. */
export function fieldList(list: unknown): FitFields[] {
  if (!Array.isArray(list)) return [];
  return list.filter((item): item is FitFields => typeof item === 'object' && item !== null);
}
