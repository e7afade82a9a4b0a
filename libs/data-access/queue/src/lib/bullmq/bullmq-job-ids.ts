import { randomBytes } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import { JOB_DEBOUNCE_MS, JOBS, type JobName, type JobPayloads } from '../jobs';

/** BullMQ refuses ':' in custom job ids (it separates its Redis keys): natural keys are written with '.'. */
export function bullmqJobId(naturalKey: string): string {
  return naturalKey.replaceAll(':', '.');
}

/**
 * The job id and options of one `add()`.
 *
 * Most jobs: the jobId is the natural key, so adding the same key again is a no-op whatever the job's state
 * (waiting, running, done or failed and kept): `ingest-fit` of an upload runs once.
 *
 * Debounced jobs (`JOB_DEBOUNCE_MS`: recompute-load, evaluate-rules) rebuild state from whatever is committed,
 * so they must run again after every change, but not once per change. A plain jobId cannot do that: an add
 * while the job with that id is ACTIVE is dropped, so a change committed after the running recompute read
 * its inputs would never be recomputed (and a kept completed job would swallow every later add). Instead the
 * natural key is BullMQ's deduplication id with `keepLastIfActive`, decided atomically in Redis:
 * - no job of the key waits or runs: a new job is added, delayed by the window;
 * - one waits (delayed or waiting): the add is dropped, the waiting job has not read anything yet;
 * - one runs: the add is kept aside and becomes a new job, with the same delay, when the running one
 *   finishes (completed or failed), so the change is recomputed. At most one runs and one waits per key.
 * Each such job gets a unique jobId (the natural key, then a time and random suffix) so that the job made
 * after the running one never collides with it. No clocks are compared: a time-bucketed jobId would
 * depend on the producer's and the worker's clocks agreeing.
 */
export function bullmqAdd<N extends JobName>(
  name: N,
  payload: JobPayloads[N],
  delayMs?: number,
): { jobId: string; opts: JobsOptions } {
  const key = JOBS[name].jobId(payload);
  const window = JOB_DEBOUNCE_MS[name];
  if (window === undefined) {
    return { jobId: bullmqJobId(key), opts: { jobId: bullmqJobId(key), delay: delayMs } };
  }
  const jobId = `${bullmqJobId(key)}.${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    jobId,
    opts: { jobId, delay: delayMs ?? window, deduplication: { id: key, keepLastIfActive: true } },
  };
}
