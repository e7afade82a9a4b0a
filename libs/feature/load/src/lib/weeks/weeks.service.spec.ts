import { BadRequestException } from '@nestjs/common';
import type { WeeklyMetricEntity, WeeklyMetricsRepository } from '@loadwatch/data-access/db';
import type { CoachLoadViewService } from '../coach-load-view.service';
import { WeeksService } from './weeks.service';

describe('WeeksService', () => {
  const rows = [{ metrics: { weekStart: '2026-10-05' } }, { metrics: { weekStart: '2026-10-12' } }];
  const repository = { findRange: jest.fn(async () => rows as WeeklyMetricEntity[]) };
  const coachView = { weeksWithoutHidden: jest.fn(async () => null) };
  const service = new WeeksService(
    repository as unknown as WeeklyMetricsRepository,
    coachView as unknown as CoachLoadViewService,
  );

  it('returns the stored week metrics in the range', async () => {
    await expect(service.list('athlete-1', { from: '2026-10-01', to: '2026-10-31' })).resolves.toEqual({
      athleteId: 'athlete-1',
      weeks: [{ weekStart: '2026-10-05' }, { weekStart: '2026-10-12' }],
    });
    expect(repository.findRange).toHaveBeenCalledWith('athlete-1', '2026-10-01', '2026-10-31');
  });

  it('refuses a range that ends before it starts', async () => {
    await expect(service.list('athlete-1', { from: '2026-11-01', to: '2026-10-01' })).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });
});
