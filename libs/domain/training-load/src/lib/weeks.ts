import type { WeekStartDay } from './types';
import { dayNumber, isoDate } from './dates';

/** Day number of the first day of the week holding `day` (1970-01-01, day 0, was a Thursday). */
export function weekStartDayNumber(day: number, weekStart: WeekStartDay): number {
  const shift = weekStart === 'monday' ? 3 : 4;
  return day - ((((day + shift) % 7) + 7) % 7);
}

/**
 * First local date of the week holding `date`, which names the week (spec/metrics.md section 2). Weeks are
 * 7 calendar days, Monday (or Sunday) to the day before the next week starts, whatever DST does.
 */
export function weekStartOf(date: string, weekStart: WeekStartDay): string {
  return isoDate(weekStartDayNumber(dayNumber(date), weekStart));
}

/** Last local date of the week holding `date` (spec/metrics.md section 2). */
export function weekEndOf(date: string, weekStart: WeekStartDay): string {
  return isoDate(weekStartDayNumber(dayNumber(date), weekStart) + 6);
}

/** The 7 local dates of the week holding `date`, in order. */
export function weekDates(date: string, weekStart: WeekStartDay): string[] {
  const first = weekStartDayNumber(dayNumber(date), weekStart);
  return Array.from({ length: 7 }, (_, i) => isoDate(first + i));
}
