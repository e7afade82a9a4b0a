import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { encodeActivityFit } from '@loadwatch/domain/fit';
import type { PlannedRun } from './demo-plan';

/** A file as the upload service takes it. */
export interface DemoFile {
  originalname: string;
  buffer: Buffer;
}

/** Seconds between the records of a generated run: enough for speed work, small enough to seed quickly. */
export const DEMO_RECORD_EVERY_S = 5;

/** The UTC start and the offset of a planned run's local start in the athlete's zone (DST included). */
export function startOf(
  run: Pick<PlannedRun, 'date' | 'time'>,
  timeZone: string,
): {
  start: Date;
  utcOffsetS: number;
} {
  const local = DateTime.fromISO(`${run.date}T${run.time}`, { zone: timeZone });
  if (!local.isValid) throw new Error(`Not a local time in ${timeZone}: ${run.date} ${run.time}`);
  return { start: local.toJSDate(), utcOffsetS: local.offset * 60 };
}

/** A planned run as a real FIT activity file, written with the Garmin SDK's encoder. */
export function encodePlannedRun(run: PlannedRun, timeZone: string): DemoFile {
  const bytes = encodeActivityFit({
    ...startOf(run, timeZone),
    segments: run.segments,
    recordEveryS: DEMO_RECORD_EVERY_S,
  });
  return {
    originalname: `${run.date}_${run.time.replace(':', '')}_${run.label}.fit`,
    buffer: Buffer.from(bytes),
  };
}

const FIT_NAME = /\.(fit|fit\.gz|zip)$/i;

/** The FIT files (and .fit.gz, .zip) of a folder, by name; other files (SOURCES.tsv) are left out. */
export async function readSampleFiles(dir: string): Promise<DemoFile[]> {
  const names = (await readdir(dir)).filter((name) => FIT_NAME.test(name)).sort();
  const files: DemoFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    files.push({ originalname: name, buffer: await readFile(path) });
  }
  return files;
}
