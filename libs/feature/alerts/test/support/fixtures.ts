import { randomUUID } from 'node:crypto';
import { FindingEntity, WeeklyMetricEntity } from '@loadwatch/data-access/db';

/** An open finding of the rule and severity, dated `date`, created now (or at `atMs`). */
export function finding(
  athleteId: string,
  rule: string,
  severity: string,
  date: string,
  atMs = Date.now(),
): FindingEntity {
  return Object.assign(new FindingEntity(), {
    id: randomUUID(),
    athleteId,
    rule,
    severity,
    anchorKind: 'symptom',
    anchorId: randomUUID(),
    anchorDate: date,
    date,
    relation: null,
    message: `Finding ${rule} of ${date}.`,
    evidence: { activityIds: [], logIds: [] },
    source: 'test',
    status: 'open',
    retractedReason: null,
    acknowledgedAtMs: null,
    createdAtMs: atMs,
    updatedAtMs: atMs,
  });
}

/** A complete week of stored metrics. */
export function week(athleteId: string, weekStart: string, distanceM: number, runs = 3): WeeklyMetricEntity {
  return Object.assign(new WeeklyMetricEntity(), {
    athleteId,
    weekStart,
    runs,
    distanceM,
    ramp: 0.12,
    ramp4: 0.05,
    speedShare: 0.08,
    coverage: 0.9,
    speedMethod: 'critical-speed',
    complete: true,
    metrics: { weekStart, longestM: distanceM / 2 } as WeeklyMetricEntity['metrics'],
    computedAtMs: Date.now(),
  });
}
