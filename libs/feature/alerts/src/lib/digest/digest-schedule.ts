import { DateTime } from 'luxon';

/** When digests go out by default: Monday (ISO weekday 1) at 07:00 local time (spec/rules.md section 6). */
export const DIGEST_DUE: DigestDue = { weekday: 1, hour: 7 };

/** The local weekday (ISO, 1 = Monday) and hour digests are due at: `mail.digestDue` of the config. */
export interface DigestDue {
  weekday: number;
  hour: number;
}

type WeekStart = 'monday' | 'sunday';

/**
 * The week a recipient's digest is due for at `nowMs`, or null when it is not due. Due from Monday 07:00
 * local time until the end of that Monday: a tick every 15 minutes sends it within 15 minutes of 07:00,
 * and workers that were down at 07:00 still send it later that day. After Monday it is not sent: a
 * digest of last week arriving mid-week says less than the dashboard. The week is the recipient's last
 * complete week (by their week-start setting); luxon's zones make DST changes a non-event. `due` moves the
 * day and hour (DIGEST_WEEKDAY, DIGEST_HOUR): the week is still the last complete one.
 */
export function dueDigestWeek(
  nowMs: number,
  timeZone: string,
  weekStart: WeekStart,
  due: DigestDue = DIGEST_DUE,
): string | null {
  const local = localTime(nowMs, timeZone);
  if (local.weekday !== due.weekday || local.hour < due.hour) return null;
  return lastCompleteWeek(nowMs, timeZone, weekStart);
}

/** The first local date of the last complete week at `nowMs` in the zone. */
export function lastCompleteWeek(nowMs: number, timeZone: string, weekStart: WeekStart): string {
  const today = localTime(nowMs, timeZone).startOf('day');
  const intoWeek = weekStart === 'monday' ? today.weekday - 1 : today.weekday % 7;
  return today.minus({ days: intoWeek + 7 }).toISODate() as string;
}

/** A local date plus days (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate() as string;
}

/** A stored zone that is not valid (it cannot be, the API checks it) falls back to UTC rather than never. */
function localTime(nowMs: number, timeZone: string): DateTime {
  const local = DateTime.fromMillis(nowMs, { zone: timeZone });
  return local.isValid ? local : DateTime.fromMillis(nowMs, { zone: 'UTC' });
}
