import { ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import {
  SymptomLogConflictError,
  SymptomLogsRepository,
  type SymptomLogValues,
} from '@loadwatch/data-access/db';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import type { SymptomLogsResponse, SymptomLogView } from '@loadwatch/shared/contracts';
import { EvaluationTrigger } from '../evaluation-trigger.service';
import { parseSymptomLogBody, requireObject } from '../health-input';
import type { DateRangeQueryDto } from '../date-range-query.dto';
import { toSymptomLogView } from './symptom-log-views';

/** Symptom logs (spec/rules.md section 1): one per date and region; every change re-evaluates the rules. */
@Injectable()
export class SymptomsService {
  private readonly logger = new Logger(SymptomsService.name);

  constructor(
    private readonly logs: SymptomLogsRepository,
    private readonly evaluation: EvaluationTrigger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(athleteId: string, range: DateRangeQueryDto): Promise<SymptomLogsResponse> {
    const logs = await this.logs.listByAthlete(athleteId, range);
    return { athleteId, logs: logs.map(toSymptomLogView) };
  }

  async create(athleteId: string, body: unknown): Promise<SymptomLogView> {
    const values = parseSymptomLogBody(body);
    const log = await conflictAsHttp(() => this.logs.create(athleteId, values, this.clock.now()));
    this.logger.log(`Athlete ${athleteId} logged symptom ${log.id}.`);
    await this.evaluation.request(athleteId);
    return toSymptomLogView(log);
  }

  /** Changes the fields the body gives (null clears an optional one); the result must be a valid log. */
  async update(athleteId: string, id: string, body: unknown): Promise<SymptomLogView> {
    const existing = await this.logs.findOwned(athleteId, id);
    if (!existing) throw new NotFoundException(`No symptom log ${id}.`);
    const { id: _id, ...current } = toSymptomLogView(existing);
    const values: SymptomLogValues = parseSymptomLogBody({ ...current, ...requireObject(body) });
    const log = await conflictAsHttp(() => this.logs.update(athleteId, id, values, this.clock.now()));
    if (!log) throw new NotFoundException(`No symptom log ${id}.`);
    this.logger.log(`Athlete ${athleteId} edited symptom log ${id}.`);
    await this.evaluation.request(athleteId);
    return toSymptomLogView(log);
  }

  async delete(athleteId: string, id: string): Promise<void> {
    if (!(await this.logs.deleteOwned(athleteId, id))) throw new NotFoundException(`No symptom log ${id}.`);
    this.logger.log(`Athlete ${athleteId} deleted symptom log ${id}.`);
    await this.evaluation.request(athleteId);
  }
}

async function conflictAsHttp<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof SymptomLogConflictError) throw new ConflictException(error.message);
    throw error;
  }
}
