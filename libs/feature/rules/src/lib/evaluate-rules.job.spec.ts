import type {
  FindingChanges,
  FindingEntity,
  FindingsApplied,
  FindingsRepository,
  RiskProfilesRepository,
  RiskProfileVersionEntity,
  SymptomLogsRepository,
  UserEntity,
  UsersRepository,
} from '@loadwatch/data-access/db';
import { JobRegistry, PermanentJobError, type JobQueue } from '@loadwatch/data-access/queue';
import { computeLoad } from '@loadwatch/domain/training-load';
import type { Finding } from '@loadwatch/domain/rules';
import type { LoadReportService } from '@loadwatch/feature/load';
import { EvaluateRulesJob } from './evaluate-rules.job';

const ATHLETE = {
  id: 'athlete-1',
  timeZone: 'Europe/London',
  weekStart: 'monday',
  returnToRun: null,
  rulesConfig: null,
} as UserEntity;
const PROFILE = {
  id: 'p1',
  athleteId: 'athlete-1',
  effectiveDate: '2026-09-28',
  answers: { vitamin_d: { value: 18, unit: 'ng/mL' } },
  createdAtMs: 1000,
} as RiskProfileVersionEntity;

function asRow(finding: Finding, over: Partial<FindingEntity> = {}): FindingEntity {
  return {
    id: `row-${finding.rule}`,
    athleteId: finding.athleteId,
    rule: finding.rule,
    severity: finding.severity,
    anchorKind: finding.anchor.kind,
    anchorId: finding.anchor.id,
    anchorDate: finding.anchor.date,
    date: finding.date,
    relation: finding.relation ?? null,
    message: finding.message,
    evidence: finding.evidence,
    source: finding.source,
    status: 'open',
    retractedReason: null,
    acknowledgedAtMs: null,
    createdAtMs: 2000,
    updatedAtMs: 2000,
    ...over,
  };
}

function setup(
  options: {
    athlete?: UserEntity | null;
    versions?: RiskProfileVersionEntity[];
    stored?: FindingEntity[];
    severityChanges?: FindingsApplied['severityChanges'];
  } = {},
) {
  const users = {
    findById: jest.fn(async () => (options.athlete === undefined ? ATHLETE : options.athlete)),
  };
  const logs = { findAllForAthlete: jest.fn(async () => []) };
  const profiles = { listByAthlete: jest.fn(async () => options.versions ?? [PROFILE]) };
  const findings = {
    findAllForAthlete: jest.fn(async () => options.stored ?? []),
    apply: jest.fn(async (_a: string, changes: FindingChanges, _now: number) => ({
      inserted: changes.upsert.length,
      updated: 0,
      retracted: changes.retract.length,
      severityChanges: options.severityChanges ?? [],
    })),
  };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const reports = {
    build: jest.fn(async (athlete: UserEntity) => ({
      asOf: '2026-10-25',
      report: computeLoad(
        [],
        { timeZone: athlete.timeZone, weekStart: athlete.weekStart },
        { asOf: '2026-10-25' },
      ),
      activities: [],
    })),
  };
  const registry = new JobRegistry();
  const job = new EvaluateRulesJob(
    registry,
    users as unknown as UsersRepository,
    logs as unknown as SymptomLogsRepository,
    profiles as unknown as RiskProfilesRepository,
    findings as unknown as FindingsRepository,
    reports as unknown as LoadReportService,
    { now: () => 5000 },
    queue as unknown as JobQueue,
  );
  job.onModuleInit();
  return { job, registry, findings, queue };
}

