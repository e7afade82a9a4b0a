import { BadRequestException, Injectable } from '@nestjs/common';
import { WeeklyMetricsRepository } from '@loadwatch/data-access/db';
import type { WeekMetricsView, WeeksResponse } from '@loadwatch/shared/contracts';
import type { WeeksQueryDto } from './weeks-query.dto';

@Injectable()
export class WeeksService {
  constructor(private readonly weeklyMetrics: WeeklyMetricsRepository) {}

  /** The stored weeks of an athlete whose start lies in [from, to], oldest first. */
  async list(athleteId: string, { from, to }: WeeksQueryDto): Promise<WeeksResponse> {
    if (from && to && from > to) throw new BadRequestException('from must not be after to');
    const rows = await this.weeklyMetrics.findRange(athleteId, from, to);
    const weeks: WeekMetricsView[] = rows.map((row) => row.metrics);
    return { athleteId, weeks };
  }
}
