import { useState } from 'react';
import type {
  ActivitySummary,
  DistanceUnits,
  FindingView,
  SymptomLogView,
} from '@loadwatch/shared/contracts';
import { FINDING_SEVERITY_ORDER } from '@loadwatch/shared/contracts';
import { formatEvidence } from '../format/evidence';
import { SOURCE_LABEL } from '../app/texts';
import { formatDistance, formatLocalDate, humanize } from '../format/format';
import { SeverityBadge } from './SeverityBadge';

export interface FindingsListProps {
  findings: FindingView[];
  units: DistanceUnits;
  /** Known activities and logs, to show a finding's evidence by date and size rather than by id. */
  activities?: ActivitySummary[];
  logs?: SymptomLogView[];
}

/** Findings most serious first, each expandable to its evidence and source. */
export function FindingsList({ findings, units, activities = [], logs = [] }: FindingsListProps) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (findings.length === 0) {
    return <p className="empty">No open findings: nothing in your recent load or logs matches a rule.</p>;
  }
  const sorted = [...findings].sort(
    (a, b) =>
      FINDING_SEVERITY_ORDER.indexOf(a.severity) - FINDING_SEVERITY_ORDER.indexOf(b.severity) ||
      b.date.localeCompare(a.date),
  );
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const activityById = new Map(activities.map((a) => [a.id, a]));
  const logById = new Map(logs.map((l) => [l.id, l]));

  return (
    <ul className="findings" aria-label="Findings, most serious first">
      {sorted.map((finding) => {
        const expanded = open.has(finding.id);
        const panelId = `finding-${finding.id}`;
        const numbers = expanded ? formatEvidence(finding.evidence, units) : [];
        return (
          <li key={finding.id} className={`finding finding-${finding.severity}`}>
            <button
              type="button"
              className="finding-head"
              aria-expanded={expanded}
              aria-controls={panelId}
              onClick={() => toggle(finding.id)}
            >
              <SeverityBadge severity={finding.severity} />
              <span className="finding-message">{finding.message}</span>
              <span className="finding-meta">
                {finding.rule} · {formatLocalDate(finding.date)}
                {finding.relation ? ` · ${finding.relation} related` : ''}
              </span>
              <span className="chevron" aria-hidden="true">
                {expanded ? '▾' : '▸'}
              </span>
            </button>
            {expanded && (
              <div id={panelId} className="finding-evidence">
                {finding.evidence.activityIds.length > 0 && (
                  <>
                    <h4>Runs</h4>
                    <ul>
                      {finding.evidence.activityIds.map((id) => {
                        const run = activityById.get(id);
                        return (
                          <li key={id}>
                            {run
                              ? `${formatLocalDate(run.localDate)}: ${formatDistance(run.distanceM, units)} (${SOURCE_LABEL[run.source]})`
                              : `Run ${id.slice(0, 8)}`}
                          </li>
                        );
                      })}
                    </ul>
                  </>
                )}
                {finding.evidence.logIds.length > 0 && (
                  <>
                    <h4>Symptom logs</h4>
                    <ul>
                      {finding.evidence.logIds.map((id) => {
                        const log = logById.get(id);
                        return (
                          <li key={id}>
                            {log
                              ? `${formatLocalDate(log.date)}: ${humanize(log.region)}, severity ${log.severity}/10`
                              : `Log ${id.slice(0, 8)}`}
                          </li>
                        );
                      })}
                    </ul>
                  </>
                )}
                {numbers.length > 0 && (
                  <>
                    <h4>Numbers</h4>
                    <dl className="evidence-numbers">
                      {numbers.map(({ key, label, value }) => (
                        <div key={key}>
                          <dt>{label}</dt>
                          <dd>{value}</dd>
                        </div>
                      ))}
                    </dl>
                  </>
                )}
                <p className="finding-source">
                  <strong>Source:</strong> {finding.source}
                </p>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
