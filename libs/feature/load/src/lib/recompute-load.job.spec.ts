import type {
  SymptomLogsRepository,
  UserEntity,
  UsersRepository,
  WeeklyMetricsRepository,
} from '@loadwatch/data-access/db';
import { JobRegistry, PermanentJobError, type JobQueue } from '@loadwatch/data-access/queue';
import type { LoadReport } from '@loadwatch/domain/training-load';
import type { LoadReportService } from './load-report.service';
import { RecomputeLoadJob } from './recompute-load.job';

function setup(athlete: UserEntity | null) {
  const report = { weeks: [{ weekStart: '2026-10-05' }, { weekStart: '2026-10-12' }] } as LoadReport;
  const users = { findById: jest.fn(async () => athlete) };
  const logs = { findDates: jest.fn(async () => ['2026-10-21']) };
  const weeks = { replaceForAthlete: jest.fn(async () => ({ written: 2, deleted: 1, unchanged: 0 })) };
  const withoutHidden = { weeks: [{ weekStart: '2026-10-12' }] } as LoadReport;
  const reports = {
    buildViews: jest.fn(async () => ({ asOf: '2026-10-25', report, withoutHidden, activities: [] })),
  };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const registry = new JobRegistry();
  const job = new RecomputeLoadJob(
    registry,
    queue as unknown as JobQueue,
    users as unknown as UsersRepository,
    logs as unknown as SymptomLogsRepository,
    weeks as unknown as WeeklyMetricsRepository,
    reports as unknown as LoadReportService,
    { now: () => 1234 },
  );
  job.onModuleInit();
  return { job, registry, weeks, reports, queue, report, withoutHidden };
}

describe('RecomputeLoadJob', () => {
  it('replaces the stored weeks and their coach view with the report of today, symptom dates included, then queues the rules', async () => {
    const athlete = { id: 'athlete-1', timeZone: 'UTC' } as UserEntity;
    const { registry, weeks, reports, queue, report, withoutHidden } = setup(athlete);
    await registry.get('recompute-load')({ athleteId: 'athlete-1' }, { attempt: 1 });
    expect(reports.buildViews).toHaveBeenCalledWith(athlete, ['2026-10-21'], ['strava']);
    expect(weeks.replaceForAthlete).toHaveBeenCalledWith(
      'athlete-1',
      report.weeks,
      1234,
      withoutHidden.weeks,
    );
    expect(queue.enqueue).toHaveBeenCalledWith('evaluate-rules', { athleteId: 'athlete-1' });
  });

  it('stops at once for an athlete that no longer exists', async () => {
    const { job, weeks, queue } = setup(null);
    await expect(job.handleRecomputeLoad({ athleteId: 'gone' })).rejects.toBeInstanceOf(PermanentJobError);
    expect(weeks.replaceForAthlete).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('rethrows a failed write, so the queue retries, and queues nothing yet', async () => {
    const { job, weeks, queue } = setup({ id: 'athlete-1' } as UserEntity);
    weeks.replaceForAthlete.mockRejectedValueOnce(new Error('deadlock detected'));
    await expect(job.handleRecomputeLoad({ athleteId: 'athlete-1' })).rejects.toThrow('deadlock detected');
    expect(queue.enqueue).not.toHaveBeenCalled();
  });
});
