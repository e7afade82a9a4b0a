import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  ActivitiesRepository,
  ActivitySourcesRepository,
  UsersRepository,
  type ActivityEntity,
  type SourceSummary,
} from '@loadwatch/data-access/db';
import type { ActivitySource } from '@loadwatch/domain/activity';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import type { ActivityDetail, ActivitySplitResult, ActivitySummary, Page } from '@loadwatch/shared/contracts';
import type { PageQueryDto } from '../page-query.dto';
import { toActivityDetail, toActivitySummary } from './activity-views';

/** Who is looking: the athlete, or a linked coach (who may not see Strava-only activities). */
export type Viewer = 'owner' | 'coach';

/**
 * Strava's API terms let an app show a user's Strava data only to that user (spec/rules.md section 7). An
 * activity's `source` is its primary source, which is Strava only when Strava is its only source; a merged
 * activity's fields never come from Strava (libs/domain/activity mergeSources), and a coach is not shown
 * its Strava provenance.
 */
const HIDDEN_FROM_COACHES: readonly ActivitySource[] = ['strava'];

@Injectable()
export class ActivitiesService {
  private readonly logger = new Logger(ActivitiesService.name);

  constructor(
    private readonly activities: ActivitiesRepository,
    private readonly sources: ActivitySourcesRepository,
    private readonly users: UsersRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(athleteId: string, page: PageQueryDto, viewer: Viewer): Promise<Page<ActivitySummary>> {
    const { items, total } = await this.activities.listByAthlete(athleteId, {
      ...page,
      excludeSources: viewer === 'coach' ? HIDDEN_FROM_COACHES : [],
    });
    const provenances = await this.sources.listByActivities(items.map((a) => a.id));
    return {
      items: items.map((activity) =>
        toActivitySummary(activity, visible(provenances.get(activity.id), viewer)),
      ),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  async get(athleteId: string, id: string, withStream: boolean, viewer: Viewer): Promise<ActivityDetail> {
    const activity = await this.activities.findOwned(athleteId, id);
    if (!activity || (viewer === 'coach' && HIDDEN_FROM_COACHES.includes(activity.source))) {
      throw new NotFoundException(`No activity ${id}.`);
    }
    return this.detail(activity, viewer, withStream);
  }

  /**
   * Deletes the athlete's activity with its stream and sources, for good: a Strava or Garmin copy of it is
   * not imported again (ActivitiesRepository.deleteOwned). Then queues the recompute of the athlete's weeks.
   */
  async delete(athleteId: string, id: string): Promise<void> {
    if (!(await this.activities.deleteOwned(athleteId, id, this.clock.now())))
      throw new NotFoundException(`No activity ${id}.`);
    this.logger.log(`Athlete ${athleteId} deleted activity ${id}.`);
    await this.enqueueRecompute(athleteId);
  }

  /**
   * Undoes a merge: the source becomes an activity of its own and is never merged again (a re-sync or
   * a repeated upload keeps it apart); both activities get their fields chosen again.
   */
  async split(athleteId: string, id: string, sourceId: string): Promise<ActivitySplitResult> {
    const athlete = await this.users.findById(athleteId);
    if (!athlete) throw new NotFoundException(`No activity ${id}.`);
    const result = await this.sources.split(athleteId, id, sourceId, athlete.timeZone, this.clock.now());
    if (result.kind === 'not-found') throw new NotFoundException(`Activity ${id} has no source ${sourceId}.`);
    if (result.kind === 'only-source') {
      throw new ConflictException(`Activity ${id} has a single source: there is no merge to undo.`);
    }
    this.logger.log(`Athlete ${athleteId} split source ${sourceId} off activity ${id}.`);
    await this.enqueueRecompute(athleteId);
    const [kept, split] = await Promise.all([
      this.activities.findOwned(athleteId, result.activityId),
      this.activities.findOwned(athleteId, result.splitActivityId),
    ]);
    if (!kept || !split) throw new NotFoundException(`No activity ${id}.`);
    return {
      activity: await this.detail(kept, 'owner', false),
      split: await this.detail(split, 'owner', false),
    };
  }

  private async detail(
    activity: ActivityEntity,
    viewer: Viewer,
    withStream: boolean,
  ): Promise<ActivityDetail> {
    const provenances = await this.sources.listByActivities([activity.id]);
    return toActivityDetail(
      activity,
      visible(provenances.get(activity.id), viewer),
      withStream ? await this.activities.findStream(activity.id) : undefined,
    );
  }

  private async enqueueRecompute(athleteId: string): Promise<void> {
    try {
      await this.queue.enqueue('recompute-load', { athleteId });
    } catch (error) {
      this.logger.error(
        `Could not enqueue recompute-load for athlete ${athleteId}: ${(error as Error).message}`,
      );
    }
  }
}

function visible(sources: readonly SourceSummary[] = [], viewer: Viewer): SourceSummary[] {
  return viewer === 'coach' ? sources.filter((s) => !HIDDEN_FROM_COACHES.includes(s.source)) : [...sources];
}
