import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import {
  SymptomLogConflictError,
  type SymptomLogEntity,
  type SymptomLogsRepository,
  type SymptomLogValues,
} from '@loadwatch/data-access/db';
import type { EvaluationTrigger } from '../evaluation-trigger.service';
import { SymptomsService } from './symptoms.service';

const ATHLETE = 'athlete-1';

function stored(values: Partial<SymptomLogEntity> = {}): SymptomLogEntity {
  return {
    id: 'log-1',
    athleteId: ATHLETE,
    date: '2026-10-21',
    region: 'low_back',
    side: 'central',
    severity: 5,
    when: 'after_run',
    aggravators: [],
    neurological: [],
    systemic: [],
    canWalkNormally: true,
    notes: null,
    createdAtMs: 0,
    updatedAtMs: 0,
    ...values,
  };
}

function setup(existing: SymptomLogEntity | null = stored()) {
  const logs = {
    create: jest.fn(async (_a: string, values: SymptomLogValues) => stored({ ...values, id: 'log-2' })),
    update: jest.fn(async (_a: string, id: string, values: SymptomLogValues) => stored({ ...values, id })),
    findOwned: jest.fn(async () => existing),
    deleteOwned: jest.fn(async () => existing !== null),
    listByAthlete: jest.fn(async () => (existing ? [existing] : [])),
  };
  const evaluation = { request: jest.fn(async () => undefined) };
  const service = new SymptomsService(
    logs as unknown as SymptomLogsRepository,
    evaluation as unknown as EvaluationTrigger,
    { now: () => 1000 },
  );
  return { service, logs, evaluation };
}

describe('SymptomsService', () => {
  it('logs a symptom in the snake_case vocabulary and queues the rules', async () => {
    const { service, evaluation } = setup();
    const view = await service.create(ATHLETE, {
      date: '2026-10-22',
      region: 'hip',
      severity: 2,
      can_walk_normally: false,
    });
    expect(view).toEqual({
      id: 'log-2',
      date: '2026-10-22',
      region: 'hip',
      side: null,
      severity: 2,
      when: null,
      aggravators: [],
      neurological: [],
      systemic: [],
      can_walk_normally: false,
      notes: null,
    });
    expect(evaluation.request).toHaveBeenCalledWith(ATHLETE);
  });

  it('answers 409 for a second log of the same date and region, and queues nothing', async () => {
    const { service, logs, evaluation } = setup();
    logs.create.mockRejectedValueOnce(new SymptomLogConflictError('2026-10-21', 'low_back'));
    await expect(
      service.create(ATHLETE, { date: '2026-10-21', region: 'low_back', severity: 3 }),
    ).rejects.toBeInstanceOf(ConflictException);
    expect(evaluation.request).not.toHaveBeenCalled();
  });

  it('answers 400 for a severity of 11, before anything is written', async () => {
    const { service, logs } = setup();
    await expect(
      service.create(ATHLETE, { date: '2026-10-21', region: 'low_back', severity: 11 }),
    ).rejects.toBeInstanceOf(BadRequestException);
    expect(logs.create).not.toHaveBeenCalled();
  });

  it('edits the given fields only, clears one with null, and queues the rules', async () => {
    const { service, logs, evaluation } = setup();
    const view = await service.update(ATHLETE, 'log-1', { severity: 7, side: null });
    expect(logs.update).toHaveBeenCalledWith(
      ATHLETE,
      'log-1',
      expect.objectContaining({ severity: 7, side: null, when: 'after_run', canWalkNormally: true }),
      expect.any(Number),
    );
    expect(view).toMatchObject({ id: 'log-1', severity: 7, side: null, when: 'after_run' });
    expect(evaluation.request).toHaveBeenCalledWith(ATHLETE);
  });

  it.each<[string, () => Promise<unknown>]>([
    ['editing', () => setup(null).service.update(ATHLETE, 'log-9', { severity: 1 })],
    ['deleting', () => setup(null).service.delete(ATHLETE, 'log-9')],
  ])("answers 404 when %s a log the athlete doesn't have", async (_name, act) => {
    await expect(act()).rejects.toBeInstanceOf(NotFoundException);
  });

  it('deletes a log and queues the rules', async () => {
    const { service, evaluation } = setup();
    await service.delete(ATHLETE, 'log-1');
    expect(evaluation.request).toHaveBeenCalledWith(ATHLETE);
  });
});
