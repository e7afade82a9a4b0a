import { ingestJobs, type INGEST_QUEUE, type IngestFitPayload } from './queues/ingest.queue';
import { loadJobs, type LOAD_QUEUE, type RecomputeLoadPayload } from './queues/load.queue';
import { rulesJobs, type RULES_QUEUE, type EvaluateRulesPayload } from './queues/rules.queue';
import {
  syncJobs,
  type SYNC_QUEUE,
  type StravaActivityDeletePayload,
  type StravaActivityPayload,
  type StravaBackfillPayload,
  type StravaDeauthorizePayload,
} from './queues/sync.queue';
import {
  syncGarminJobs,
  type GarminBackfillPayload,
  type GarminDeregisterPayload,
  type GarminFilePayload,
  type GarminPermissionsPayload,
  type GarminPullPayload,
  type GarminSummaryPayload,
} from './queues/sync-garmin.queue';
import {
  notifyJobs,
  type NOTIFY_QUEUE,
  type DigestPagePayload,
  type NotifyFindingPayload,
  type SendAlertPayload,
  type SendInvitationPayload,
  type UrgentRedirectPayload,
  type WeeklyDigestPayload,
} from './queues/notify.queue';

/** Every job's payload: ids and natural keys only, never whole records (style.md, Jobs). */
export interface JobPayloads {
  'ingest-fit': IngestFitPayload;
  'recompute-load': RecomputeLoadPayload;
  'evaluate-rules': EvaluateRulesPayload;
  'notify-finding': NotifyFindingPayload;
  'send-alert': SendAlertPayload;
  'send-invitation': SendInvitationPayload;
  'send-redirect-confirmation': UrgentRedirectPayload;
  'send-redirect-notice': UrgentRedirectPayload;
  'digest-page': DigestPagePayload;
  'weekly-digest': WeeklyDigestPayload;
  'strava-backfill': StravaBackfillPayload;
  'strava-activity': StravaActivityPayload;
  'strava-activity-delete': StravaActivityDeletePayload;
  'strava-deauthorize': StravaDeauthorizePayload;
  'garmin-backfill': GarminBackfillPayload;
  'garmin-pull': GarminPullPayload;
  'garmin-summary': GarminSummaryPayload;
  'garmin-file': GarminFilePayload;
  'garmin-deregister': GarminDeregisterPayload;
  'garmin-permissions': GarminPermissionsPayload;
}

export type JobName = keyof JobPayloads;

export type QueueName =
  typeof SYNC_QUEUE | typeof INGEST_QUEUE | typeof LOAD_QUEUE | typeof RULES_QUEUE | typeof NOTIFY_QUEUE;

interface JobSpec<N extends JobName> {
  queue: QueueName;
  /** The natural key: the BullMQ jobId, and the key the handler is idempotent by. */
  jobId: (payload: JobPayloads[N]) => string;
  /**
   * A reconciler enqueues this job again from the database after a stop (provider backfills:
   * SyncReconciler), so the inline driver's `close` drops it rather than run it or keep it.
   */
  resumable?: (payload: JobPayloads[N]) => boolean;
}

// Sync comes first: its jobs enqueue into ingest (Garmin files) and load.
export const JOBS: { [N in JobName]: JobSpec<N> } = {
  ...syncJobs,
  ...syncGarminJobs,
  ...ingestJobs,
  ...loadJobs,
  ...rulesJobs,
  ...notifyJobs,
};

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
