import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { FindingsRepository } from '@loadwatch/data-access/db';
import { compareFindings } from '@loadwatch/domain/rules';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import type { FindingsResponse, FindingView } from '@loadwatch/shared/contracts';
import { toFindingView, toStoredFinding } from './finding-views';
import type { FindingStatusFilter } from './findings-query.dto';

@Injectable()
export class FindingsService {
  constructor(
    private readonly findings: FindingsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** `rules`: only these rules (load findings for a coach without a health grant); all when absent. */
  async list(
    athleteId: string,
    status: FindingStatusFilter,
    rules?: readonly string[],
  ): Promise<FindingsResponse> {
    const rows = await this.findings.list(athleteId, { status, rules });
    const ordered = rows
      .map((row) => ({ row, finding: toStoredFinding(row) }))
      .sort((a, b) => compareFindings(a.finding, b.finding));
    return { athleteId, findings: ordered.map(({ row }) => toFindingView(row)) };
  }

  async acknowledge(athleteId: string, id: string): Promise<FindingView> {
    const row = await this.findings.acknowledge(athleteId, id, this.clock.now());
    if (!row) throw new NotFoundException(`No finding ${id}.`);
    return toFindingView(row);
  }
}
