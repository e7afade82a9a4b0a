/** `m:ss` per km, as the settings take and show a threshold pace. */
export const THRESHOLD_PACE_PATTERN = /^([1-9]|1[0-9]):[0-5][0-9]$/;

/** Seconds per km of a pace written `m:ss` (validated by THRESHOLD_PACE_PATTERN). */
export function parseThresholdPace(text: string): number {
  const [minutes, seconds] = text.split(':').map(Number);
  return minutes * 60 + seconds;
}

/** `m:ss` of a pace in seconds per km, to the nearest second. */
export function formatThresholdPace(secondsPerKm: number): string {
  const total = Math.round(secondsPerKm);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}
