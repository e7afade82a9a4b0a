import { ingestJobs, type INGEST_QUEUE, type IngestFitPayload } from './queues/ingest.queue';
import { loadJobs, type LOAD_QUEUE, type RecomputeLoadPayload } from './queues/load.queue';
import { rulesJobs, type RULES_QUEUE, type EvaluateRulesPayload } from './queues/rules.queue';

/** Every job's payload: ids and natural keys only, never whole records (style.md, Jobs). */
export interface JobPayloads {
  'ingest-fit': IngestFitPayload;
  'recompute-load': RecomputeLoadPayload;
  'evaluate-rules': EvaluateRulesPayload;
}

export type JobName = keyof JobPayloads;

export type QueueName = typeof INGEST_QUEUE | typeof LOAD_QUEUE | typeof RULES_QUEUE;

interface JobSpec<N extends JobName> {
  queue: QueueName;
  /** The natural key: the BullMQ jobId, and the key the handler is idempotent by. */
  jobId: (payload: JobPayloads[N]) => string;
}

export const JOBS: { [N in JobName]: JobSpec<N> } = { ...ingestJobs, ...loadJobs, ...rulesJobs };

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** Every queue, in flow order (jobs only enqueue into later queues). */
export const QUEUES: readonly QueueName[] = [...new Set(JOB_NAMES.map((name) => JOBS[name].queue))];

export const QUEUE_NAMES: string[] = [...QUEUES];

/**
 * Debounce windows: a job enqueued again while it still waits is the same job, and it waits this long
 * before it runs. One enqueued while the same job runs is kept and runs after it (it may have missed the
 * change), so a burst of changes gives a run per window, never a missed one.
 */
export const JOB_DEBOUNCE_MS: Partial<Record<JobName, number>> = {
  'recompute-load': 2000,
  'evaluate-rules': 500,
};
