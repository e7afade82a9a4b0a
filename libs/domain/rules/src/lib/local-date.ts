import { DateTime } from 'luxon';
import type { WeekStartDay } from '@loadwatch/domain/training-load';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** First date of the week holding `date`, for weeks starting on Monday or Sunday (spec/metrics.md section 2). */
export function weekStartOf(date: string, weekStart: WeekStartDay): string {
  const weekday = new Date(Date.parse(date)).getUTCDay();
  const back = weekStart === 'monday' ? (weekday + 6) % 7 : weekday;
  return addDays(date, -back);
}
