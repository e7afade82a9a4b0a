import { Inject, Injectable, Logger, NotFoundException, type OnModuleInit } from '@nestjs/common';
import {
  JOB_QUEUE,
  JobRegistry,
  PermanentJobError,
  RetryLaterError,
  type JobContext,
  type JobQueue,
  type StravaActivityDeletePayload,
  type StravaActivityPayload,
  type StravaBackfillPayload,
  type StravaDeauthorizePayload,
} from '@loadwatch/data-access/queue';
import type { ProviderConnectionEntity } from '@loadwatch/data-access/db';
import { ProviderActivitiesService } from '@loadwatch/feature/ingestion';
import { StravaApiError, toActivity, type StravaSummaryActivity } from '@loadwatch/integrations/strava';
import { ConnectionsService, ConnectionUnavailableError, isNewSource } from '../connections.service';
import { ConnectionLocks } from '../locks/connection-locks';
import type { RatePriority } from '../rate-limit/rate-limiter';
import { StravaApi } from './strava-api.service';

const PAGE_SIZE = 200;
/**
 * When a `delete` event Strava does not confirm yet is checked again (after the event's own check): its API
 * may still show an activity its webhook already reported deleted. After the last check the activity stays.
 */
export const DELETE_RECHECK_DELAYS_MS: readonly number[] = [60_000, 10 * 60_000, 60 * 60_000];

/**
 * The Strava jobs of the `sync` queue. Errors: a gone or refused connection stops the job for good; a 5xx,
 * a malformed body or a network failure is recorded on the connection and rethrown (retried with backoff);
 * a rate limit puts the job back as a delayed job (RetryLaterError, from StravaApi). A backfill's calls (its
 * list pages and the activities it queues) use the backfill's share of the read budget, everything a
 * webhook event brings the whole budget (stravaPriority), so events pass while a large backfill waits.
 *
 * Webhook events are hints, never trusted as facts (they are not signed): an activity is imported only as
 * Strava shows it to its owner with the owner's token, removed only when Strava no longer shows it to them,
 * and a deauthorization ends the connection only when Strava refuses our refresh token. The import and the
 * removal of one activity run under one lock, so a create fetched before a delete cannot land after it.
 */
@Injectable()
export class StravaSyncJobs implements OnModuleInit {
  private readonly logger = new Logger(StravaSyncJobs.name);

  constructor(
    private readonly registry: JobRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly api: StravaApi,
    private readonly connections: ConnectionsService,
    private readonly activities: ProviderActivitiesService,
    private readonly locks: ConnectionLocks,
  ) {}

  onModuleInit(): void {
    this.registry.register('strava-backfill', (p) =>
      this.guard(p.connectionId, () => this.handleBackfill(p)),
    );
    this.registry.register('strava-activity', (p, context) =>
      this.countingFailures(p, context, () => this.guard(p.connectionId, () => this.handleActivity(p))),
    );
    this.registry.register('strava-activity-delete', (p) =>
      this.guard(p.connectionId, () => this.handleActivityDelete(p)),
    );
    this.registry.register('strava-deauthorize', (p) => this.handleDeauthorize(p));
  }

