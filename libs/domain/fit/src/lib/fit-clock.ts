import { FIT_EPOCH_MS, type FitFileContent } from './fit-content';

/** FIT `date_time` values below 0x10000000 s are seconds since device power-on, not UTC (FIT profile). */
const SYSTEM_TIME_LIMIT_MS = FIT_EPOCH_MS + 0x10000000 * 1000;
const OFFSET_STEP_S = 15 * 60;
const MAX_OFFSET_S = 14 * 3600;

/** How to turn one FIT file's times into UTC, and the file's local offset. */
export interface FileClock {
  /** Added to every time of the file (non-zero only for device-relative times). */
  shiftMs: number;
  utcOffsetS: number | null;
  warnings: string[];
}

/** True for a FIT time that counts from device power-on rather than from the FIT epoch. */
export function isDeviceRelative(ms: number): boolean {
  return ms < SYSTEM_TIME_LIMIT_MS;
}

/**
 * The clock of one FIT file, given its earliest activity time `referenceMs`; null when the file's times are
 * device-relative and nothing in it anchors them to real time.
 *
 * The offset is `activity.local_timestamp - activity.timestamp` (spec/metrics.md section 2), rounded to
 * 15 minutes (the two are written a moment apart, and every real zone offset is a multiple of 15 min) and
 * dropped when beyond ±14 h. Device-relative files (old watches without a set clock, cameras) are anchored
 * by `local_timestamp` (then times are local wall-clock, stored with offset 0 so the local date is right)
 * or else by `file_id.time_created` (taken as the recording's start, offset unknown).
 */
export function resolveClock(content: FitFileContent, referenceMs: number): FileClock | null {
  const activity = content.activity;
  const timestampMs = activity?.timestampMs ?? null;
  const localMs = activity?.localTimestampMs ?? null;
  if (!isDeviceRelative(referenceMs)) {
    return { shiftMs: 0, ...localOffset(timestampMs, localMs) };
  }
  if (
    timestampMs !== null &&
    localMs !== null &&
    isDeviceRelative(timestampMs) &&
    !isDeviceRelative(localMs)
  ) {
    return {
      shiftMs: localMs - timestampMs,
      utcOffsetS: 0,
      warnings: [
        'timestamps are relative to device power-on; they were anchored by activity.local_timestamp and ' +
          'are local wall-clock time (UTC offset unknown, stored as 0)',
      ],
    };
  }
  const createdMs = content.timeCreatedMs;
  if (createdMs !== null && !isDeviceRelative(createdMs)) {
    return {
      shiftMs: createdMs - referenceMs,
      utcOffsetS: null,
      warnings: ['timestamps are relative to device power-on; the start was taken from file_id.time_created'],
    };
  }
  return null;
}

function localOffset(
  timestampMs: number | null,
  localMs: number | null,
): { utcOffsetS: number | null; warnings: string[] } {
  if (timestampMs === null || localMs === null) return { utcOffsetS: null, warnings: [] };
  if (isDeviceRelative(timestampMs) || isDeviceRelative(localMs)) {
    return {
      utcOffsetS: null,
      warnings: ['activity.local_timestamp is not a real local time; offset unknown'],
    };
  }
  const rawS = (localMs - timestampMs) / 1000;
  // `+ 0` turns -0 into 0.
  const utcOffsetS = Math.round(rawS / OFFSET_STEP_S) * OFFSET_STEP_S + 0;
  if (Math.abs(utcOffsetS) > MAX_OFFSET_S) {
    return { utcOffsetS: null, warnings: [`local time offset of ${rawS} s is beyond ±14 h; ignored`] };
  }
  return { utcOffsetS, warnings: [] };
}
