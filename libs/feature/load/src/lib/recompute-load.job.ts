import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SymptomLogsRepository, UsersRepository, WeeklyMetricsRepository } from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  JobRegistry,
  PermanentJobError,
  type JobQueue,
  type RecomputeLoadPayload,
} from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from './clock';
import { HIDDEN_FROM_COACHES } from './coach-load-view.service';
import { LoadReportService } from './load-report.service';

/**
 * `recompute-load` (design.md, step 3): rebuilds all of an athlete's weeks from the stored activities and
 * replaces the stored weekly metrics, then queues `evaluate-rules`. When some runs came only from Strava, the
 * coach's view of the weeks (the same computation without them, spec/rules.md section 7) is stored with them
 * in the same transaction, so coach reads never recompute (CoachLoadViewService). Every change of which runs
 * are Strava-only (a Strava import or removal, a FIT upload merging into one, a split, a deletion) queues
 * this job. Idempotent by athlete: running it again writes nothing that changed.
 */
@Injectable()
export class RecomputeLoadJob implements OnModuleInit {
  private readonly logger = new Logger(RecomputeLoadJob.name);

  constructor(
    private readonly registry: JobRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly users: UsersRepository,
    private readonly symptomLogs: SymptomLogsRepository,
    private readonly weeklyMetrics: WeeklyMetricsRepository,
    private readonly loadReports: LoadReportService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register('recompute-load', (payload) => this.handleRecomputeLoad(payload));
  }

  async handleRecomputeLoad({ athleteId }: RecomputeLoadPayload): Promise<void> {
    const started = performance.now();
    this.logger.log(`Recomputing the load of athlete ${athleteId}.`);
    const athlete = await this.users.findById(athleteId);
    if (!athlete) throw new PermanentJobError(`Athlete ${athleteId} does not exist.`);
    const { report, withoutHidden } = await this.loadReports.buildViews(
      athlete,
      await this.symptomLogs.findDates(athleteId),
      HIDDEN_FROM_COACHES,
    );
    const result = await this.weeklyMetrics.replaceForAthlete(
      athleteId,
      report.weeks,
      this.clock.now(),
      withoutHidden?.weeks ?? null,
    );
    await this.queue.enqueue('evaluate-rules', { athleteId });
    this.logger.log(
      `Recomputed the load of athlete ${athleteId} in ${Math.round(performance.now() - started)} ms: ` +
        `${report.weeks.length} weeks${withoutHidden ? ' (and a coach view)' : ''}, ${result.written} written, ` +
        `${result.deleted} deleted.`,
    );
  }
}
