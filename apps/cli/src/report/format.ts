import type { Units } from '../analyze/analyze-options';

const METRES_PER_MILE = 1609.344;

/** Metres shown in the athlete's units, with one decimal. */
export function formatDistance(metres: number | null, units: Units): string {
  if (metres === null) return '–';
  const value = units === 'mi' ? metres / METRES_PER_MILE : metres / 1000;
  return `${value.toFixed(1)} ${units}`;
}

/** A fraction as a signed percentage (0.0667 -> +6.7 %). */
export function formatChange(fraction: number | null): string {
  if (fraction === null) return '–';
  const pct = fraction * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

/** A fraction as a percentage (0.071 -> 7.1 %). */
export function formatShare(fraction: number | null): string {
  return fraction === null ? '–' : `${(fraction * 100).toFixed(1)} %`;
}

export function formatRatio(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

/** A speed in m/s as a pace per km or mile (4.1667 m/s -> 4:00/km). */
export function formatPace(speedMps: number | null, units: Units): string {
  if (speedMps === null || speedMps <= 0) return '–';
  const seconds = Math.round((units === 'mi' ? METRES_PER_MILE : 1000) / speedMps);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}/${units}`;
}
