import { Module } from '@nestjs/common';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { CLOCK, systemClock } from './clock';
import { LoadReportService } from './load-report.service';
import { RecomputeLoadJob } from './recompute-load.job';
import { WeeksController } from './weeks/weeks.controller';
import { WeeksService } from './weeks/weeks.service';

/**
 * Training load: the `recompute-load` handler, the weekly metrics routes, and the load report the rules
 * build on. Needs the global DbModule, QueueModule and ConfigModule.
 */
@Module({
  imports: [AthletesModule],
  controllers: [WeeksController],
  providers: [{ provide: CLOCK, useValue: systemClock }, LoadReportService, WeeksService, RecomputeLoadJob],
  exports: [CLOCK, LoadReportService],
})
export class LoadModule {}
