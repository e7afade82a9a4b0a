import type { DistanceUnits } from '@loadwatch/shared/contracts';

const METRES_PER_MILE = 1609.344;

export interface DisplaySettings {
  units: DistanceUnits;
  timeZone: string;
}

export const DEFAULT_DISPLAY: DisplaySettings = { units: 'km', timeZone: 'UTC' };

/** Metres in the user's unit: a number (for charts). */
export function distanceValue(metres: number, units: DistanceUnits): number {
  return units === 'mi' ? metres / METRES_PER_MILE : metres / 1000;
}

/** `42.0 km`, `26.1 mi`; an em dash for null. */
export function formatDistance(metres: number | null | undefined, units: DistanceUnits, digits = 1): string {
  if (metres === null || metres === undefined) return '—';
  return `${distanceValue(metres, units).toFixed(digits)} ${units}`;
}

/** A fraction as a percentage: 0.0667 -> `6.7 %`; signed for changes (`+31.3 %`). */
export function formatPercent(fraction: number | null | undefined, signed = false, digits = 1): string {
  if (fraction === null || fraction === undefined) return '—';
  const text = `${(fraction * 100).toFixed(digits)} %`;
  return signed && fraction > 0 ? `+${text}` : text;
}

export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : ratio.toFixed(2);
}

/** A local calendar date (`2026-10-18`) as `Sun 18 Oct 2026`; the date is already in the athlete's zone. */
export function formatLocalDate(date: string, options: Intl.DateTimeFormatOptions = {}): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
    ...options,
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** `18 Oct`: short, for axes and week names. */
export function formatShortDate(date: string): string {
  return formatLocalDate(date, { weekday: undefined, year: undefined });
}

/** An instant in the user's time zone: `21 Nov 2026, 13:05`. */
export function formatInstant(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

/** How long ago an instant was, coarse: `3 days ago`. */
export function formatAge(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'no data';
  const hours = (now.getTime() - new Date(iso).getTime()) / 3_600_000;
  if (hours < 1) return 'within the hour';
  if (hours < 24) return `${Math.floor(hours)} h ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** Local date of a day in an IANA zone (`YYYY-MM-DD`). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Days since the Unix epoch of a local date, for chart positions. */
export function dateToEpochS(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `snake_case` vocabulary as words: `sacrum_buttock` -> `sacrum buttock`. */
export function humanize(token: string): string {
  return token.replace(/[_-]/g, ' ');
}

/** A duration in seconds as `1:02:03` or `42:05`; an em dash for null. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
