import { Module } from '@nestjs/common';
import { AthletesModule } from '@loadwatch/feature/athletes';
import { LoadModule } from '@loadwatch/feature/load';
import { EvaluateRulesJob } from './evaluate-rules.job';
import { EvaluationTrigger } from './evaluation-trigger.service';
import { FindingsController } from './findings/findings.controller';
import { FindingsService } from './findings/findings.service';
import { RiskProfileController } from './risk-profile/risk-profile.controller';
import { RiskProfileService } from './risk-profile/risk-profile.service';
import { SymptomsController } from './symptoms/symptoms.controller';
import { SymptomsService } from './symptoms/symptoms.service';

/**
 * Health inputs and findings: symptom logs, the risk profile, findings and the `evaluate-rules` handler,
 * which rebuilds the load report through the LoadModule. Needs the global DbModule, QueueModule and
 * ConfigModule.
 */
@Module({
  imports: [AthletesModule, LoadModule],
  controllers: [SymptomsController, RiskProfileController, FindingsController],
  providers: [EvaluationTrigger, SymptomsService, RiskProfileService, FindingsService, EvaluateRulesJob],
})
export class RulesModule {}
