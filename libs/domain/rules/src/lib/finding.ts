import type { RuleId } from './rule-catalogue';

export const SEVERITIES = ['urgent', 'warning', 'caution', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AnchorKind = 'run' | 'week' | 'symptom' | 'profile';

/** What a finding is about: a run (activity id), a week (its first date), a symptom log or a profile version. */
export interface FindingAnchor {
  kind: AnchorKind;
  /** Activity id, week start date, log id, or profile version date. */
  id: string;
  /** Local date of the anchor. */
  date: string;
}

/** How a symptom relates in time to the spike event before it (spec/rules.md section 5). */
export type Relation = 'likely' | 'possibly';

export type EvidenceValue =
  string | number | boolean | null | EvidenceValue[] | { [key: string]: EvidenceValue };

export interface FindingEvidence {
  activityIds: string[];
  logIds: string[];
  [key: string]: EvidenceValue;
}

/** A finding (spec/rules.md section 6); unique per athlete, rule and anchor. */
export interface Finding {
  /** `<athleteId>:<rule>:<anchor kind>:<anchor id>`. */
  id: string;
  rule: RuleId;
  severity: Severity;
  athleteId: string;
  anchor: FindingAnchor;
  /**
   * The spike event's date for spike events (R01-R03, R07, R08) and R21/R22; else the anchor's date. R09-R11
   * keep the log's date and name the spike event's date in their evidence.
   */
  date: string;
  relation?: Relation;
  message: string;
  evidence: FindingEvidence;
  source: string;
}

/** A finding as the caller stored it; retracted ones stay stored with their reason. */
export interface StoredFinding extends Finding {
  status: 'open' | 'retracted';
  retractedReason?: string | null;
}

/** Deterministic finding id from athlete, rule and anchor (spec/rules.md section 6). */
export function findingId(athleteId: string, rule: RuleId, anchor: FindingAnchor): string {
  return `${athleteId}:${rule}:${anchor.kind}:${anchor.id}`;
}

const SEVERITY_RANK: Record<Severity, number> = { urgent: 0, warning: 1, caution: 2, info: 3 };

/** Order of every finding list: severity (urgent first), then date, rule and anchor id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.date, b.date) ||
    compareText(a.rule, b.rule) ||
    compareText(a.anchor.kind, b.anchor.kind) ||
    compareText(a.anchor.id, b.anchor.id)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
