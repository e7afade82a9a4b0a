import { Fragment, useEffect, useRef, useState } from 'react';
import type {
  ActivityProvenanceView,
  ActivitySource,
  ActivitySummary,
  DistanceUnits,
  FieldSources,
  MergedField,
} from '@loadwatch/shared/contracts';
import { FIELD_LABEL, SOURCE_LABEL } from '../app/texts';
import { formatDistance, formatDuration, formatInstant, formatLocalDate } from '../format/format';

export interface ActivityListProps {
  activities: ActivitySummary[];
  units: DistanceUnits;
  timeZone: string;
  /**
   * A coach's read-only view: no undo, and nothing from Strava. The API already leaves Strava-only activities
   * and Strava provenances out for a coach (spec/rules.md section 7); the list drops them too, so that the
   * rule holds here even if an answer ever carried one.
   */
  readOnly: boolean;
  /** Undoes a merge: `source` becomes an activity of its own. Rejects with the server's message. */
  onSplit?: (activity: ActivitySummary, source: ActivityProvenanceView) => Promise<void>;
  /** Deletes the activity (the athlete's own list only). Rejects with the server's message. */
  onDelete?: (activity: ActivitySummary) => Promise<void>;
}

const PAGE = 10;

function visibleActivities(activities: ActivitySummary[], readOnly: boolean): ActivitySummary[] {
  if (!readOnly) return activities;
  return activities
    .filter((a) => a.source !== 'strava')
    .map((a) => ({
      ...a,
      provenances: a.provenances.filter((p) => p.source !== 'strava'),
      fieldSources: a.fieldSources
        ? (Object.fromEntries(
            Object.entries(a.fieldSources).filter(([, source]) => source !== 'strava'),
          ) as FieldSources)
        : null,
    }));
}

/** `FIT file + Garmin`: the sources of an activity, in precedence order. */
export function sourcesText(activity: ActivitySummary): string {
  const sources =
    activity.provenances.length > 0 ? activity.provenances.map((p) => p.source) : [activity.source];
  return [...new Set(sources)].map((s) => SOURCE_LABEL[s]).join(' + ');
}

/** Which fields came from which source: `FIT file: distance, moving time; Garmin: heart rate`. */
export function fieldSourcesText(fieldSources: FieldSources | null): string | null {
  if (!fieldSources) return null;
  const bySource = new Map<string, string[]>();
  for (const [field, source] of Object.entries(fieldSources)) {
    if (!source) continue;
    const label = SOURCE_LABEL[source];
    bySource.set(label, [...(bySource.get(label) ?? []), FIELD_LABEL[field as MergedField] ?? field]);
  }
  if (bySource.size === 0) return null;
  return [...bySource].map(([source, fields]) => `${source}: ${fields.join(', ')}`).join('; ');
}

const PROVIDERS: readonly ActivitySource[] = ['strava', 'garmin'];

/**
 * What deleting an activity does, as the server does it (ActivitiesService.delete): the activity goes with
 * its stream and every source merged into it, and `recompute-load` runs. Each Strava or Garmin copy leaves a
 * tombstone and the run its time window, so no later import brings it back (an edit at the provider, a
 * history backfill, a reconnect, or a provider's first copy of the run, as Strava's of a run from the watch
 * file); the upload of a FIT file stays recorded, so the same file uploaded again is a duplicate and does
 * not bring the activity back either.
 */
export function deleteConsequences(activity: ActivitySummary): string[] {
  const sources = new Set(
    activity.provenances.length > 0 ? activity.provenances.map((p) => p.source) : [activity.source],
  );
  const merged = activity.provenances.length > 1;
  const lines = [
    `It is removed from Loadwatch for good, with its records${merged ? ` and every source merged into it (${sourcesText(activity)})` : ''}. Your weeks and findings are then recomputed without it.`,
  ];
  const providers = PROVIDERS.filter((p) => sources.has(p)).map((p) => SOURCE_LABEL[p]);
  const names = providers.join(' or ');
  lines.push(
    `${names || 'Strava or Garmin'} will not bring it back: Loadwatch remembers that you deleted this run and does not import it again when a provider sends it, for example after you edit it there, in a history import, after you reconnect, or when ${providers.length === 1 ? `the other provider` : 'a provider'} sends its own copy of it later.` +
      (providers.length > 0
        ? ` It stays on ${names}; delete it there too if you want it gone everywhere.`
        : ''),
  );
  if (sources.has('fit')) {
    lines.push(
      'Uploading the same FIT file again does not restore it: Loadwatch already knows the file and takes it as a duplicate.',
    );
  }
  return lines;
}

/**
 * The athlete's activities, newest first, each expandable to where its data came from: one line per source
 * (FIT upload, Strava, Garmin) with that source's own numbers, which fields of the merged activity came from
 * which source, and (for the athlete) "Separate" on every source but the first, which undoes the merge after
 * a confirmation saying what it does to the weekly totals; and (for the athlete) "Delete" on every activity,
 * after a confirmation saying what the server does (`deleteConsequences`).
 */
