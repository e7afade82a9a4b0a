import { addDays } from '../digest/digest-schedule';

/** The provenance facts of one activity source that the history test reads. */
export interface EvidenceSource {
  activityId: string;
  /** `fit`, `strava` or `garmin`. */
  source: string;
  startMs: number;
  localDate: string;
}

/**
 * Warnings resting only on a provider's history whose latest evidence is older than this many days (before
 * today in the athlete's zone) are not emailed, only shown on the dashboard and in the digest.
 */
export const ALERT_RECENCY_DAYS = 7;

/**
 * Why a warning is not emailed because a provider backfill produced it, or null to email it (spec decision,
 * a deviation from spec/rules.md section 6, "warning: emailed at once"). Connecting Strava or Garmin imports
 * months of past runs at once, and the rules then raise warnings about long-past weeks: an email "at once"
 * about a load jump of March helps no one and buries the warnings that matter. So a warning is withheld when
 * both hold:
 * 1. every activity its evidence names came only from a provider's history: each of its sources is a Strava
 *    or Garmin copy of a run started before the athlete connected that provider (`connectedAtMs`: the
 *    backfills ask for exactly the runs before it; a run recorded after it arrives live). A run with a FIT
 *    upload among its sources, or a provider run started after connecting, makes the warning live, however
 *    late it arrived: a weekly upload or a batch after a trip is emailed as section 6 says. A finding naming
 *    no activity (R11-R15 on logs, R17 on the profile) rests on what the athlete entered and is never
 *    withheld; and
 * 2. its latest evidence date (the latest of its date, its anchor's date and its activities' dates) is more
 *    than ALERT_RECENCY_DAYS before today: a backfilled load jump of last week next to pain logged today
 *    (an R10 on today's log, an R22 of this week) is about now and is emailed.
 * Urgent findings never reach this test: section 6 says they are never delayed or withheld.
 */
export function providerHistoryReason(
  finding: { date: string; anchorDate: string; evidence: { activityIds?: unknown } | null },
  sources: readonly EvidenceSource[],
  connectedAtMs: ReadonlyMap<string, number>,
  today: string,
): string | null {
  const activityIds = evidenceActivityIds(finding.evidence);
  if (activityIds.length === 0) return null;
  const byActivity = new Map<string, EvidenceSource[]>();
  for (const source of sources)
    byActivity.set(source.activityId, [...(byActivity.get(source.activityId) ?? []), source]);
  const historyOnly = activityIds.every((id) => {
    const own = byActivity.get(id) ?? [];
    return own.length > 0 && own.every((source) => isProviderHistory(source, connectedAtMs));
  });
  if (!historyOnly) return null;
  const latest = [finding.date, finding.anchorDate, ...sources.map((source) => source.localDate)]
    .sort()
    .at(-1);
  const oldest = addDays(today, -ALERT_RECENCY_DAYS);
  if (latest === undefined || latest >= oldest) return null;
  return (
    `the finding rests only on runs imported from a provider's history, the latest of ${latest}, ` +
    `more than ${ALERT_RECENCY_DAYS} days ago`
  );
}

/** The activity ids a stored finding's evidence names. */
export function evidenceActivityIds(evidence: { activityIds?: unknown } | null): string[] {
  const ids = evidence?.activityIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

function isProviderHistory(source: EvidenceSource, connectedAtMs: ReadonlyMap<string, number>): boolean {
  const connected = connectedAtMs.get(source.source);
  return connected !== undefined && source.startMs < connected;
}
