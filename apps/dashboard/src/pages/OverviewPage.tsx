import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import type {
  ActivityProvenanceView,
  ActivitySplitResult,
  ActivitySummary,
  FindingsResponse,
  Page,
  SymptomLogsResponse,
  WeeksResponse,
} from '@loadwatch/shared/contracts';
import { awaitRecompute, RECOMPUTE_POLL, type RecomputeOutcome } from '../api/await-recompute';
import { ApiError } from '../api/client';
import { useSession } from '../api/session';
import { useResource } from '../api/use-resource';
import { SOURCE_LABEL } from '../app/texts';
import { ActivityList } from '../components/ActivityList';
import { FindingsList } from '../components/FindingsList';
import { ThisWeekSummary } from '../components/ThisWeekSummary';
import { WeeksChart } from '../components/WeeksChart';
import { AcwrPanel, ChartLegend, WeekDetail } from '../components/WeekPanels';
import { formatDistance, formatLocalDate, formatPercent, todayIn } from '../format/format';
import { weeksWindow } from '../format/weeks-window';

type RecomputeState = 'idle' | 'waiting' | Exclude<RecomputeOutcome, 'aborted'>;

const RECOMPUTE_TEXT: Record<RecomputeState, string> = {
  idle: '',
  waiting: 'Updating your weeks and findings…',
  updated: 'Your weeks and findings are up to date.',
  unchanged:
    'Your weeks and findings have not changed yet; they are recomputed in the background, so reload the page in a moment.',
};

function isBackPain(log: { region: string; severity: number }): boolean {
  return (log.region === 'low_back' || log.region === 'sacrum_buttock') && log.severity >= 1;
}

/**
 * The athlete view: the last 16 weeks, the ratios, the findings and the recent runs. With `athleteId` it is a
 * coach's read-only view through /api/athletes/:id, limited to what the athlete grants (health data answers
 * 403 without the grant, and the page says so).
 */
