import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ActivitySourcesRepository,
  UsersRepository,
  type SourceImported,
  AthleteGoneError,
} from '@loadwatch/data-access/db';
import { JOB_QUEUE, PermanentJobError, type JobQueue } from '@loadwatch/data-access/queue';
import type { Activity } from '@loadwatch/domain/activity';
import { CLOCK, type Clock } from '@loadwatch/feature/load';

export type ActivityProvider = 'strava' | 'garmin';

export interface ProviderActivityInput {
  athleteId: string;
  provider: ActivityProvider;
  /** The provider's activity id (Strava `id`, Garmin `activityId`). */
  externalId: string;
  /** Normalized (libs/domain/activity); `stream` null when the provider has none (a manual activity). */
  activity: Activity;
}

export interface ProviderActivityRef {
  athleteId: string;
  provider: ActivityProvider;
  externalId: string;
}

/**
 * The way provider syncs (Strava, Garmin summaries) store activities: each provider activity is one
 * provenance, merged with the FIT upload and the other provider's copy of the same run (libs/domain/activity
 * merge.ts). Both calls are idempotent by (athlete, provider, external id) and transactional; each queues
 * `recompute-load` of the athlete, also when nothing changed, so a job retried after a failed enqueue still
 * gets its recompute (the job is debounced per athlete). A provider activity the athlete deleted in Loadwatch
 * is never imported again (outcome `deleted-by-athlete`, nothing stored, nothing to recompute).
 */
@Injectable()
export class ProviderActivitiesService {
  private readonly logger = new Logger(ProviderActivitiesService.name);

  constructor(
    private readonly sources: ActivitySourcesRepository,
    private readonly users: UsersRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A source already stored is rewritten in place (its activity's fields chosen again). On a provider
   * `update` that moved its start or a duration (Strava lets athletes edit the start time and trim a
   * recording), a source alone in its activity is matched again and joins the activity of the same run if
   * there is one (its own activity goes, the outcome stays `updated`: the run is not new), else its load
   * would count twice. A source that shares its activity stays merged (the match was true when made, the
   * device file's fields win anyway, and taking it apart is the athlete's undo); one the athlete split off
   * never merges again (ActivitySourcesRepository.importSource).
   * @throws PermanentJobError when the athlete does not exist (a retry cannot help).
   */
  async importProviderActivity(input: ProviderActivityInput): Promise<SourceImported> {
    const timeZone = await this.timeZoneOf(input.athleteId);
    const { id: _id, ...activity } = input.activity;
    const result = await permanentIfGone(
      this.sources.importSource(
        {
          athleteId: input.athleteId,
          source: input.provider,
          externalId: input.externalId,
          uploadId: null,
          activity: { ...activity, source: input.provider },
        },
        timeZone,
        this.clock.now(),
      ),
    );
    if (result.outcome === 'deleted-by-athlete') {
      this.logger.log(
        `${input.provider} activity ${input.externalId} of athlete ${input.athleteId} was deleted by the ` +
          'athlete: not imported.',
      );
      return result;
    }
    this.logger.log(
      `${input.provider} activity ${input.externalId} of athlete ${input.athleteId}: ${result.outcome} ` +
        `(activity ${result.activityId}).`,
    );
    await this.queue.enqueue('recompute-load', { athleteId: input.athleteId });
    return result;
  }

  /** Removes a provider's copy; the activity stays while another source (a FIT upload, ...) holds it. */
  async removeProviderActivity(input: ProviderActivityRef): Promise<{ removed: boolean }> {
    const timeZone = await this.timeZoneOf(input.athleteId);
    const removed = await this.sources.removeSource(
      input.athleteId,
      input.provider,
      input.externalId,
      timeZone,
      this.clock.now(),
    );
    if (!removed) return { removed: false };
    this.logger.log(
      `${input.provider} activity ${input.externalId} of athlete ${input.athleteId} removed ` +
        `(activity ${removed.activityId}).`,
    );
    await this.queue.enqueue('recompute-load', { athleteId: input.athleteId });
    return { removed: true };
  }

  /**
   * Whether the athlete deleted this provider activity in Loadwatch: an import would store nothing, so a sync
   * need not spend provider requests fetching it (the import refuses it all the same).
   */
  deletedByAthlete(athleteId: string, provider: ActivityProvider, externalId: string): Promise<boolean> {
    return this.sources.isDeletedByAthlete(athleteId, provider, externalId);
  }

  /**
   * Which of these activities of a provider the athlete already holds or deleted in Loadwatch (a backfill
   * does not fetch them again).
   */
  storedExternalIds(
    athleteId: string,
    provider: ActivityProvider,
    externalIds: readonly string[],
  ): Promise<Set<string>> {
    return this.sources.findStoredExternalIds(athleteId, provider, externalIds);
  }

  private async timeZoneOf(athleteId: string): Promise<string> {
    const athlete = await this.users.findById(athleteId);
    if (!athlete) throw new PermanentJobError(`Athlete ${athleteId} does not exist.`);
    return athlete.timeZone;
  }
}

/** An athlete deleted while the import was on its way: nothing to store, and a retry cannot help. */
export async function permanentIfGone<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AthleteGoneError) throw new PermanentJobError(error.message);
    throw error;
  }
}
