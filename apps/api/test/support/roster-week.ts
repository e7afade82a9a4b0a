import {
  dayNumberAt,
  isoDate,
  weekStartOf,
  zoneOffsetS,
  type WeekStartDay,
} from '@loadwatch/domain/training-load';

/** The first date of the current week in a zone, as the roster computes it. */
export function currentWeekStartOf(timeZone: string, weekStart: WeekStartDay, nowMs: number): string {
  return weekStartOf(isoDate(dayNumberAt(nowMs, zoneOffsetS(nowMs, timeZone))), weekStart);
}