  /**
   * One page of the history, newest first, from the stored cursor (`before`, epoch s): each activity not
   * already held is queued (a resumed or repeated backfill fetches nothing twice; those held count as done),
   * the cursor moves to the page's oldest start, then the next step is queued; an empty page ends the
   * listing. A step is keyed by the cursor it lists from (`stravaBackfillStep`), so the sync reconciler can
   * name the one step a stalled run needs, and a retried step whose page was already taken hands over to
   * the current one. Paging by `before` rather than `page` keeps a resumed backfill right when activities
   * arrive meanwhile. Assumption: `before` is strict (activity-apis.md §1.4 [U]), so a second activity
   * starting in the very same second as a page's oldest one would be skipped: accepted, it cannot be a run.
   */
  async handleBackfill({ connectionId, runId, step }: StravaBackfillPayload): Promise<void> {
    const started = performance.now();
    const row = await this.connections.findById(connectionId);
    if (!row || row.status !== 'active' || row.backfillRunId !== runId || row.backfillFinishedAtMs !== null) {
      this.logger.log(`Backfill run ${runId} of connection ${connectionId} is over; step ${step} skipped.`);
      return;
    }
    const current = stravaBackfillStep(row);
    if (step !== current) {
      await this.queue.enqueue('strava-backfill', { connectionId, runId, step: current });
      return;
    }
    const before = row.backfillCursor === null ? undefined : Number(row.backfillCursor);
    const page = await this.api.call(connectionId, 'the activity list', 'backfill', (token) =>
      this.api.client.listActivities(token, { before, perPage: PAGE_SIZE }),
    );
    if (page.length === 0) {
      const total = row.backfillTotal ?? 0;
      await this.connections.recordSync(connectionId, {
        syncState: row.backfillDone < total ? 'backfilling' : 'idle',
        backfillCursor: null,
        backfillFinishedAtMs: Date.now(),
        backfillTotal: total,
        resumesAtMs: null,
      });
      this.logger.log(`Backfill run ${runId} of connection ${connectionId} listed all ${total} activities.`);
      return;
    }
    const oldest = Math.min(...page.map((a) => Math.floor(Date.parse(a.start_date ?? '') / 1000)));
    const cursor = Number.isFinite(oldest) && (before === undefined || oldest < before) ? oldest : null;
    if (cursor === null)
      throw new PermanentJobError(
        `A page of connection ${connectionId} has no start dates before the cursor`,
      );
    const ids = page.map((activity) => String(activity.id));
    const held = await this.activities.storedExternalIds(row.athleteId, 'strava', ids);
    for (const activityId of ids.filter((id) => !held.has(id))) {
      await this.queue.enqueue('strava-activity', {
        connectionId,
        activityId,
        revision: `backfill-${runId}`,
      });
    }
    const advanced = await this.connections.advanceBackfill(connectionId, {
      runId,
      fromCursor: row.backfillCursor,
      toCursor: String(cursor),
      listed: page.length,
      done: held.size,
    });
    if (!advanced) {
      this.logger.log(`Backfill step ${step} of connection ${connectionId} was taken meanwhile; skipped.`);
      return;
    }
    await this.queue.enqueue('strava-backfill', { connectionId, runId, step: String(cursor) });
    this.logger.log(
      `Backfill step ${step} of connection ${connectionId}: ${page.length} activities ` +
        `(${held.size} already held) in ${elapsed(started)} ms.`,
    );
  }

  /**
   * Fetches the activity, its laps and streams (404 on streams: a manual activity, no stream) and imports
   * it. An activity Strava no longer shows to the athlete (404), or one that is not theirs (an event naming
   * another athlete's public activity), is removed rather than imported.
   */
  handleActivity(payload: StravaActivityPayload): Promise<void> {
    return this.locks.exclusive(activityLock(payload), () => this.importActivity(payload));
  }

