import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JOBS, type JobName, type JobPayloads } from './jobs';

/** A job the inline driver could not run before it stopped, to run after the next start. */
export interface CarriedJob {
  name: JobName;
  payload: JobPayloads[JobName];
  /** When it was due (epoch ms): a rate limit's end, or a scheduled check's time. */
  runAtMs: number;
}

/** Where the inline driver keeps the jobs a stop would otherwise lose (InlineJobQueue.close). */
export interface JobCarryOver {
  /** Adds these to what is kept. */
  save(jobs: readonly CarriedJob[]): Promise<void>;
  /** Everything kept, which is then no longer kept. */
  take(): Promise<CarriedJob[]>;
}

/**
 * One JSON file in the data folder (DATA_DIR/queue/carried-over.json, owner-only), written whole under a
 * temporary name and renamed, so a crash leaves the old file or the new one. Payloads are ids and natural
 * keys (callback URLs travel sealed), as in Redis on the BullMQ driver.
 */
export class FileJobCarryOver implements JobCarryOver {
  constructor(private readonly file: string) {}

  async save(jobs: readonly CarriedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const all = [...(await this.read()), ...jobs];
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${randomUUID()}.partial`;
    await writeFile(temporary, JSON.stringify(all), { mode: 0o600 });
    await rename(temporary, this.file);
  }

  async take(): Promise<CarriedJob[]> {
    const jobs = await this.read();
    await rm(this.file, { force: true });
    return jobs;
  }

  private async read(): Promise<CarriedJob[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    // A job name this version no longer has is left out rather than refusing the start.
    return parsed.filter(
      (job): job is CarriedJob =>
        typeof job === 'object' &&
        job !== null &&
        typeof job.name === 'string' &&
        job.name in JOBS &&
        typeof job.payload === 'object' &&
        job.payload !== null &&
        typeof job.runAtMs === 'number',
    );
  }
}
