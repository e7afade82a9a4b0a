import { DateTime } from 'luxon';

/** The Monday of the week the suite's dates were written in (on 2026-11-21). */
const WRITTEN_IN_WEEK = '2026-11-16';

/** The Monday (`YYYY-MM-DD`) of the UTC week of an instant: the athlete's week, whose zone stays UTC. */
export function mondayOf(ms: number): string {
  return DateTime.fromMillis(ms, { zone: 'utc' }).startOf('week').toISODate() as string;
}

/**
 * Whole weeks from the week the suite was written in to the current week (UTC), by which its data and dates
 * move, so that they stand to "now" as they did then. `DASHBOARD_E2E_SHIFT_WEEKS` forces the number.
 */
export function shiftWeeks(now = Date.now(), forced = process.env['DASHBOARD_E2E_SHIFT_WEEKS']): number {
  if (forced !== undefined && forced !== '') {
    const weeks = Number(forced);
    if (!Number.isInteger(weeks))
      throw new Error(`DASHBOARD_E2E_SHIFT_WEEKS must be a whole number: ${forced}`);
    return weeks;
  }
  const current = DateTime.fromISO(mondayOf(now), { zone: 'utc' });
  return Math.round(current.diff(DateTime.fromISO(WRITTEN_IN_WEEK, { zone: 'utc' }), 'weeks').weeks);
}

/** A local date (`YYYY-MM-DD`) moved by whole days. */
export function shiftDate(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;
}

const LONG = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const SHORT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A local date as the dashboard writes it (its formatLocalDate): `Sun, 18 Oct 2026`. */
export function longDate(date: string): string {
  return LONG.format(new Date(`${date}T00:00:00Z`));
}

/** A local date without its weekday: `18 Oct 2026`. */
export function shortDate(date: string): string {
  return SHORT.format(new Date(`${date}T00:00:00Z`));
}
