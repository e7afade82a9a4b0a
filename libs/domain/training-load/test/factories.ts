import { DateTime } from 'luxon';
import type { Activity, Lap, RecordStream } from '@loadwatch/domain/activity';

let nextId = 0;

/** A normalized activity with everything optional but its start; a run unless told otherwise. */
export function activity(fields: Partial<Activity> & { startMs: number }): Activity {
  return {
    id: `a-${++nextId}`,
    source: 'fit',
    sport: 'running',
    subSport: null,
    sportClass: 'running',
    utcOffsetS: null,
    distanceM: null,
    movingTimeS: null,
    elapsedTimeS: null,
    ascentM: null,
    descentM: null,
    avgHeartRateBpm: null,
    avgCadenceSpm: null,
    laps: [],
    stream: null,
    device: null,
    ...fields,
  };
}

/** Epoch ms of a local date-time (`2026-10-13T07:00`) in an IANA zone. */
export function localMs(localDateTime: string, zone: string): number {
  const dateTime = DateTime.fromISO(localDateTime, { zone });
  if (!dateTime.isValid) throw new Error(`Bad local date-time ${localDateTime} in ${zone}`);
  return dateTime.toMillis();
}

/** Epoch ms of a UTC ISO instant. */
export function utcMs(iso: string): number {
  return DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
}

export interface Segment {
  /** Number of record pairs. */
  pairs: number;
  /** Time between records (s). */
  dtS: number;
  /** Distance between records (m). */
  ddM: number;
}

/** A record stream of evenly spaced records, segment after segment, starting at 0 s and 0 m. */
export function streamOf(segments: readonly Segment[]): RecordStream {
  const timeS = [0];
  const distanceM: (number | null)[] = [0];
  for (const { pairs, dtS, ddM } of segments) {
    for (let i = 0; i < pairs; i++) {
      timeS.push(timeS[timeS.length - 1] + dtS);
      distanceM.push((distanceM[distanceM.length - 1] ?? 0) + ddM);
    }
  }
  return stream({ timeS, distanceM });
}

/** A record stream from explicit arrays; unset fields are empty. */
export function stream(fields: Partial<RecordStream> & { timeS: number[] }): RecordStream {
  return { distanceM: [], speedMps: [], altitudeM: [], heartRateBpm: [], cadenceSpm: [], ...fields };
}

/** A lap with just a distance and a timer time. */
export function lap(distanceM: number, timerTimeS: number, avgSpeedMps: number | null = null): Lap {
  return { startMs: 0, timerTimeS, elapsedTimeS: timerTimeS, distanceM, avgSpeedMps, intensity: null };
}
