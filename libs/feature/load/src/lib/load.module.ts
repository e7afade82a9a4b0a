import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { CLOCK, systemClock } from './clock';
import { CoachLoadViewService } from './coach-load-view.service';
import { CoachViewsReconciler } from './coach-views-reconciler.service';
import { LoadReportService } from './load-report.service';
import { RecomputeLoadJob } from './recompute-load.job';
import { RosterController } from './roster/roster.controller';
import { RosterService } from './roster/roster.service';
import { WeeksController } from './weeks/weeks.controller';
import { WeeksService } from './weeks/weeks.service';

/**
 * Training load: the `recompute-load` handler, the weekly metrics routes, the coach's roster, and the load
 * report the rules build on. Needs the global DbModule, QueueModule and ConfigModule.
 */
@Module({
  imports: [AthletesModule],
  controllers: [WeeksController, RosterController],
  providers: [
    { provide: CLOCK, useValue: systemClock },
    LoadReportService,
    CoachLoadViewService,
    CoachViewsReconciler,
    WeeksService,
    RosterService,
    RecomputeLoadJob,
  ],
  exports: [CLOCK, LoadReportService, CoachLoadViewService, CoachViewsReconciler],
})
export class LoadModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LoadModule.name);
  private startPass: Promise<unknown> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly coachViews: CoachViewsReconciler,
  ) {}

  /**
   * On the inline driver this process runs the jobs, so it queues once at start, in the background, the
   * recomputes that store the coach views older weeks lack (as IngestionModule reconciles uploads). A coach
   * read of such weeks is right without it (CoachLoadViewService computes them afresh); this only spares
   * those reads.
   */
  onApplicationBootstrap(): void {
    if (this.config.queue.driver !== 'inline') return;
    this.startPass = this.coachViews.reconcile().catch((error: unknown) => {
      this.logger.warn(
        `Coach view reconciliation failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /** A stop right after the start waits for that pass, so it never queries a database being closed. */
  async onModuleDestroy(): Promise<void> {
    await this.startPass;
  }
}
