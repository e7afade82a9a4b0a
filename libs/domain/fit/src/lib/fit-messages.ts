import type { Device } from '@loadwatch/domain/activity';
import {
  dateField,
  enumField,
  type FitFields,
  type FitFileContent,
  type FitLapSummary,
  type FitRecordSample,
  type FitSessionSummary,
  localDateField,
  numberField,
} from './fit-content';

/** The message lists of one FIT file that the normalizer needs, as either decoder returned them. */
export interface FitMessageLists {
  fileIds: FitFields[];
  activities: FitFields[];
  sessions: FitFields[];
  laps: FitFields[];
  records: FitFields[];
  sports: FitFields[];
}

/** Lists for a new logical file. */
export function emptyMessageLists(): FitMessageLists {
  return { fileIds: [], activities: [], sessions: [], laps: [], records: [], sports: [] };
}

/**
 * Appends a segment without its own `file_id` to the logical file before it (watches that write one
 * activity as several header+data segments); a segment with one starts a new logical file.
 */
export function groupSegments(segments: FitMessageLists[]): FitMessageLists[] {
  const files: FitMessageLists[] = [];
  for (const segment of segments) {
    const previous = files[files.length - 1];
    if (previous === undefined || segment.fileIds.length > 0) {
      files.push(segment);
    } else {
      for (const key of Object.keys(segment) as (keyof FitMessageLists)[]) {
        for (const mesg of segment[key]) previous[key].push(mesg);
      }
    }
  }
  return files;
}

/** How a decoder spells things: field keys, enum values and the device product name. */
export interface FitNaming {
  /** The decoder's key for a profile field given in camelCase. */
  key(camelCaseName: string): string;
  /** An enum value in the SDK's camelCase spelling. */
  enumValue(value: string | number | null): string | number | null;
  /** The product name of a `file_id` (a Garmin product name when there is one), else null. */
  productName(fileId: FitFields, manufacturer: string | number | null): string | null;
}

/** Maps one file's decoded messages to the decoder-neutral content the normalizer reads. */
export function toFileContent(lists: FitMessageLists, naming: FitNaming): FitFileContent {
  const k = (name: string) => naming.key(name);
  const fileId = lists.fileIds[0];
  const activity = lists.activities.find((mesg) => dateField(mesg, k('timestamp')) !== null);
  const firstLap = lists.laps[0];
  const sport = lists.sports[0];
  return {
    fileType: fileId ? naming.enumValue(enumField(fileId, k('type'))) : null,
    hasFileId: fileId !== undefined,
    timeCreatedMs: fileId ? dateField(fileId, k('timeCreated')) : null,
    device: fileId ? toDevice(fileId, naming) : null,
    activity: activity
      ? {
          timestampMs: dateField(activity, k('timestamp')),
          localTimestampMs: localDateField(activity, k('localTimestamp')),
          totalTimerTimeS: numberField(activity, k('totalTimerTime')),
        }
      : null,
    sessions: lists.sessions.map((mesg) => toSession(mesg, naming)),
    laps: lists.laps.map((mesg) => toLap(mesg, naming)),
    records: lists.records.flatMap((mesg) => toRecord(mesg, naming)),
    sportHint: naming.enumValue(
      (sport && enumField(sport, k('sport'))) ?? (firstLap && enumField(firstLap, k('sport'))) ?? null,
    ),
    subSportHint: naming.enumValue(
      (sport && enumField(sport, k('subSport'))) ?? (firstLap && enumField(firstLap, k('subSport'))) ?? null,
    ),
  };
}

function toDevice(fileId: FitFields, naming: FitNaming): Device | null {
  const manufacturer = naming.enumValue(enumField(fileId, naming.key('manufacturer')));
  const product = naming.productName(fileId, manufacturer) ?? numberText(fileId, naming.key('product'));
  if (manufacturer === null && product === null) return null;
  return { manufacturer: manufacturer === null ? null : String(manufacturer), product };
}

function numberText(fields: FitFields, key: string): string | null {
  const value = numberField(fields, key);
  return value === null ? null : String(value);
}

function toSession(mesg: FitFields, naming: FitNaming): FitSessionSummary {
  const k = (name: string) => naming.key(name);
  return {
    startMs: dateField(mesg, k('startTime')),
    timestampMs: dateField(mesg, k('timestamp')),
    sport: naming.enumValue(enumField(mesg, k('sport'))),
    subSport: naming.enumValue(enumField(mesg, k('subSport'))),
    totalDistanceM: numberField(mesg, k('totalDistance')),
    totalTimerTimeS: numberField(mesg, k('totalTimerTime')),
    totalElapsedTimeS: numberField(mesg, k('totalElapsedTime')),
    totalAscentM: numberField(mesg, k('totalAscent')),
    totalDescentM: numberField(mesg, k('totalDescent')),
    avgHeartRateBpm: numberField(mesg, k('avgHeartRate')),
    avgCadence: numberField(mesg, k('avgCadence')),
    avgRunningCadence: numberField(mesg, k('avgRunningCadence')),
    avgFractionalCadence: numberField(mesg, k('avgFractionalCadence')),
  };
}

function toLap(mesg: FitFields, naming: FitNaming): FitLapSummary {
  const k = (name: string) => naming.key(name);
  return {
    startMs: dateField(mesg, k('startTime')),
    timestampMs: dateField(mesg, k('timestamp')),
    totalTimerTimeS: numberField(mesg, k('totalTimerTime')),
    totalElapsedTimeS: numberField(mesg, k('totalElapsedTime')),
    totalDistanceM: numberField(mesg, k('totalDistance')),
    avgSpeedMps: numberField(mesg, k('enhancedAvgSpeed'), k('avgSpeed')),
    intensity: naming.enumValue(enumField(mesg, k('intensity'))),
  };
}

/** A record without a timestamp (some pool-swim files) cannot be placed in a stream and is left out. */
function toRecord(mesg: FitFields, naming: FitNaming): FitRecordSample[] {
  const k = (name: string) => naming.key(name);
  const timeMs = dateField(mesg, k('timestamp'));
  if (timeMs === null) return [];
  return [
    {
      timeMs,
      distanceM: numberField(mesg, k('distance')),
      speedMps: numberField(mesg, k('enhancedSpeed'), k('speed')),
      altitudeM: numberField(mesg, k('enhancedAltitude'), k('altitude')),
      heartRateBpm: numberField(mesg, k('heartRate')),
      cadence: numberField(mesg, k('cadence')),
      fractionalCadence: numberField(mesg, k('fractionalCadence')),
    },
  ];
}