export function OverviewPage({ athleteId, title }: { athleteId?: string; title?: string }) {
  const { api, me } = useSession();
  const units = me?.units ?? 'km';
  const base = athleteId ? `/api/athletes/${athleteId}` : '/api';
  const weeks = useResource(() => api.get<WeeksResponse>(`${base}/weeks`), `${base}/weeks`);
  const findings = useResource(() => api.get<FindingsResponse>(`${base}/findings`), `${base}/findings`);
  const symptoms = useResource(() => api.get<SymptomLogsResponse>(`${base}/symptoms`), `${base}/symptoms`);
  const activities = useResource(
    () => api.get<Page<ActivitySummary>>(`${base}/activities?limit=200`),
    `${base}/activities`,
  );

  const span = useMemo(
    () => weeksWindow(weeks.data?.weeks ?? [], todayIn(me?.timeZone ?? 'UTC')),
    [weeks.data, me?.timeZone],
  );
  const shown = span.weeks;
  /** The ratios of the latest stored week: an empty week appended by the window has none. */
  const latest = weeks.data?.weeks[weeks.data.weeks.length - 1];
  const healthHidden = symptoms.error instanceof ApiError && symptoms.error.status === 403;
  const painLogs = useMemo(() => (symptoms.data?.logs ?? []).filter(isBackPain), [symptoms.data]);
  const [selected, setSelected] = useState(0);
  useEffect(() => setSelected(Math.max(shown.length - 1, 0)), [shown.length]);
  const [changeMessage, setChangeMessage] = useState<string | null>(null);
  const [recompute, setRecompute] = useState<RecomputeState>('idle');
  const polling = useRef<AbortController | null>(null);
  useEffect(() => () => polling.current?.abort(), []);

  /**
   * After a split or a delete the server recomputes the weeks and then the findings in the background: the
   * page waits for them to change (awaitRecompute, bounded) and shows them as they arrive.
   */
  const followRecompute = async (before: {
    weeks: WeeksResponse | undefined;
    findings: FindingsResponse | undefined;
  }) => {
    polling.current?.abort();
    const controller = new AbortController();
    polling.current = controller;
    setRecompute('waiting');
    try {
      const outcome = await awaitRecompute(
        {
          weeks: () => api.get<WeeksResponse>(`${base}/weeks`),
          findings: () => api.get<FindingsResponse>(`${base}/findings`),
        },
        before,
        { weeks: weeks.set, findings: findings.set },
        { ...RECOMPUTE_POLL, signal: controller.signal },
      );
      if (outcome !== 'aborted') setRecompute(outcome);
    } catch {
      if (controller.signal.aborted) return;
      setRecompute('unchanged');
      await Promise.all([weeks.reload(), findings.reload()]);
    }
  };

  /** Undoes a merge, then reloads the activities and follows the recompute. */
  const split = async (activity: ActivitySummary, source: ActivityProvenanceView) => {
    const before = { weeks: weeks.data, findings: findings.data };
    const result = await api.post<ActivitySplitResult>(
      `/api/activities/${activity.id}/sources/${source.id}/split`,
    );
    await activities.reload();
    setChangeMessage(
      `Separated: the ${SOURCE_LABEL[source.source]} copy of ${formatLocalDate(result.split.localDate)} is now an activity of its own.`,
    );
    void followRecompute(before);
  };

  /** Deletes an activity, then reloads the activities and follows the recompute. */
  const remove = async (activity: ActivitySummary) => {
    const before = { weeks: weeks.data, findings: findings.data };
    await api.delete(`/api/activities/${activity.id}`);
    await activities.reload();
    setChangeMessage(`Deleted the activity of ${formatLocalDate(activity.localDate)}.`);
    void followRecompute(before);
  };

  if (weeks.error) {
    return <p role="alert">The weeks could not be loaded: {weeks.error.message}</p>;
  }

  return (
    <div className="page">
      <header className="page-head">
        <h1>{title ?? 'Your training'}</h1>
        {athleteId && (
          <p className="muted">
            Read-only.{' '}
            {healthHidden
              ? 'This athlete has not shared health data (symptom logs, bone health and the findings built on them) with you.'
              : 'Health data shared with you by this athlete is included.'}
          </p>
        )}
      </header>

      {weeks.loading && !weeks.data ? (
        <p aria-busy="true">Loading weeks…</p>
      ) : shown.length === 0 ? (
        <section className="card empty-state">
          <h2>No runs yet</h2>
          {athleteId ? (
            <p>This athlete has no activities yet.</p>
          ) : (
            <p>
              <Link to="/uploads">Upload your FIT files</Link> or connect Strava or Garmin in{' '}
              <Link to="/settings">Settings</Link> to see your weekly load here.
            </p>
          )}
        </section>
      ) : (
        <>
          <ThisWeekSummary weeks={shown} units={units} />
          <section className="card" aria-labelledby="weeks-title">
            <h2 id="weeks-title">Last {shown.length} weeks</h2>
            {(span.beforeHistory > 0 || span.lastStored) && (
              <p className="muted">
                {span.beforeHistory > 0 &&
                  `The history starts in the week of ${formatLocalDate(shown[span.beforeHistory].weekStart)}: the ${span.beforeHistory} weeks before it are empty. `}
                {span.lastStored && `No run since the week of ${formatLocalDate(span.lastStored.weekStart)}.`}
              </p>
            )}
            <ChartLegend showPain={!healthHidden} />
            <WeeksChart
              weeks={shown}
              painLogs={painLogs}
              units={units}
              selected={selected}
              onSelect={setSelected}
            />
            {shown[selected] && <WeekDetail week={shown[selected]} painLogs={painLogs} units={units} />}
            <details className="weeks-table">
              <summary>Show the weeks as a table</summary>
              <div className="table-scroll">
                <table>
                  <caption className="visually-hidden">Weekly metrics, oldest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">Week of</th>
                      <th scope="col">Distance</th>
                      <th scope="col">Runs</th>
                      <th scope="col">Ramp</th>
                      <th scope="col">Speed share</th>
                      <th scope="col">Longest</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((w) => (
                      <tr key={w.weekStart}>
                        <th scope="row">{formatLocalDate(w.weekStart)}</th>
                        <td>{formatDistance(w.distanceM, units)}</td>
                        <td>{w.runs}</td>
                        <td>{formatPercent(w.ramp, true)}</td>
                        <td>{formatPercent(w.speedShare)}</td>
                        <td>{formatDistance(w.longestM, units)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          </section>
          <AcwrPanel week={latest} />
        </>
      )}

      <section className="card" aria-labelledby="findings-title">
        <h2 id="findings-title">Findings</h2>
        {findings.error ? (
          <p role="alert">The findings could not be loaded: {findings.error.message}</p>
        ) : findings.data ? (
          <FindingsList
            findings={findings.data.findings}
            units={units}
            activities={activities.data?.items}
            logs={symptoms.data?.logs}
          />
        ) : (
          <p aria-busy="true">Loading findings…</p>
        )}
      </section>

      {activities.data && activities.data.items.length > 0 && (
        <section className="card" aria-labelledby="runs-title">
          <h2 id="runs-title">Recent activities</h2>
          {changeMessage && (
            <p className="form-ok" role="status">
              {changeMessage} {RECOMPUTE_TEXT[recompute]}
            </p>
          )}
          <ActivityList
            activities={activities.data.items}
            units={units}
            timeZone={me?.timeZone ?? 'UTC'}
            readOnly={athleteId !== undefined}
            onSplit={athleteId === undefined ? split : undefined}
            onDelete={athleteId === undefined ? remove : undefined}
          />
        </section>
      )}
    </div>
  );
}
