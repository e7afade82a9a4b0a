import { BadRequestException, Injectable } from '@nestjs/common';
import { WeeklyMetricsRepository } from '@loadwatch/data-access/db';
import type { WeekMetricsView, WeeksResponse } from '@loadwatch/shared/contracts';
import { CoachLoadViewService } from '../coach-load-view.service';
import type { WeeksQueryDto } from './weeks-query.dto';

@Injectable()
export class WeeksService {
  constructor(
    private readonly weeklyMetrics: WeeklyMetricsRepository,
    private readonly coachView: CoachLoadViewService,
  ) {}

  /** The stored weeks of an athlete whose start lies in [from, to], oldest first. */
  async list(athleteId: string, { from, to }: WeeksQueryDto): Promise<WeeksResponse> {
    if (from && to && from > to) throw new BadRequestException('from must not be after to');
    const rows = await this.weeklyMetrics.findRange(athleteId, from, to);
    const weeks: WeekMetricsView[] = rows.map((row) => row.metrics);
    return { athleteId, weeks };
  }

  /**
   * A coach's view: the same weeks, without Strava-only runs when there are any (the coach view the last
   * recompute stored with them; computed afresh only for weeks stored without one, CoachLoadViewService).
   */
  async listForCoach(athleteId: string, { from, to }: WeeksQueryDto): Promise<WeeksResponse> {
    if (from && to && from > to) throw new BadRequestException('from must not be after to');
    return { athleteId, weeks: await this.coachView.coachWeeks(athleteId, from, to) };
  }
}
