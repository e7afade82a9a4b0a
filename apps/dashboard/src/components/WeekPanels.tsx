import type { DistanceUnits, SymptomLogView, WeekMetricsView } from '@loadwatch/shared/contracts';
import { ACWR_CAVEAT } from '../app/texts';
import {
  formatDistance,
  formatLocalDate,
  formatPercent,
  formatRatio,
  formatShortDate,
} from '../format/format';
import { CHART_COLOURS } from './chart-colours';

/** The numbers of one week, shown when it is hovered or picked with the keyboard. */
export function WeekDetail({
  week,
  painLogs,
  units,
}: {
  week: WeekMetricsView;
  painLogs: SymptomLogView[];
  units: DistanceUnits;
}) {
  const pain = painLogs.filter((l) => l.date >= week.weekStart && l.date <= week.weekEnd);
  // A week that has only begun, without a run yet, has no ramp to speak of: the server's -100 % would read
  // as a result.
  const notYet = !week.complete && week.runs === 0;
  const ramp = (value: number | null) => (notYet ? '— (no runs yet)' : formatPercent(value, true));
  return (
    <section className="week-detail" aria-live="polite" aria-label="Selected week">
      <h3>
        Week of {formatLocalDate(week.weekStart)}
        {!week.complete && <span className="tag">in progress</span>}
      </h3>
      <dl className="stats">
        <Stat label="Distance" value={formatDistance(week.distanceM, units)} />
        <Stat label="Runs" value={String(week.runs)} />
        <Stat label="Ramp vs last week" value={ramp(week.ramp)} />
        <Stat label="Ramp vs 4-week base" value={ramp(week.ramp4)} />
        <Stat
          label="Speed share"
          value={
            week.speedShare === null
              ? '—'
              : `${formatPercent(week.speedShare)}${week.lowCoverage ? ' (low coverage)' : ''}`
          }
        />
        <Stat label="Longest run" value={formatDistance(week.longestM, units)} />
        <Stat
          label="Back-pain logs"
          value={
            pain.length === 0
              ? 'none'
              : pain.map((l) => `${formatShortDate(l.date)} (${l.severity}/10)`).join(', ')
          }
        />
      </dl>
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

export function ChartLegend({ showPain }: { showPain: boolean }) {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span
          className="swatch swatch-bar"
          style={{ background: CHART_COLOURS.distance }}
          aria-hidden="true"
        />{' '}
        Weekly distance (bars)
      </li>
      <li>
        <span className="swatch swatch-line" style={{ borderColor: CHART_COLOURS.ramp }} aria-hidden="true" />{' '}
        Ramp (solid line)
      </li>
      <li>
        <span
          className="swatch swatch-dash"
          style={{ borderColor: CHART_COLOURS.share }}
          aria-hidden="true"
        />{' '}
        Speed share (dashed line)
      </li>
      {showPain && (
        <li>
          <span className="swatch-triangle" style={{ color: CHART_COLOURS.pain }} aria-hidden="true">
            ▼
          </span>{' '}
          Back-pain log (bigger: more severe)
        </li>
      )}
    </ul>
  );
}

/** The three acute:chronic ratios side by side, with the caveat of spec/metrics.md section 6. */
export function AcwrPanel({ week }: { week: WeekMetricsView | undefined }) {
  const ratios: [string, number | null | undefined, string][] = [
    ['Rolling, coupled', week?.acwrCoupled, '7-day mean over the 28-day mean'],
    ['Rolling, uncoupled', week?.acwrUncoupled, '7-day mean over the 21 days before it'],
    ['EWMA', week?.acwrEwma, 'exponentially weighted, 7 over 28 days'],
  ];
  return (
    <section className="card" aria-labelledby="acwr-title">
      <h2 id="acwr-title">Acute:chronic ratios</h2>
      {week && (
        <p className="muted">
          At the end of the week of {formatLocalDate(week.weekStart)}
          {week.complete ? '' : ' (so far)'}.
        </p>
      )}
      <p className="caveat" role="note">
        <span aria-hidden="true">⚠ </span>
        {ACWR_CAVEAT}
      </p>
      <dl className="ratios">
        {ratios.map(([label, value, help]) => (
          <div key={label} className="ratio">
            <dt>{label}</dt>
            <dd className="ratio-value">{formatRatio(value)}</dd>
            <dd className="ratio-help">{help}</dd>
          </div>
        ))}
      </dl>
      {week && week.acwrEwma === null && (
        <p className="muted">The ratios need 28 days of history before they mean anything.</p>
      )}
    </section>
  );
}