  private async importActivity(payload: StravaActivityPayload): Promise<void> {
    const { connectionId, activityId, revision } = payload;
    const started = performance.now();
    const priority = stravaPriority(payload);
    const row = await this.connections.findById(connectionId);
    if (!row || row.status !== 'active') return;
    if (await this.activities.deletedByAthlete(row.athleteId, 'strava', activityId)) {
      // Deleted by the athlete in Loadwatch (an update event, a backfill queued before the deletion): its
      // reads of Strava's shared budget would be spent on an import that stores nothing.
      if (revision === `backfill-${row.backfillRunId}`)
        await this.connections.addBackfillDone(connectionId, 1);
      this.logger.log(`Strava activity ${activityId} of connection ${connectionId}: deleted-by-athlete.`);
      return;
    }
    const summary = await this.fetchOwned(connectionId, row.externalAthleteId, activityId, priority);
    if (!summary) {
      // Deleted, made private or never the athlete's: nothing to import, and no copy kept.
      await this.activities.removeProviderActivity({
        athleteId: row.athleteId,
        provider: 'strava',
        externalId: activityId,
      });
      if (revision === `backfill-${row.backfillRunId}`)
        await this.connections.addBackfillDone(connectionId, 1);
      return;
    }
    const laps = summary.manual
      ? []
      : await this.api.call(connectionId, `laps of ${activityId}`, priority, (token) =>
          this.api.client.getLaps(token, activityId),
        );
    const streams = summary.manual
      ? null
      : await this.api.call(connectionId, `streams of ${activityId}`, priority, (token) =>
          this.api.client.getStreams(token, activityId),
        );
    let activity;
    try {
      activity = toActivity(summary, laps, streams);
    } catch (error) {
      // Counted as processed by countingFailures: the backfill finishes, the failure is kept with the job.
      throw new PermanentJobError(
        `Strava activity ${activityId} cannot be read: ${(error as Error).message}`,
      );
    }
    const result = await this.activities.importProviderActivity({
      athleteId: row.athleteId,
      provider: 'strava',
      externalId: activityId,
      activity,
    });
    if (revision === `backfill-${row.backfillRunId}`) await this.connections.addBackfillDone(connectionId, 1);
    await this.connections.recordSuccess(connectionId, isNewSource(result.outcome) ? 1 : 0);
    this.logger.log(
      `Strava activity ${activityId} of connection ${connectionId}: ${result.outcome} in ${elapsed(started)} ms.`,
    );
  }

  /**
   * A `delete` event, confirmed first: Strava must answer 404 to the athlete's own token (or show the id as
   * someone else's). Events reach us only through the secret webhook URL, so one Strava does not confirm
   * yet is checked again later (DELETE_RECHECK_DELAYS_MS, each check a job of its own: a delete event
   * delivered again within the day is one job, by its id, and must not end the checks); an activity Strava
   * still shows its owner after the last check stays.
   */
  handleActivityDelete(payload: StravaActivityDeletePayload): Promise<void> {
    return this.locks.exclusive(activityLock(payload), () => this.removeActivity(payload));
  }

  private async removeActivity({
    connectionId,
    activityId,
    check,
  }: StravaActivityDeletePayload): Promise<void> {
    const row = await this.connections.findById(connectionId);
    if (!row || row.status !== 'active') return;
    // Deleted by the athlete in Loadwatch already: nothing is stored, so nothing to confirm with Strava.
    if (await this.activities.deletedByAthlete(row.athleteId, 'strava', activityId)) return;
    if (await this.fetchOwned(connectionId, row.externalAthleteId, activityId, 'live')) {
      const done = Number(check ?? '1');
      const delayMs = DELETE_RECHECK_DELAYS_MS[done - 1];
      if (delayMs === undefined) {
        this.logger.warn(
          `A delete event for Strava activity ${activityId} of connection ${connectionId} was not confirmed ` +
            `after ${done} checks: Strava still has it, so it stays.`,
        );
        return;
      }
      await this.queue.enqueue(
        'strava-activity-delete',
        { connectionId, activityId, check: String(done + 1) },
        { delayMs },
      );
      this.logger.log(
        `A delete event for Strava activity ${activityId} of connection ${connectionId} is not confirmed yet ` +
          `(check ${done}); checked again in ${Math.round(delayMs / 1000)} s.`,
      );
      return;
    }
    const { removed } = await this.activities.removeProviderActivity({
      athleteId: row.athleteId,
      provider: 'strava',
      externalId: activityId,
    });
    this.logger.log(
      `Strava activity ${activityId} of connection ${connectionId} deleted (${removed ? 'removed' : 'not stored'}).`,
    );
  }