describe('EvaluateRulesJob', () => {
  it('writes the new findings of the rules', async () => {
    const { registry, findings } = setup();
    await registry.get('evaluate-rules')({ athleteId: 'athlete-1' }, { attempt: 1 });
    const [athleteId, changes, now] = findings.apply.mock.calls[0];
    expect(athleteId).toBe('athlete-1');
    expect(now).toBe(5000);
    expect(changes.upsert.map((f) => `${f.rule} ${f.anchor.kind} ${f.anchor.id}`)).toEqual([
      'R18 profile 2026-09-28',
    ]);
    expect(changes.retract).toEqual([]);
  });

  it('enqueues an alert for findings that became urgent or warning, never for a lower severity', async () => {
    const { job, queue } = setup({
      severityChanges: [
        { id: 'new-urgent', severity: 'urgent', previous: null },
        { id: 'new-caution', severity: 'caution', previous: null },
        { id: 'downgraded', severity: 'warning', previous: 'urgent' },
        { id: 'escalated', severity: 'warning', previous: 'caution' },
        { id: 'to-urgent', severity: 'urgent', previous: 'warning' },
      ],
    });
    await job.handleEvaluateRules({ athleteId: 'athlete-1' });
    expect(queue.enqueue.mock.calls).toEqual([
      ['notify-finding', { findingId: 'new-urgent', severity: 'urgent' }],
      ['notify-finding', { findingId: 'escalated', severity: 'warning' }],
      ['notify-finding', { findingId: 'to-urgent', severity: 'urgent' }],
    ]);
  });

  it('writes nothing when the stored findings are already the result (idempotent)', async () => {
    const first = setup();
    await first.job.handleEvaluateRules({ athleteId: 'athlete-1' });
    const stored = first.findings.apply.mock.calls[0][1].upsert.map((f) => asRow(f));
    const { job, findings } = setup({ stored });
    await job.handleEvaluateRules({ athleteId: 'athlete-1' });
    expect(findings.apply).toHaveBeenCalledWith('athlete-1', { upsert: [], retract: [] }, 5000);
  });

  it.each<[string, RiskProfileVersionEntity[], string]>([
    ['its profile version was deleted', [], 'cause removed: risk profile of 2026-09-28 changed'],
    [
      'its profile version was saved again since',
      [{ ...PROFILE, answers: { vitamin_d: { value: 30, unit: 'ng/mL' } }, createdAtMs: 3000 }],
      'cause removed: risk profile of 2026-09-28 changed',
    ],
  ])('retracts a finding with the reason when %s', async (_name, versions, reason) => {
    const first = setup();
    await first.job.handleEvaluateRules({ athleteId: 'athlete-1' });
    const stored = first.findings.apply.mock.calls[0][1].upsert.map((f) => asRow(f));
    const { job, findings } = setup({ versions, stored });
    await job.handleEvaluateRules({ athleteId: 'athlete-1' });
    const { retract } = findings.apply.mock.calls[0][1];
    expect(retract).toEqual([{ finding: expect.objectContaining({ rule: 'R18' }), reason }]);
  });

  it('names a deleted activity as the cause of a retraction', async () => {
    const first = setup();
    await first.job.handleEvaluateRules({ athleteId: 'athlete-1' });
    const [r18] = first.findings.apply.mock.calls[0][1].upsert;
    const stale = asRow(
      { ...r18, rule: 'R01', anchor: { kind: 'run', id: 'act-gone', date: '2026-10-18' } },
      { id: 'row-r01' },
    );
    const { job, findings } = setup({ stored: [asRow(r18), stale] });
    await job.handleEvaluateRules({ athleteId: 'athlete-1' });
    expect(findings.apply.mock.calls[0][1].retract).toEqual([
      {
        finding: expect.objectContaining({ rule: 'R01' }),
        reason: 'cause removed: activity act-gone deleted',
      },
    ]);
  });

  it.each<[string, Parameters<typeof setup>[0]]>([
    ['the athlete is gone', { athlete: null }],
    [
      'the thresholds stored for the athlete are invalid',
      { athlete: { ...ATHLETE, rulesConfig: { R01: { lower: -1 } } } },
    ],
    ['a stored profile no longer validates', { versions: [{ ...PROFILE, answers: { shoe_size: 44 } }] }],
  ])('stops at once when %s', async (_name, options) => {
    const { job, findings } = setup(options);
    await expect(job.handleEvaluateRules({ athleteId: 'athlete-1' })).rejects.toBeInstanceOf(
      PermanentJobError,
    );
    expect(findings.apply).not.toHaveBeenCalled();
  });
});
