import { runTransaction } from '../transactions';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RiskProfileVersionEntity } from '../entities/risk-profile-version.entity';

/** Versions of the opt-in risk profile: health data, one version per athlete and effective date. */
@Injectable()
export class RiskProfilesRepository {
  constructor(
    @InjectRepository(RiskProfileVersionEntity)
    private readonly versions: Repository<RiskProfileVersionEntity>,
  ) {}

  /**
   * Saves a version: it replaces the version of the same effective date, else it is added. `createdAtMs` is
   * the time of the last save, so a replaced version reads as changed after the findings built on it.
   */
  saveVersion(
    athleteId: string,
    effectiveDate: string,
    answers: Record<string, unknown>,
    nowMs: number,
  ): Promise<{ version: RiskProfileVersionEntity; replaced: boolean }> {
    return runTransaction(this.versions.manager, async (manager) => {
      const repository = manager.getRepository(RiskProfileVersionEntity);
      const existing = await repository.findOneBy({ athleteId, effectiveDate });
      if (existing) {
        const version = await repository.save(Object.assign(existing, { answers, createdAtMs: nowMs }));
        return { version, replaced: true };
      }
      const version = Object.assign(new RiskProfileVersionEntity(), {
        id: randomUUID(),
        athleteId,
        effectiveDate,
        answers,
        createdAtMs: nowMs,
      });
      return { version: await repository.save(version), replaced: false };
    });
  }

  /** Every version of an athlete, the latest effective date first. */
  listByAthlete(athleteId: string): Promise<RiskProfileVersionEntity[]> {
    return this.versions.find({ where: { athleteId }, order: { effectiveDate: 'DESC' } });
  }
}
