import { Inject, Injectable, Logger } from '@nestjs/common';
import { WeeklyMetricsRepository } from '@loadwatch/data-access/db';
import { JOB_QUEUE, type JobQueue } from '@loadwatch/data-access/queue';
import { HIDDEN_FROM_COACHES } from './coach-load-view.service';

const PAGE_SIZE = 200;

export interface CoachViewsReconcileReport {
  /** Athletes whose `recompute-load` was queued. */
  queued: number;
}

/**
 * Queues `recompute-load` for every athlete with Strava-only runs and stored weeks whose coach view was never
 * computed (weeks written before weekly_metrics.coachView existed, or by a writer that knows nothing of it),
 * so that coach reads of athletes nobody recomputes (inactive ones) stop computing their weeks afresh
 * (CoachLoadViewService). Athletes without Strava-only runs are left: their weeks are right as stored.
 * Idempotent: the job is keyed by athlete, and once it ran the athlete's weeks all have a coach view. Run once
 * at start on the inline driver (LoadModule).
 */
@Injectable()
export class CoachViewsReconciler {
  private readonly logger = new Logger(CoachViewsReconciler.name);
  private pass: Promise<CoachViewsReconcileReport> | null = null;

  constructor(
    private readonly weeklyMetrics: WeeklyMetricsRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** One pass; a pass already running is joined. */
  reconcile(): Promise<CoachViewsReconcileReport> {
    this.pass ??= this.run().finally(() => (this.pass = null));
    return this.pass;
  }

  private async run(): Promise<CoachViewsReconcileReport> {
    const started = performance.now();
    const report: CoachViewsReconcileReport = { queued: 0 };
    let afterId: string | undefined;
    for (;;) {
      const page = await this.weeklyMetrics.findAthletesWithoutCoachViews(HIDDEN_FROM_COACHES, {
        afterId,
        limit: PAGE_SIZE,
      });
      if (page.length === 0) break;
      for (const athleteId of page) await this.queue.enqueue('recompute-load', { athleteId });
      report.queued += page.length;
      afterId = page[page.length - 1];
    }
    const message =
      `Reconciled coach views in ${Math.round(performance.now() - started)} ms: ` +
      `${report.queued} athletes with Strava-only runs and weeks without a coach view queued for a recompute.`;
    if (report.queued > 0) this.logger.log(message);
    else this.logger.debug(message);
    return report;
  }
}