export function ActivityList({
  activities,
  units,
  timeZone,
  readOnly,
  onSplit,
  onDelete,
}: ActivityListProps) {
  const [shown, setShown] = useState(PAGE);
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const visible = visibleActivities(activities, readOnly);
  const deletable = !readOnly && onDelete !== undefined;
  const columns = deletable ? 5 : 4;
  if (visible.length === 0) return <p className="empty">No activities yet.</p>;
  return (
    <>
      <div className="table-scroll">
        <table className="activity-table">
          <caption className="visually-hidden">Activities, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Sport</th>
              <th scope="col">Distance</th>
              <th scope="col">Source</th>
              {deletable && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {visible.slice(0, shown).map((a) => {
              const expanded = open === a.id;
              const merged = a.provenances.length > 1;
              return (
                <Fragment key={a.id}>
                  <tr>
                    <td>{formatLocalDate(a.localDate)}</td>
                    <td>{a.sport.replace(/_/g, ' ')}</td>
                    <td>{formatDistance(a.distanceM, units, 2)}</td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={expanded}
                        aria-controls={`sources-${a.id}`}
                        onClick={() => setOpen(expanded ? null : a.id)}
                      >
                        {sourcesText(a)}
                        {merged && <span className="merged-tag"> (merged)</span>}
                        <span className="visually-hidden">
                          : where the data of {formatLocalDate(a.localDate)} came from
                        </span>
                      </button>
                    </td>
                    {deletable && (
                      <td>
                        <button
                          type="button"
                          className="button button-small"
                          aria-expanded={deleting === a.id}
                          onClick={() => setDeleting(deleting === a.id ? null : a.id)}
                        >
                          Delete
                          <span className="visually-hidden">
                            {' '}
                            the activity of {formatLocalDate(a.localDate)}
                          </span>
                        </button>
                      </td>
                    )}
                  </tr>
                  {deletable && deleting === a.id && (
                    <tr className="sources-row">
                      <td colSpan={columns}>
                        <DeleteConfirmation
                          activity={a}
                          units={units}
                          onDelete={onDelete}
                          onClose={() => setDeleting(null)}
                        />
                      </td>
                    </tr>
                  )}
                  {expanded && (
                    <tr className="sources-row">
                      <td colSpan={columns} id={`sources-${a.id}`}>
                        <ActivitySources
                          activity={a}
                          units={units}
                          timeZone={timeZone}
                          readOnly={readOnly}
                          onSplit={onSplit}
                        />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {visible.length > shown && (
        <button type="button" className="button button-small" onClick={() => setShown(shown + 20)}>
          Show more activities ({visible.length - shown} more)
        </button>
      )}
    </>
  );
}

function DeleteConfirmation({
  activity,
  units,
  onDelete,
  onClose,
}: {
  activity: ActivitySummary;
  units: DistanceUnits;
  onDelete: (activity: ActivitySummary) => Promise<void>;
  /** Cancelled, or deleted. */
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDelete(activity);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
      return;
    }
    onClose();
  };
  const titleId = `delete-${activity.id}-title`;
  const textId = `delete-${activity.id}-text`;
  return (
    <div
      className="confirm"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      tabIndex={-1}
      ref={ref}
    >
      <h4 id={titleId}>
        Delete the activity of {formatLocalDate(activity.localDate)} (
        {formatDistance(activity.distanceM, units, 2)})?
      </h4>
      <div id={textId}>
        {deleteConsequences(activity).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="button button-danger" disabled={busy} onClick={() => void remove()}>
          Yes, delete it
        </button>
        <button type="button" className="button" disabled={busy} onClick={onClose}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface ActivitySourcesProps {
  activity: ActivitySummary;
  units: DistanceUnits;
  timeZone: string;
  readOnly: boolean;
  onSplit?: ActivityListProps['onSplit'];
}

export function ActivitySources({ activity, units, timeZone, readOnly, onSplit }: ActivitySourcesProps) {
  const [confirming, setConfirming] = useState<ActivityProvenanceView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const fields = fieldSourcesText(activity.fieldSources);
  const split = async (source: ActivityProvenanceView) => {
    if (!onSplit) return;
    setBusy(true);
    setError(null);
    try {
      await onSplit(activity, source);
      setConfirming(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="activity-sources">
      <p className="muted">
        {activity.provenances.length > 1
          ? `The same run arrived from ${activity.provenances.length} sources and was merged into this activity (starts within 60 s, durations within 5 %).`
          : `This activity has one source: ${sourcesText(activity)}.`}
      </p>
      <ul className="provenance-list" aria-label="Sources of this activity">
        {activity.provenances.map((p, index) => (
          <li key={p.id} className="provenance">
            <div>
              <strong>{SOURCE_LABEL[p.source]}</strong>
              {index === 0 && activity.provenances.length > 1 && (
                <span className="muted"> (main source)</span>
              )}
              {p.keptApart && <span className="muted"> · kept apart at your request</span>}
              <p className="muted">
                Started {formatInstant(p.startedAt, timeZone)} · {formatDistance(p.distanceM, units, 2)} ·{' '}
                {formatDuration(p.movingTimeS ?? p.elapsedTimeS)}
                {p.avgHeartRateBpm !== null && ` · ${Math.round(p.avgHeartRateBpm)} bpm`}
                {p.recordCount > 0 ? ` · ${p.recordCount} records` : ' · no records (summary only)'}
              </p>
            </div>
            {!readOnly && onSplit && index > 0 && (
              <button
                type="button"
                className="button button-small"
                onClick={() => setConfirming(p)}
                disabled={busy}
              >
                Separate {SOURCE_LABEL[p.source]}
                <span className="visually-hidden"> from this activity</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {fields && (
        <p className="field-sources">
          <strong>Fields taken from:</strong> {fields}
        </p>
      )}
      {confirming && (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby="split-title"
          aria-describedby="split-text"
          tabIndex={-1}
          ref={confirmRef}
        >
          <h4 id="split-title">Separate the {SOURCE_LABEL[confirming.source]} copy of this run?</h4>
          <p id="split-text">
            It becomes an activity of its own and is never merged again. Both activities then count in your
            weekly distance, so this run counts twice until you delete one of them. Weeks and findings are
            updated in the background.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void split(confirming)}
            >
              Yes, separate them
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