  /**
   * The athlete revoked us at Strava: the connection ends and its tokens are deleted, once confirmed. An
   * event from before the connection was made (a late retry of a revocation the athlete has since undone by
   * connecting again) is ignored. Otherwise the refresh token is tried: Strava refuses it after a
   * deauthorization (400); if it still works, the event was not true and the connection stays (with the
   * renewed tokens). A transient failure retries the job.
   */
  async handleDeauthorize({ externalAthleteId, eventTime }: StravaDeauthorizePayload): Promise<void> {
    const row = await this.connections.findByExternal('strava', externalAthleteId);
    if (!row) return;
    if ((Number(eventTime) + 1) * 1000 <= row.connectedAtMs) {
      this.logger.log(`A deauthorization of connection ${row.id} older than the connection: ignored.`);
      return;
    }
    if (row.status === 'active') {
      try {
        await this.connections.forceRefresh(row.id);
        this.logger.warn(
          `A deauthorization event for connection ${row.id} was not confirmed: Strava still renews its token.`,
        );
        return;
      } catch (error) {
        if (!(error instanceof ConnectionUnavailableError)) throw error;
      }
    }
    await this.connections.markDisconnected(row.id, "You revoked Loadwatch's access on Strava.");
  }

  /**
   * The activity as Strava shows it to the connection's athlete; null when Strava answers 404 or the
   * activity belongs to someone else (Strava shows other athletes' public activities too).
   */
  private async fetchOwned(
    connectionId: string,
    owner: string | null,
    activityId: string,
    priority: RatePriority,
  ): Promise<StravaSummaryActivity | null> {
    try {
      const summary = await this.api.call(connectionId, `activity ${activityId}`, priority, (token) =>
        this.api.client.getActivity(token, activityId),
      );
      return owner !== null && String(summary.athlete?.id) === owner ? summary : null;
    } catch (error) {
      if (error instanceof StravaApiError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  /**
   * An activity job of the current backfill run that fails for good (a permanent error, or a transient one
   * on its last attempt) still counts as processed: the run finishes, with the error recorded on the
   * connection, instead of being started over for it by the sync reconciler again and again (each time
   * listing the whole history and fetching it again). No progress, though: the count of fruitless resumes
   * stays.
   */
  private async countingFailures(
    payload: StravaActivityPayload,
    context: JobContext,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      const forGood =
        error instanceof PermanentJobError || (context.final === true && !(error instanceof RetryLaterError));
      if (forGood) {
        const row = await this.connections.findById(payload.connectionId);
        if (row && payload.revision === `backfill-${row.backfillRunId}`) {
          await this.connections.addBackfillDone(payload.connectionId, 1, false);
        }
      }
      throw error;
    }
  }

  private async guard(connectionId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof RetryLaterError || error instanceof PermanentJobError) throw error;
      if (error instanceof ConnectionUnavailableError || error instanceof NotFoundException) {
        throw new PermanentJobError(error.message);
      }
      if (error instanceof StravaApiError) {
        await this.connections.recordError(connectionId, `Strava: ${error.message}`);
        if (error.transient) throw error;
        throw new PermanentJobError(error.message);
      }
      throw error;
    }
  }
}

function activityLock(payload: { connectionId: string; activityId: string }): string {
  return `strava-activity:${payload.connectionId}:${payload.activityId}`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

/**
 * Whose share of the read budget an activity job uses: one a backfill queued (`backfill-<runId>`, of any
 * run) the backfill's, one a webhook event queued (`event-<event_time>`) the whole budget. Derived from the
 * revision, which the job id already holds, so ids and their idempotency stay as they were.
 */
export function stravaPriority(payload: Pick<StravaActivityPayload, 'revision'>): RatePriority {
  return payload.revision.startsWith('backfill-') ? 'backfill' : 'live';
}

/** The step of a backfill run that lists from the connection's stored cursor: `start`, or `before` epoch s. */
export function stravaBackfillStep(row: Pick<ProviderConnectionEntity, 'backfillCursor'>): string {
  return row.backfillCursor ?? 'start';
}
