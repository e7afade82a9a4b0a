/**
 * Queue `sync`: provider connections (Strava here; Garmin's jobs in sync-garmin.queue.ts on the same queue).
 * Payloads carry ids and natural keys only: the connection, the provider's activity id, and what makes a
 * run distinct (a backfill run and its step, a webhook event's time).
 */
export const SYNC_QUEUE = 'sync';

/**
 * One step of a connection's history backfill: fetches the next page of `GET /athlete/activities` from the
 * cursor stored on the connection, queues each activity, then queues the next step. `step` names the cursor
 * the step lists from, so each continuation is a distinct job and the sync reconciler can ensure the one a
 * stalled run needs from the database alone.
 */
export interface StravaBackfillPayload {
  connectionId: string;
  runId: string;
  /** `start`, or the `before` cursor in epoch seconds (payload values are strings). */
  step: string;
}

/**
 * Fetches one Strava activity (summary, laps, streams) and imports it. `revision`: `backfill-<runId>` or
 * `event-<event_time>`, so an update event refetches while the same event delivered twice runs once. It
 * also says whose share of Strava's read budget the job uses (a backfill's, or the whole budget for an
 * event's: stravaPriority in libs/feature/connections), so the job id needs nothing more.
 */
export interface StravaActivityPayload {
  connectionId: string;
  activityId: string;
  revision: string;
}

/**
 * A Strava `delete` event: the activity's Strava provenance is removed once Strava confirms it. `check`:
 * absent for the event's own job, `2`, `3`, ... for the later checks of a delete Strava did not confirm yet
 * (its API may lag behind its events), each a job of its own.
 */
export interface StravaActivityDeletePayload {
  connectionId: string;
  activityId: string;
  check?: string;
}

/** A Strava athlete `update` with `authorized: "false"`: the athlete revoked us; disconnect, delete tokens. */
export interface StravaDeauthorizePayload {
  externalAthleteId: string;
  /** The event's `event_time` (epoch s), as a string. */
  eventTime: string;
}

export const syncJobs = {
  'strava-backfill': {
    queue: SYNC_QUEUE,
    jobId: (p: StravaBackfillPayload) => `strava-backfill:${p.connectionId}:${p.runId}:${p.step}`,
    resumable: () => true,
  },
  'strava-activity': {
    queue: SYNC_QUEUE,
    jobId: (p: StravaActivityPayload) => `strava-activity:${p.connectionId}:${p.activityId}:${p.revision}`,
    // A backfill's activity is listed again by the run the sync reconciler starts over; an event's is not.
    resumable: (p: StravaActivityPayload) => p.revision.startsWith('backfill-'),
  },
  'strava-activity-delete': {
    queue: SYNC_QUEUE,
    jobId: (p: StravaActivityDeletePayload) =>
      `strava-activity-delete:${p.connectionId}:${p.activityId}${p.check ? `:check-${p.check}` : ''}`,
  },
  'strava-deauthorize': {
    queue: SYNC_QUEUE,
    jobId: (p: StravaDeauthorizePayload) => `strava-deauthorize:${p.externalAthleteId}:${p.eventTime}`,
  },
} as const;
