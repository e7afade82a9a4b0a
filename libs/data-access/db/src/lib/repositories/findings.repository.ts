import { runTransaction } from '../transactions';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Finding } from '@loadwatch/domain/rules';
import { FindingEntity, type FindingStatus } from '../entities/finding.entity';

/** What a reconciliation changes: the rules lib's `FindingReconciliation`, by finding content. */
export interface FindingChanges {
  /** Findings to write open: new ones, changed ones and retracted ones supported again. */
  upsert: readonly Finding[];
  retract: readonly { finding: Pick<Finding, 'rule' | 'anchor'>; reason: string }[];
}

export interface FindingsApplied {
  inserted: number;
  updated: number;
  retracted: number;
  /** Findings written open with a severity they did not have: new ones (`previous` null) and changed ones. */
  severityChanges: { id: string; severity: string; previous: string | null }[];
}

export interface FindingListOptions {
  status?: FindingStatus | 'all';
  /** Only these rules (a coach without a health grant sees load findings only). */
  rules?: readonly string[];
}

const keyOf = (rule: string, anchorKind: string, anchorId: string) => `${rule}|${anchorKind}|${anchorId}`;

/** Findings, unique per athlete, rule and anchor; retracted with a reason, never deleted. */
@Injectable()
export class FindingsRepository {
  constructor(@InjectRepository(FindingEntity) private readonly findings: Repository<FindingEntity>) {}

  findById(id: string): Promise<FindingEntity | null> {
    return this.findings.findOneBy({ id });
  }

  findAllForAthlete(athleteId: string): Promise<FindingEntity[]> {
    return this.findings.find({ where: { athleteId } });
  }

  list(athleteId: string, options: FindingListOptions = {}): Promise<FindingEntity[]> {
    const status = options.status ?? 'open';
    return this.findings.find({
      where: {
        athleteId,
        ...(status === 'all' ? {} : { status }),
        ...(options.rules ? { rule: In([...options.rules]) } : {}),
      },
    });
  }

  /** Marks an athlete's finding seen (the first time only); null when the athlete has no such finding. */
  acknowledge(athleteId: string, id: string, nowMs: number): Promise<FindingEntity | null> {
    return runTransaction(this.findings.manager, async (manager) => {
      const repository = manager.getRepository(FindingEntity);
      const finding = await repository.findOneBy({ id, athleteId });
      if (!finding) return null;
      if (finding.acknowledgedAtMs === null) {
        await repository.update({ id }, { acknowledgedAtMs: nowMs });
        finding.acknowledgedAtMs = nowMs;
      }
      return finding;
    });
  }

  /**
   * Applies a reconciliation in one transaction, upserting by the unique (athlete, rule, anchor kind,
   * anchor id). A finding that comes back after a retraction, or whose severity changed, is open and
   * unacknowledged again; a retraction keeps the row with its reason.
   */
  apply(athleteId: string, changes: FindingChanges, nowMs: number): Promise<FindingsApplied> {
    const applied: FindingsApplied = { inserted: 0, updated: 0, retracted: 0, severityChanges: [] };
    if (changes.upsert.length === 0 && changes.retract.length === 0) return Promise.resolve(applied);
    return runTransaction(this.findings.manager, async (manager) => {
      const repository = manager.getRepository(FindingEntity);
      const stored = new Map(
        (await repository.find({ where: { athleteId } })).map((row) => [
          keyOf(row.rule, row.anchorKind, row.anchorId),
          row,
        ]),
      );
      const writes: FindingEntity[] = [];
      for (const finding of changes.upsert) {
        const values = contentOf(finding);
        const row = stored.get(keyOf(finding.rule, finding.anchor.kind, finding.anchor.id));
        if (row) {
          const resurfaced = row.status === 'retracted' || row.severity !== finding.severity;
          if (row.severity !== finding.severity) {
            applied.severityChanges.push({ id: row.id, severity: finding.severity, previous: row.severity });
          }
          writes.push(
            Object.assign(row, values, {
              status: 'open' as const,
              retractedReason: null,
              acknowledgedAtMs: resurfaced ? null : row.acknowledgedAtMs,
              updatedAtMs: nowMs,
            }),
          );
          applied.updated += 1;
        } else {
          const id = randomUUID();
          applied.severityChanges.push({ id, severity: finding.severity, previous: null });
          writes.push(
            Object.assign(new FindingEntity(), values, {
              id,
              athleteId,
              status: 'open' as const,
              retractedReason: null,
              acknowledgedAtMs: null,
              createdAtMs: nowMs,
              updatedAtMs: nowMs,
            }),
          );
          applied.inserted += 1;
        }
      }
      for (const { finding, reason } of changes.retract) {
        const row = stored.get(keyOf(finding.rule, finding.anchor.kind, finding.anchor.id));
        if (!row || row.status === 'retracted') continue;
        writes.push(
          Object.assign(row, { status: 'retracted' as const, retractedReason: reason, updatedAtMs: nowMs }),
        );
        applied.retracted += 1;
      }
      await repository.save(writes, { chunk: 100 });
      return applied;
    });
  }
}

function contentOf(finding: Finding) {
  return {
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
  };
}
