/**
 * Calendar dates as whole day numbers (days since 1970-01-01). A local calendar date is a label, not an
 * instant, so date arithmetic needs no time zone: a DST week still has 7 days (spec/metrics.md section 2).
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a local ISO date (`2026-11-16`); throws a RangeError on anything else. */
export function dayNumber(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`Not an ISO date (yyyy-mm-dd): "${isoDate}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: "${isoDate}"`);
  }
  return ms / MS_PER_DAY;
}

/** Local ISO date of a day number. */
export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The ISO date `days` calendar days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return isoDate(dayNumber(date) + days);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Day number of the local date of an instant shifted by an offset (s). */
export function dayNumberAt(utcMs: number, offsetS: number): number {
  return Math.floor((utcMs + offsetS * 1000) / MS_PER_DAY);
}
