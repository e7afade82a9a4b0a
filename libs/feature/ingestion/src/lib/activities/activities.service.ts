import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ActivitiesRepository } from '@loadwatch/data-access/db';
import type { ActivitySource } from '@loadwatch/domain/activity';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import type { ActivityDetail, ActivitySummary, Page } from '@loadwatch/shared/contracts';
import type { PageQueryDto } from '../page-query.dto';
import { toActivityDetail, toActivitySummary } from './activity-views';

/** Who is looking: the athlete, or a linked coach (who may not see Strava-only activities). */
export type Viewer = 'owner' | 'coach';

/** Strava's API terms let an app show a user's Strava data only to that user (spec/rules.md section 7). */
const HIDDEN_FROM_COACHES: readonly ActivitySource[] = ['strava'];

@Injectable()
export class ActivitiesService {
  private readonly logger = new Logger(ActivitiesService.name);

  constructor(
    private readonly activities: ActivitiesRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async list(athleteId: string, page: PageQueryDto, viewer: Viewer): Promise<Page<ActivitySummary>> {
    const { items, total } = await this.activities.listByAthlete(athleteId, {
      ...page,
      excludeSources: viewer === 'coach' ? HIDDEN_FROM_COACHES : [],
    });
    return { items: items.map(toActivitySummary), total, limit: page.limit, offset: page.offset };
  }

  async get(athleteId: string, id: string, withStream: boolean, viewer: Viewer): Promise<ActivityDetail> {
    const activity = await this.activities.findOwned(athleteId, id);
    if (!activity || (viewer === 'coach' && HIDDEN_FROM_COACHES.includes(activity.source))) {
      throw new NotFoundException(`No activity ${id}.`);
    }
    return toActivityDetail(activity, withStream ? await this.activities.findStream(id) : undefined);
  }

  /** Deletes the athlete's activity and its stream, then queues the recompute of the athlete's weeks. */
  async delete(athleteId: string, id: string): Promise<void> {
    if (!(await this.activities.deleteOwned(athleteId, id)))
      throw new NotFoundException(`No activity ${id}.`);
    this.logger.log(`Athlete ${athleteId} deleted activity ${id}.`);
    try {
      await this.queue.enqueue('recompute-load', { athleteId });
    } catch (error) {
      this.logger.error(
        `Could not enqueue recompute-load for athlete ${athleteId}: ${(error as Error).message}`,
      );
    }
  }
}
