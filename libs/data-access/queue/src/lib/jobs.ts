import { ingestJobs, type IngestFitPayload } from './queues/ingest.queue';
import { loadJobs, type RecomputeLoadPayload } from './queues/load.queue';
import { rulesJobs, type EvaluateRulesPayload } from './queues/rules.queue';

/** Every job's payload: ids and natural keys only, never whole records (style.md, Jobs). */
export interface JobPayloads {
  'ingest-fit': IngestFitPayload;
  'recompute-load': RecomputeLoadPayload;
  'evaluate-rules': EvaluateRulesPayload;
}

export type JobName = keyof JobPayloads;

interface JobSpec<N extends JobName> {
  queue: string;
  /** The natural key: the BullMQ jobId, and the key the handler is idempotent by. */
  jobId: (payload: JobPayloads[N]) => string;
}

export const JOBS: { [N in JobName]: JobSpec<N> } = { ...ingestJobs, ...loadJobs, ...rulesJobs };

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export const QUEUE_NAMES = [...new Set(JOB_NAMES.map((name) => JOBS[name].queue))];

/** Debounce windows: a job enqueued again within its window while still waiting is the same job. */
export const JOB_DEBOUNCE_MS: Partial<Record<JobName, number>> = {
  'recompute-load': 2000,
  'evaluate-rules': 500,
};
