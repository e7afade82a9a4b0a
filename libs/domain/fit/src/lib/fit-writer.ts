import {
  Encoder,
  Profile,
  type ActivityMesg,
  type Encodable,
  type EventMesg,
  type FileIdMesg,
  type LapMesg,
  type RecordMesg,
  type SessionMesg,
} from '@garmin/fitsdk';

/** FIT timestamps count seconds from 1989-12-31T00:00:00Z. */
const FIT_EPOCH_S = 631_065_600;
const MESG = Profile.MesgNum;

/** A stretch of constant speed. */
export interface FitSegment {
  distanceM: number;
  speedMps: number;
}

export interface FitActivitySpec {
  /** UTC start. */
  start: Date;
  /** Offset of local time from UTC (s), written as `activity.local_timestamp - activity.timestamp`. */
  utcOffsetS: number;
  sport?: 'running' | 'cycling' | 'walking' | 'swimming';
  segments: FitSegment[];
  /** Seconds between records (default 1). */
  recordEveryS?: number;
}

/**
 * Encodes a small but complete FIT activity file (file_id, timer events, one record per interval, one lap
 * per segment, session, activity) with the Garmin FIT SDK's own encoder, for tests that need exact
 * scenarios as real files.
 */
export function encodeActivityFit(spec: FitActivitySpec): Uint8Array {
  const every = spec.recordEveryS ?? 1;
  const sport = spec.sport ?? 'running';
  const startS = Math.round(spec.start.getTime() / 1000);
  const at = (t: number) => new Date((startS + t) * 1000);
  const encoder = new Encoder();
  const write = <T extends FileIdMesg | EventMesg | RecordMesg | LapMesg | SessionMesg | ActivityMesg>(
    mesg: Encodable<T>,
  ) => encoder.writeMesg(mesg);
  write<FileIdMesg>({
    mesgNum: MESG.FILE_ID,
    type: 'activity',
    manufacturer: 'development',
    product: 0,
    serialNumber: 12345,
    timeCreated: at(0),
  });
  write<EventMesg>({
    mesgNum: MESG.EVENT,
    timestamp: at(0),
    event: 'timer',
    eventType: 'start',
    eventGroup: 0,
  });

  let t = 0;
  let distance = 0;
  write<RecordMesg>({
    mesgNum: MESG.RECORD,
    timestamp: at(0),
    distance: 0,
    enhancedSpeed: spec.segments[0]?.speedMps ?? 0,
  });
  for (const segment of spec.segments) {
    const lapStartT = t;
    const lapStartD = distance;
    const duration = segment.distanceM / segment.speedMps;
    const end = t + duration;
    while (t < end - 1e-9) {
      const step = Math.min(every, end - t);
      t += step;
      distance += step * segment.speedMps;
      write<RecordMesg>({
        mesgNum: MESG.RECORD,
        timestamp: at(Math.round(t)),
        distance,
        enhancedSpeed: segment.speedMps,
      });
    }
    write<LapMesg>({
      mesgNum: MESG.LAP,
      timestamp: at(Math.round(t)),
      startTime: at(Math.round(lapStartT)),
      totalElapsedTime: t - lapStartT,
      totalTimerTime: t - lapStartT,
      totalDistance: distance - lapStartD,
      enhancedAvgSpeed: segment.speedMps,
      event: 'lap',
      eventType: 'stop',
      intensity: 'active',
      sport,
    });
  }
  write<EventMesg>({
    mesgNum: MESG.EVENT,
    timestamp: at(Math.round(t)),
    event: 'timer',
    eventType: 'stopAll',
    eventGroup: 0,
  });
  write<SessionMesg>({
    mesgNum: MESG.SESSION,
    timestamp: at(Math.round(t)),
    startTime: at(0),
    totalElapsedTime: t,
    totalTimerTime: t,
    totalDistance: distance,
    enhancedAvgSpeed: distance / t,
    sport,
    subSport: 'generic',
    event: 'session',
    eventType: 'stop',
    numLaps: spec.segments.length,
    firstLapIndex: 0,
  });
  write<ActivityMesg>({
    mesgNum: MESG.ACTIVITY,
    timestamp: at(Math.round(t)),
    localTimestamp: startS + Math.round(t) + spec.utcOffsetS - FIT_EPOCH_S,
    totalTimerTime: t,
    numSessions: 1,
    type: 'manual',
    event: 'activity',
    eventType: 'stop',
  });
  return encoder.close();
}
