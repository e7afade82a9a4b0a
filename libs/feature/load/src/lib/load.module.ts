import { Module } from '@nestjs/common';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { CLOCK, systemClock } from './clock';
import { CoachLoadViewService } from './coach-load-view.service';
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
    WeeksService,
    RosterService,
    RecomputeLoadJob,
  ],
  exports: [CLOCK, LoadReportService, CoachLoadViewService],
})
export class LoadModule {}
