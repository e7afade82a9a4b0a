import { createHash } from 'node:crypto';
import { SYNC_QUEUE } from './sync.queue';

/**
 * Garmin's jobs on queue `sync` (Strava's are in sync.queue.ts). Garmin notifications are answered at once
 * and their work is done here. Garmin users are named by their Garmin `userId`; the connection is looked up
 * when the job runs. Callback URLs carry a one-time `token`, so they travel sealed (TokenCipher of the
 * connections feature) and job ids hold only a hash of them.
 */

/** History requested from Garmin on connect, in windows of at most 30 days (G1 §8). Epoch seconds. */
export interface GarminBackfillPayload {
  connectionId: string;
  fromS: string;
  toS: string;
}

/** A summary ping: pull the summaries at its callback URL and import them. */
export interface GarminPullPayload {
  userId: string;
  sealedCallbackUrl: string;
  /** sha256 of the callback URL, 16 hex: the natural key of the ping. */
  urlHash: string;
}

/**
 * A pushed summary (push mode delivers the data itself, and Garmin offers no fetch by id, so the summary
 * travels in the payload as JSON; it holds no token).
 */
export interface GarminSummaryPayload {
  userId: string;
  summaryId: string;
  summaryJson: string;
}

/** An activity file notice: download once from the one-time URL, store it, ingest it as FIT. */
export interface GarminFilePayload {
  userId: string;
  summaryId: string;
  activityId: string;
  fileType: string;
  sealedCallbackUrl: string;
}

/** The user disconnected us in Garmin Connect (or we deregistered them): the connection ends. */
export interface GarminDeregisterPayload {
  userId: string;
  receivedAtMs: string;
}

/** The user changed what they share; without ACTIVITY_EXPORT nothing can sync. */
export interface GarminPermissionsPayload {
  userId: string;
  /** Comma-separated Garmin permissions, e.g. `ACTIVITY_EXPORT,HEALTH_EXPORT`. */
  permissions: string;
  changeTimeS: string;
}

/** The natural key of a callback URL, for job ids (never the URL itself: it carries a token). */
export function callbackUrlHash(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

export const syncGarminJobs = {
  'garmin-backfill': {
    queue: SYNC_QUEUE,
    jobId: (p: GarminBackfillPayload) => `garmin-backfill:${p.connectionId}:${p.fromS}:${p.toS}`,
    resumable: () => true,
  },
  'garmin-pull': {
    queue: SYNC_QUEUE,
    jobId: (p: GarminPullPayload) => `garmin-pull:${p.userId}:${p.urlHash}`,
  },
  'garmin-summary': {
    queue: SYNC_QUEUE,
    jobId: (p: GarminSummaryPayload) =>
      `garmin-summary:${p.userId}:${p.summaryId}:${createHash('sha256').update(p.summaryJson).digest('hex').slice(0, 16)}`,
  },
  'garmin-file': {
    queue: SYNC_QUEUE,
    jobId: (p: GarminFilePayload) => `garmin-file:${p.userId}:${p.summaryId}`,
  },
  'garmin-deregister': {
    queue: SYNC_QUEUE,
    jobId: (p: GarminDeregisterPayload) => `garmin-deregister:${p.userId}:${p.receivedAtMs}`,
  },
  'garmin-permissions': {
    queue: SYNC_QUEUE,
    jobId: (p: GarminPermissionsPayload) => `garmin-permissions:${p.userId}:${p.changeTimeS}`,
  },
} as const;
