import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { DistanceUnits, FindingSeverity, RosterAthlete } from '@loadwatch/shared/contracts';
import { compareSeverity } from '@loadwatch/shared/contracts';
import { formatAge, formatDistance, formatLocalDate, formatPercent } from '../format/format';
import { SeverityBadge } from './SeverityBadge';

type SortKey = 'name' | 'severity' | 'distance' | 'ramp' | 'speedShare' | 'pain' | 'freshness';

const nameOf = (a: RosterAthlete) => a.displayName ?? a.email;

const COMPARE: Record<SortKey, (a: RosterAthlete, b: RosterAthlete) => number> = {
  name: (a, b) => nameOf(a).localeCompare(nameOf(b)),
  severity: (a, b) => compareSeverity(a.highestOpenSeverity, b.highestOpenSeverity),
  distance: (a, b) => (b.weekDistanceM ?? -1) - (a.weekDistanceM ?? -1),
  ramp: (a, b) => (b.ramp ?? -Infinity) - (a.ramp ?? -Infinity),
  speedShare: (a, b) => (b.speedShare ?? -1) - (a.speedShare ?? -1),
  pain: (a, b) => (b.lastBackPainDate ?? '').localeCompare(a.lastBackPainDate ?? ''),
  freshness: (a, b) => (b.latestActivityStart ?? '').localeCompare(a.latestActivityStart ?? ''),
};

const COLUMNS: [SortKey, string][] = [
  ['name', 'Athlete'],
  ['severity', 'Status'],
  ['distance', 'This week'],
  ['ramp', 'Ramp'],
  ['speedShare', 'Speed share'],
  ['pain', 'Last back pain'],
  ['freshness', 'Latest activity'],
];

/** One row per athlete, sortable by any column and filterable by name and status. */
export function RosterTable({
  athletes,
  units,
  now,
}: {
  athletes: RosterAthlete[];
  units: DistanceUnits;
  now?: Date;
}) {
  const [sort, setSort] = useState<{ key: SortKey; reversed: boolean }>({ key: 'severity', reversed: false });
  const [query, setQuery] = useState('');
  const [severity, setSeverity] = useState<FindingSeverity | 'any' | 'none'>('any');

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const filtered = athletes.filter(
      (a) =>
        (q === '' || nameOf(a).toLowerCase().includes(q) || a.email.toLowerCase().includes(q)) &&
        (severity === 'any' ||
          (severity === 'none' ? a.highestOpenSeverity === null : a.highestOpenSeverity === severity)),
    );
    const sorted = [...filtered].sort((a, b) => COMPARE[sort.key](a, b) || COMPARE.name(a, b));
    return sort.reversed ? sorted.reverse() : sorted;
  }, [athletes, query, severity, sort]);

  return (
    <div>
      <div className="filters" role="search">
        <label className="field field-inline">
          <span>Find</span>
          <input
            type="search"
            value={query}
            placeholder="Name or email"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <label className="field field-inline">
          <span>Status</span>
          <select value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <option value="any">Any</option>
            <option value="urgent">Urgent</option>
            <option value="warning">Warning</option>
            <option value="caution">Caution</option>
            <option value="info">Info</option>
            <option value="none">No open finding</option>
          </select>
        </label>
      </div>
      <div className="table-scroll">
        <table className="roster">
          <caption className="visually-hidden">
            Your athletes; sorted by {COLUMNS.find(([k]) => k === sort.key)?.[1]}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map(([key, label]) => (
                <th
                  key={key}
                  scope="col"
                  aria-sort={sort.key === key ? (sort.reversed ? 'descending' : 'ascending') : undefined}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => setSort((s) => ({ key, reversed: s.key === key ? !s.reversed : false }))}
                  >
                    {label}
                    <span aria-hidden="true">{sort.key === key ? (sort.reversed ? ' ▴' : ' ▾') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.athleteId}>
                <th scope="row">
                  <Link to={`/coach/athletes/${a.athleteId}`}>{nameOf(a)}</Link>
                  {a.displayName && <div className="muted small">{a.email}</div>}
                </th>
                <td>
                  <SeverityBadge severity={a.highestOpenSeverity} />
                  {a.openFindings > 0 && <div className="muted small">{a.openFindings} open</div>}
                </td>
                <td>
                  {formatDistance(a.weekDistanceM, units)}
                  {a.weekRuns !== null && <div className="muted small">{a.weekRuns} runs</div>}
                </td>
                <td>{formatPercent(a.ramp, true)}</td>
                <td>{formatPercent(a.speedShare)}</td>
                <td>
                  {a.healthAccess ? (
                    a.lastBackPainDate ? (
                      formatLocalDate(a.lastBackPainDate)
                    ) : (
                      'none logged'
                    )
                  ) : (
                    <span className="muted">not shared</span>
                  )}
                </td>
                <td>{formatAge(a.latestActivityStart, now)}</td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="empty">
                  No athlete matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
