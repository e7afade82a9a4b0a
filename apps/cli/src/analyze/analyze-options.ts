import { availableParallelism } from 'node:os';
import { DateTime, IANAZone } from 'luxon';
import { paceToSpeed, type WeekStartDay } from '@loadwatch/domain/training-load';
import { UsageError } from '../usage-error';

export type Units = 'km' | 'mi';

export interface AnalyzeOptions {
  paths: string[];
  timeZone: string;
  weekStart: WeekStartDay;
  /** Threshold speed from `--threshold-pace` (m/s), or null to estimate it. */
  thresholdSpeedMps: number | null;
  asOf: string | null;
  units: Units;
  json: boolean;
  htmlPath: string | null;
  symptomsPath: string | null;
  profilePath: string | null;
  returnToRunPath: string | null;
  /** Decode worker threads; 0 decodes in the main thread. */
  jobs: number;
  progress: boolean;
}

export interface RawAnalyzeOptions {
  tz?: string;
  weekStart?: string;
  thresholdPace?: string;
  asOf?: string;
  units?: string;
  json?: boolean;
  html?: string;
  symptoms?: string;
  profile?: string;
  returnToRun?: string;
  jobs?: string;
  progress?: boolean;
}

/**
 * `--threshold-pace`: m:ss per km, or per mile with a `/mi` suffix, as a speed in m/s (spec/metrics.md
 * section 5, step 1).
 */
export function parseThresholdPace(text: string): number {
  try {
    return paceToSpeed(text.trim());
  } catch (error) {
    throw new UsageError(
      `--threshold-pace: expected m:ss per km, or m:ss/mi (e.g. 4:00 or 6:26/mi): ${(error as Error).message}`,
    );
  }
}

/** A real calendar date written as YYYY-MM-DD. */
export function parseIsoDate(text: string, option: string): string {
  const date = DateTime.fromFormat(text, 'yyyy-MM-dd', { zone: 'utc' });
  if (!date.isValid) throw new UsageError(`${option}: expected a date as YYYY-MM-DD, got '${text}'`);
  return text;
}

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Validates every option; the first bad one is reported as a UsageError naming it. */
export function resolveAnalyzeOptions(paths: string[], raw: RawAnalyzeOptions): AnalyzeOptions {
  if (paths.length === 0) throw new UsageError('analyze: give at least one FIT file, folder or zip archive');

  const timeZone = raw.tz ?? machineTimeZone();
  if (!IANAZone.isValidZone(timeZone)) {
    throw new UsageError(`--tz: '${timeZone}' is not an IANA time zone (e.g. Europe/London)`);
  }
  const weekStart = raw.weekStart ?? 'monday';
  if (weekStart !== 'monday' && weekStart !== 'sunday') {
    throw new UsageError(`--week-start: expected monday or sunday, got '${weekStart}'`);
  }
  const units = raw.units ?? 'km';
  if (units !== 'km' && units !== 'mi') throw new UsageError(`--units: expected km or mi, got '${units}'`);

  let jobs = defaultJobs();
  if (raw.jobs !== undefined) {
    jobs = Number(raw.jobs);
    if (!Number.isInteger(jobs) || jobs < 0 || jobs > 64) {
      throw new UsageError(`--jobs: expected a whole number from 0 to 64, got '${raw.jobs}'`);
    }
  }

  return {
    paths,
    timeZone,
    weekStart,
    thresholdSpeedMps: raw.thresholdPace === undefined ? null : parseThresholdPace(raw.thresholdPace),
    asOf: raw.asOf === undefined ? null : parseIsoDate(raw.asOf, '--as-of'),
    units,
    json: raw.json ?? false,
    htmlPath: raw.html ?? null,
    symptomsPath: raw.symptoms ?? null,
    profilePath: raw.profile ?? null,
    returnToRunPath: raw.returnToRun ?? null,
    jobs,
    progress: raw.progress ?? true,
  };
}

/** One decode thread per core, up to four: decoding is CPU-bound and the main thread reads the files. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}
