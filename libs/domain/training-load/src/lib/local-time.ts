import { IANAZone } from 'luxon';
import type { Activity } from '@loadwatch/domain/activity';
import { dayNumberAt, isoDate } from './dates';

type Start = Pick<Activity, 'startMs' | 'utcOffsetS'>;

const zones = new Map<string, IANAZone>();

/** Throws a RangeError unless `timeZone` is a known IANA zone name (`Europe/London`). */
export function assertTimeZone(timeZone: string): void {
  zoneOf(timeZone);
}

function zoneOf(timeZone: string): IANAZone {
  let zone = zones.get(timeZone);
  if (!zone) {
    if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Unknown IANA time zone: "${timeZone}"`);
    zone = IANAZone.create(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}

/** Offset of local time from UTC (s) in an IANA zone at an instant (epoch ms). */
export function zoneOffsetS(utcMs: number, timeZone: string): number {
  return zoneOf(timeZone).offset(utcMs) * 60;
}

/**
 * Offset (s) that places an activity on the calendar (spec/metrics.md section 2): its own offset, else the
 * athlete's zone at the instant it started.
 */
export function activityOffsetS(activity: Start, timeZone: string): number {
  return activity.utcOffsetS ?? zoneOffsetS(activity.startMs, timeZone);
}

/** Local calendar date (ISO) of an activity's start (spec/metrics.md section 2). */
export function localDateOf(activity: Start, timeZone: string): string {
  return isoDate(dayNumberAt(activity.startMs, activityOffsetS(activity, timeZone)));
}

/** Local start as an ISO date-time without offset, to the second (`2026-10-11T07:00:00`). */
export function localStartOf(activity: Start, timeZone: string): string {
  return localDateTimeAt(activity.startMs, activityOffsetS(activity, timeZone));
}

/** Local ISO date-time without offset, to the second, of an instant (epoch ms) at an offset (s). */
export function localDateTimeAt(utcMs: number, offsetS: number): string {
  const localMs = utcMs + offsetS * 1000;
  return new Date(Math.floor(localMs / 1000) * 1000).toISOString().slice(0, 19);
}
