import type { DistanceUnits, WeekMetricsView } from '@loadwatch/shared/contracts';
import { formatDistance, formatLocalDate, formatPercent } from '../format/format';

function runsText(runs: number): string {
  return `${runs} ${runs === 1 ? 'run' : 'runs'}`;
}

/**
 * The cards above the chart. `weeks` is the shown window, oldest first, ending with the current week. A
 * current week without a run (the window fills one in when the server stores none, and a stored one can be
 * empty too) says so in words, with last week's numbers as context, labelled as last week's: its 0 km and
 * "—" ramp would read as a result when the week has only begun.
 */
export function ThisWeekSummary({ weeks, units }: { weeks: WeekMetricsView[]; units: DistanceUnits }) {
  const current = weeks[weeks.length - 1];
  if (!current) return null;
  if (current.runs > 0) {
    return (
      <section className="summary" aria-label="This week">
        <SummaryCard
          label="This week"
          value={formatDistance(current.distanceM, units)}
          note={runsText(current.runs)}
        />
        <SummaryCard label="Ramp" value={formatPercent(current.ramp, true)} note="vs last week" />
        <SummaryCard label="Speed share" value={formatPercent(current.speedShare)} note="fast running" />
        <SummaryCard label="Longest run" value={formatDistance(current.longestM, units)} note="this week" />
      </section>
    );
  }
  const previous = weeks.length > 1 ? weeks[weeks.length - 2] : undefined;
  return (
    <section className="summary" aria-label="This week">
      <SummaryCard
        label="This week"
        value="No runs yet"
        note={`this week, since ${formatLocalDate(current.weekStart)}`}
      />
      {previous && previous.runs > 0 ? (
        <>
          <SummaryCard
            label="Last week"
            value={formatDistance(previous.distanceM, units)}
            note={runsText(previous.runs)}
          />
          <SummaryCard
            label="Last week's ramp"
            value={formatPercent(previous.ramp, true)}
            note={previous.ramp === null ? 'no run the week before' : 'vs the week before'}
          />
          <SummaryCard
            label="Last week's speed share"
            value={formatPercent(previous.speedShare)}
            note="fast running"
          />
        </>
      ) : (
        <SummaryCard label="Last week" value="No runs" note="earlier weeks are in the chart below" />
      )}
    </section>
  );
}

function SummaryCard({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <div className="summary-card">
      <span className="summary-label">{label}</span>
      <span className="summary-value">{value}</span>
      <span className="summary-note">{note}</span>
    </div>
  );
}
