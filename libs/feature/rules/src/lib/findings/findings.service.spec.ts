import { NotFoundException } from '@nestjs/common';
import type { FindingEntity, FindingsRepository } from '@loadwatch/data-access/db';
import { FindingsService } from './findings.service';

function row(rule: string, severity: string, date: string): FindingEntity {
  return {
    id: `${rule}-${date}`,
    athleteId: 'athlete-1',
    rule,
    severity,
    anchorKind: 'week',
    anchorId: date,
    anchorDate: date,
    date,
    relation: null,
    message: 'm',
    evidence: { activityIds: [], logIds: [] },
    source: 's',
    status: 'open',
    retractedReason: null,
    acknowledgedAtMs: null,
    createdAtMs: 0,
    updatedAtMs: 0,
  };
}

describe('FindingsService', () => {
  it('lists the most serious first, then by date', async () => {
    const rows = [
      row('R01', 'caution', '2026-10-11'),
      row('R10', 'warning', '2026-10-21'),
      row('R18', 'caution', '2026-09-28'),
      row('R12', 'urgent', '2026-10-30'),
    ];
    const repository = { list: jest.fn(async () => rows) };
    const service = new FindingsService(repository as unknown as FindingsRepository, { now: () => 0 });
    const { findings } = await service.list('athlete-1', 'open', ['R01']);
    expect(repository.list).toHaveBeenCalledWith('athlete-1', { status: 'open', rules: ['R01'] });
    expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([
      'urgent R12',
      'warning R10',
      'caution R18',
      'caution R01',
    ]);
    expect(findings[0]).toMatchObject({ acknowledgedAt: null, createdAt: '1970-01-01T00:00:00.000Z' });
  });

  it("answers 404 when acknowledging a finding the athlete doesn't have", async () => {
    const service = new FindingsService({ acknowledge: async () => null } as unknown as FindingsRepository, {
      now: () => 0,
    });
    await expect(service.acknowledge('athlete-1', 'f-1')).rejects.toBeInstanceOf(NotFoundException);
  });
});
