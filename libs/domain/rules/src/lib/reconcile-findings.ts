import type { Finding, StoredFinding } from './finding';

/** What changed since the stored findings were written, to name the cause of a retraction. */
export interface ReconcileContext {
  deletedActivityIds?: readonly string[];
  changedActivityIds?: readonly string[];
  deletedLogIds?: readonly string[];
  editedLogIds?: readonly string[];
  /** Dates of profile versions removed or changed. */
  changedProfileDates?: readonly string[];
  /** True when the athlete's or team's thresholds changed. */
  configChanged?: boolean;
}

export interface Retraction {
  id: string;
  finding: StoredFinding;
  reason: string;
}

export interface FindingReconciliation {
  /** New findings (no stored finding has their id). */
  insert: Finding[];
  /** Stored findings whose content changed, or retracted ones supported again (to reopen). */
  update: Finding[];
  /** Open stored findings no longer supported: mark retracted with the reason, never delete. */
  retract: Retraction[];
  /** Ids of open stored findings that are unchanged. */
  unchanged: string[];
}

export const GENERIC_RETRACTION_REASON = 'no longer supported by the data';

/**
 * Compares the stored findings of one athlete with a fresh `evaluateRules` result (spec/rules.md section 6):
 * a finding is unique per athlete, rule and anchor, so re-evaluation updates rather than duplicates it, and a
 * finding whose cause went away is retracted with a reason, never deleted.
 */
export function reconcileFindings(
  previous: readonly StoredFinding[],
  current: readonly Finding[],
  context: ReconcileContext = {},
): FindingReconciliation {
  const stored = new Map(previous.map((finding) => [finding.id, finding]));
  const currentIds = new Set(current.map((finding) => finding.id));
  const result: FindingReconciliation = { insert: [], update: [], retract: [], unchanged: [] };

  for (const finding of current) {
    const before = stored.get(finding.id);
    if (!before) result.insert.push(finding);
    else if (before.status === 'retracted' || !sameContent(before, finding)) result.update.push(finding);
    else result.unchanged.push(finding.id);
  }
  for (const finding of previous) {
    if (finding.status === 'open' && !currentIds.has(finding.id)) {
      result.retract.push({ id: finding.id, finding, reason: retractionReason(finding, context) });
    }
  }
  return result;
}

function retractionReason(finding: Finding, context: ReconcileContext): string {
  const { activityIds, logIds } = finding.evidence;
  const anchorIds = (kind: Finding['anchor']['kind']): string[] =>
    finding.anchor.kind === kind ? [finding.anchor.id] : [];
  const causes = [
    ...matching(context.deletedActivityIds, [...anchorIds('run'), ...activityIds]).map(
      (id) => `activity ${id} deleted`,
    ),
    ...matching(context.changedActivityIds, [...anchorIds('run'), ...activityIds]).map(
      (id) => `activity ${id} changed`,
    ),
    ...matching(context.deletedLogIds, [...anchorIds('symptom'), ...logIds]).map(
      (id) => `symptom log ${id} deleted`,
    ),
    ...matching(context.editedLogIds, [...anchorIds('symptom'), ...logIds]).map(
      (id) => `symptom log ${id} edited`,
    ),
    ...matching(context.changedProfileDates, [...anchorIds('profile'), ...profileDates(finding)]).map(
      (date) => `risk profile of ${date} changed`,
    ),
  ];
  if (causes.length > 0) return `cause removed: ${causes.join('; ')}`;
  if (context.configChanged) return 'thresholds changed; no longer supported by the data';
  return GENERIC_RETRACTION_REASON;
}

/** Profile versions a finding drew on (R11 and R21 name them in their evidence). */
function profileDates(finding: Finding): string[] {
  const { profileDate, profileDates: dates } = finding.evidence;
  return [
    ...(typeof profileDate === 'string' ? [profileDate] : []),
    ...(Array.isArray(dates) ? dates.filter((date): date is string => typeof date === 'string') : []),
  ];
}

function matching(changed: readonly string[] | undefined, ids: readonly string[]): string[] {
  if (!changed || changed.length === 0) return [];
  const set = new Set(changed);
  return [...new Set(ids.filter((id) => set.has(id)))].sort();
}

function sameContent(stored: StoredFinding, finding: Finding): boolean {
  const comparable = (f: Finding) => ({
    rule: f.rule,
    severity: f.severity,
    athleteId: f.athleteId,
    anchor: f.anchor,
    date: f.date,
    relation: f.relation ?? null,
    message: f.message,
    evidence: f.evidence,
    source: f.source,
  });
  return canonicalJson(comparable(stored)) === canonicalJson(comparable(finding));
}

/** JSON with object keys sorted, so that key order never makes two findings differ. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
