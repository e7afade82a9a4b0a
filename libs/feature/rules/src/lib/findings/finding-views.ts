import type { FindingEntity } from '@loadwatch/data-access/db';
import { findingId, type Finding, type RuleId, type StoredFinding } from '@loadwatch/domain/rules';
import type { FindingView } from '@loadwatch/shared/contracts';

const iso = (ms: number) => new Date(ms).toISOString();

/** A stored finding as the rules lib knows it, with the rules lib's id, for ordering and reconciliation. */
export function toStoredFinding(row: FindingEntity): StoredFinding {
  const anchor = {
    kind: row.anchorKind as Finding['anchor']['kind'],
    id: row.anchorId,
    date: row.anchorDate,
  };
  return {
    id: findingId(row.athleteId, row.rule as RuleId, anchor),
    rule: row.rule as RuleId,
    severity: row.severity as Finding['severity'],
    athleteId: row.athleteId,
    anchor,
    date: row.date,
    ...(row.relation ? { relation: row.relation as Finding['relation'] } : {}),
    message: row.message,
    evidence: row.evidence,
    source: row.source,
    status: row.status,
    retractedReason: row.retractedReason,
  };
}

export function toFindingView(row: FindingEntity): FindingView {
  return {
    id: row.id,
    rule: row.rule,
    severity: row.severity as FindingView['severity'],
    anchor: { kind: row.anchorKind as FindingView['anchor']['kind'], id: row.anchorId, date: row.anchorDate },
    date: row.date,
    relation: row.relation as FindingView['relation'],
    message: row.message,
    evidence: row.evidence,
    source: row.source,
    status: row.status,
    retractedReason: row.retractedReason,
    acknowledgedAt: row.acknowledgedAtMs === null ? null : iso(row.acknowledgedAtMs),
    createdAt: iso(row.createdAtMs),
    updatedAt: iso(row.updatedAtMs),
  };
}
