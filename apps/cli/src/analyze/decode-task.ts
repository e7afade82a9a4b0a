import type { Activity } from '@loadwatch/domain/activity';
import { decodeFit, FitDecodeError } from '@loadwatch/domain/fit';

export interface DecodeTask {
  bytes: Uint8Array;
  /** First 16 hex digits of the file's sha256: activity ids are stable across runs. */
  idPrefix: string;
}

export type DecodeOutcome =
  | { ok: true; activities: Activity[]; warnings: string[]; decoder: string }
  | { ok: false; code: string; reason: string };

/**
 * Decodes one file and slims its activities for the analyzer: only runs keep a record stream, and only
 * the time, distance and speed arrays the speed-share maths reads (spec/metrics.md section 5). This keeps
 * the memory of a ten-year history to a few bytes per record.
 */
export async function runDecodeTask(task: DecodeTask): Promise<DecodeOutcome> {
  try {
    const decoded = await decodeFit(task.bytes, { idPrefix: task.idPrefix });
    return {
      ok: true,
      activities: decoded.activities.map(slim),
      warnings: decoded.warnings,
      decoder: decoded.decoder,
    };
  } catch (error) {
    if (error instanceof FitDecodeError) return { ok: false, code: error.code, reason: error.message };
    return { ok: false, code: 'internal', reason: `decoder failure: ${(error as Error).message}` };
  }
}

function slim(activity: Activity): Activity {
  if (!activity.stream || activity.sportClass !== 'running') return { ...activity, stream: null };
  const { timeS, distanceM, speedMps } = activity.stream;
  return {
    ...activity,
    stream: { timeS, distanceM, speedMps, altitudeM: [], heartRateBpm: [], cadenceSpm: [] },
  };
}
