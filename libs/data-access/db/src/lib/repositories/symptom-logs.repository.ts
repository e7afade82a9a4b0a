import { isUniqueViolation, runTransaction } from '../transactions';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, LessThanOrEqual, MoreThanOrEqual, Not, Repository, type FindOperator } from 'typeorm';
import { SymptomLogEntity } from '../entities/symptom-log.entity';

/** The fields of a symptom log the athlete writes. */
export type SymptomLogValues = Omit<SymptomLogEntity, 'id' | 'athleteId' | 'createdAtMs' | 'updatedAtMs'>;

/** Another log of the athlete already holds this date and region (one log per day and region). */
export class SymptomLogConflictError extends Error {
  constructor(
    readonly date: string,
    readonly region: string,
  ) {
    super(`A symptom log for ${region} on ${date} already exists`);
    this.name = 'SymptomLogConflictError';
  }
}

/** Symptom logs: health data, one per athlete, date and region. */
@Injectable()
export class SymptomLogsRepository {
  constructor(@InjectRepository(SymptomLogEntity) private readonly logs: Repository<SymptomLogEntity>) {}

  /** @throws SymptomLogConflictError when the athlete already has a log for that date and region. */
  create(athleteId: string, values: SymptomLogValues, nowMs: number): Promise<SymptomLogEntity> {
    return runTransaction(this.logs.manager, async (manager) => {
      await assertFree(manager.getRepository(SymptomLogEntity), athleteId, values.date, values.region);
      const log = Object.assign(new SymptomLogEntity(), {
        ...values,
        id: randomUUID(),
        athleteId,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      });
      await manager.insert(SymptomLogEntity, log).catch(rethrowConflict(values));
      return log;
    });
  }

  /**
   * Replaces the values of an athlete's log; null when the athlete has no such log.
   * @throws SymptomLogConflictError when the new date and region belong to another log.
   */
  update(
    athleteId: string,
    id: string,
    values: SymptomLogValues,
    nowMs: number,
  ): Promise<SymptomLogEntity | null> {
    return runTransaction(this.logs.manager, async (manager) => {
      const repository = manager.getRepository(SymptomLogEntity);
      const existing = await repository.findOneBy({ id, athleteId });
      if (!existing) return null;
      await assertFree(repository, athleteId, values.date, values.region, id);
      const updated = Object.assign(existing, values, { updatedAtMs: nowMs });
      await repository.update({ id }, { ...values, updatedAtMs: nowMs }).catch(rethrowConflict(values));
      return updated;
    });
  }

  async deleteOwned(athleteId: string, id: string): Promise<boolean> {
    const result = await this.logs.delete({ id, athleteId });
    return Boolean(result.affected);
  }

  findOwned(athleteId: string, id: string): Promise<SymptomLogEntity | null> {
    return this.logs.findOneBy({ id, athleteId });
  }

  /** An athlete's logs with dates in [from, to] (either end open when absent), newest first. */
  listByAthlete(athleteId: string, range: { from?: string; to?: string } = {}): Promise<SymptomLogEntity[]> {
    return this.logs.find({
      where: { athleteId, ...(range.from || range.to ? { date: dateRange(range.from, range.to) } : {}) },
      order: { date: 'DESC', region: 'ASC' },
    });
  }

  /** Every log of an athlete, oldest first (the rules' input). */
  findAllForAthlete(athleteId: string): Promise<SymptomLogEntity[]> {
    return this.logs.find({ where: { athleteId }, order: { date: 'ASC', region: 'ASC' } });
  }

  /** The distinct dates holding a log: they extend the weekly report (spec/metrics.md section 2). */
  async findDates(athleteId: string): Promise<string[]> {
    const rows = await this.logs
      .createQueryBuilder('log')
      .select('DISTINCT log.date', 'date')
      .where('log.athleteId = :athleteId', { athleteId })
      .orderBy('date', 'ASC')
      .getRawMany<{ date: string }>();
    return rows.map((row) => row.date);
  }
}

async function assertFree(
  repository: Repository<SymptomLogEntity>,
  athleteId: string,
  date: string,
  region: string,
  exceptId?: string,
): Promise<void> {
  const taken = await repository.existsBy({
    athleteId,
    date,
    region,
    ...(exceptId ? { id: Not(exceptId) } : {}),
  });
  if (taken) throw new SymptomLogConflictError(date, region);
}

/** Two requests racing for the same date and region: the unique index decides, and the loser gets a 409. */
function rethrowConflict(values: Pick<SymptomLogValues, 'date' | 'region'>) {
  return (error: unknown): never => {
    if (isUniqueViolation(error)) throw new SymptomLogConflictError(values.date, values.region);
    throw error;
  };
}

function dateRange(from?: string, to?: string): FindOperator<string> {
  if (from && to) return Between(from, to);
  return from ? MoreThanOrEqual(from) : LessThanOrEqual(to as string);
}
