import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  RiskProfilesRepository,
  UsersRepository,
  type RiskProfileVersionEntity,
} from '@loadwatch/data-access/db';
import { CLOCK, LoadReportService, type Clock } from '@loadwatch/feature/load';
import type { RiskProfileResponse, RiskProfileVersionView } from '@loadwatch/shared/contracts';
import { EvaluationTrigger } from '../evaluation-trigger.service';
import { parseRiskProfileBody } from '../health-input';

/**
 * The opt-in risk profile (spec/rules.md section 1), versioned by the date from which a version applies: a
 * save for a date that has a version replaces it, any other date adds one.
 */
@Injectable()
export class RiskProfileService {
  private readonly logger = new Logger(RiskProfileService.name);

  constructor(
    private readonly versions: RiskProfilesRepository,
    private readonly users: UsersRepository,
    private readonly loadReports: LoadReportService,
    private readonly evaluation: EvaluationTrigger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(athleteId: string): Promise<RiskProfileResponse> {
    const versions = await this.versions.listByAthlete(athleteId);
    return { athleteId, versions: versions.map(toRiskProfileVersionView) };
  }

  async save(athleteId: string, body: unknown): Promise<RiskProfileVersionView> {
    const athlete = await this.users.findById(athleteId);
    if (!athlete) throw new NotFoundException(`No athlete ${athleteId}.`);
    const { date, answers } = parseRiskProfileBody(body, this.loadReports.today(athlete));
    const { version, replaced } = await this.versions.saveVersion(athleteId, date, answers, this.clock.now());
    this.logger.log(
      `Athlete ${athleteId} ${replaced ? 'replaced' : 'added'} risk profile version ${version.id}.`,
    );
    await this.evaluation.request(athleteId);
    return toRiskProfileVersionView(version);
  }
}

export function toRiskProfileVersionView(version: RiskProfileVersionEntity): RiskProfileVersionView {
  return {
    ...version.answers,
    id: version.id,
    date: version.effectiveDate,
    savedAt: new Date(version.createdAtMs).toISOString(),
  };
}
