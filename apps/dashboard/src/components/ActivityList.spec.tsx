import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActivityProvenanceView, ActivitySummary } from '@loadwatch/shared/contracts';
import { ApiError } from '../api/client';
import { ActivityList, deleteConsequences, fieldSourcesText } from './ActivityList';

function source(over: Partial<ActivityProvenanceView>): ActivityProvenanceView {
  return {
    id: 's-fit',
    source: 'fit',
    externalId: 'abc:0',
    uploadId: 'u1',
    keptApart: false,
    sport: 'running',
    startedAt: '2026-10-18T06:00:00.000Z',
    distanceM: 20_000,
    movingTimeS: 6000,
    elapsedTimeS: 6060,
    avgHeartRateBpm: 150,
    recordCount: 6000,
    ...over,
  };
}

const merged = {
  id: 'a1',
  source: 'fit',
  sport: 'running',
  localDate: '2026-10-18',
  distanceM: 20_000,
  provenances: [
    source({}),
    source({ id: 's-strava', source: 'strava', externalId: '9000000001', distanceM: 20_040, recordCount: 0 }),
  ],
  fieldSources: {
    sport: 'fit',
    startMs: 'fit',
    distanceM: 'fit',
    movingTimeS: 'fit',
    avgHeartRateBpm: 'fit',
  },
} as unknown as ActivitySummary;

const stravaOnly = {
  id: 'a2',
  source: 'strava',
  sport: 'running',
  localDate: '2026-10-16',
  distanceM: 8000,
  provenances: [source({ id: 's2', source: 'strava' })],
  fieldSources: null,
} as unknown as ActivitySummary;

describe('ActivityList: where each activity came from', () => {
  it('names the sources of each activity and shows a merge source by source, field by field', async () => {
    const user = userEvent.setup();
    render(
      <ActivityList activities={[merged, stravaOnly]} units="km" timeZone="Europe/London" readOnly={false} />,
    );
    const rows = screen.getAllByRole('row');
    expect(rows[1]).toHaveTextContent('FIT file + Strava (merged)');
    expect(rows[2]).toHaveTextContent('Strava');

    await user.click(within(rows[1]).getByRole('button', { expanded: false }));
    const sources = within(screen.getByRole('list', { name: 'Sources of this activity' })).getAllByRole(
      'listitem',
    );
    expect(sources[0]).toHaveTextContent('FIT file (main source)');
    expect(sources[0]).toHaveTextContent(
      'Started 18 Oct 2026, 07:00 · 20.00 km · 1:40:00 · 150 bpm · 6000 records',
    );
    expect(sources[1]).toHaveTextContent('Strava');
    expect(sources[1]).toHaveTextContent('20.04 km');
    expect(sources[1]).toHaveTextContent('no records (summary only)');
    expect(screen.getByText(/Fields taken from/).parentElement).toHaveTextContent(
      'FIT file: sport, start time, distance, moving time, heart rate',
    );
  });

  it('undoes a merge only after a confirmation that says what it does', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    render(
      <ActivityList
        activities={[merged]}
        units="km"
        timeZone="UTC"
        readOnly={false}
        onSplit={async (activity, src) => {
          calls.push(`${activity.id}/${src.id}`);
        }}
      />,
    );
    await user.click(screen.getByRole('button', { name: /FIT file \+ Strava/ }));
    // The main source cannot be separated from itself: one button, on Strava's line.
    const separate = screen.getAllByRole('button', { name: /^Separate/ });
    expect(separate).toHaveLength(1);
    await user.click(separate[0]);
    const dialog = screen.getByRole('alertdialog', { name: 'Separate the Strava copy of this run?' });
    expect(dialog).toHaveFocus();
    expect(dialog).toHaveTextContent('this run counts twice');

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls).toEqual([]);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: /^Separate Strava/ }));
    await user.click(screen.getByRole('button', { name: 'Yes, separate them' }));
    expect(calls).toEqual(['a1/s-strava']);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it("shows the server's refusal (409: a single source) and keeps the dialog", async () => {
    const user = userEvent.setup();
    render(
      <ActivityList
        activities={[merged]}
        units="km"
        timeZone="UTC"
        readOnly={false}
        onSplit={() =>
          Promise.reject(new ApiError(409, 'Activity a1 has a single source: there is no merge to undo.'))
        }
      />,
    );
    await user.click(screen.getByRole('button', { name: /FIT file \+ Strava/ }));
    await user.click(screen.getByRole('button', { name: /^Separate Strava/ }));
    await user.click(screen.getByRole('button', { name: 'Yes, separate them' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('there is no merge to undo');
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
  });

  it("never shows Strava in a coach's read-only view, and offers no undo there", async () => {
    const user = userEvent.setup();
    render(
      <ActivityList
        activities={[merged, stravaOnly]}
        units="km"
        timeZone="UTC"
        readOnly
        onSplit={() => Promise.resolve()}
      />,
    );
    expect(screen.getAllByRole('row')).toHaveLength(2);
    expect(screen.queryByText(/Strava/)).toBeNull();
    await user.click(screen.getByRole('button', { name: /FIT file/ }));
    expect(screen.queryByText(/Strava/)).toBeNull();
    expect(screen.queryByRole('button', { name: /^Separate/ })).toBeNull();
  });

  it('deletes an activity only after a confirmation that says what the server does', async () => {
    const user = userEvent.setup();
    const deleted: string[] = [];
    render(
      <ActivityList
        activities={[merged, stravaOnly]}
        units="km"
        timeZone="UTC"
        readOnly={false}
        onDelete={async (activity) => {
          deleted.push(activity.id);
        }}
      />,
    );
    const buttons = screen.getAllByRole('button', { name: /^Delete the activity of/ });
    expect(buttons).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Delete the activity of Sun, 18 Oct 2026' }));
    const dialog = screen.getByRole('alertdialog', {
      name: 'Delete the activity of Sun, 18 Oct 2026 (20.00 km)?',
    });
    expect(dialog).toHaveFocus();
    expect(dialog).toHaveTextContent('every source merged into it (FIT file + Strava)');
    expect(dialog).toHaveTextContent('Your weeks and findings are then recomputed without it.');
    expect(dialog).toHaveTextContent('Strava will not bring it back');
    expect(dialog).toHaveTextContent('It stays on Strava; delete it there too');
    expect(dialog).toHaveTextContent('Uploading the same FIT file again does not restore it');

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(deleted).toEqual([]);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Delete the activity of Sun, 18 Oct 2026' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    expect(deleted).toEqual(['a1']);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it("keeps the confirmation open with the server's message when the delete fails", async () => {
    const user = userEvent.setup();
    render(
      <ActivityList
        activities={[stravaOnly]}
        units="km"
        timeZone="UTC"
        readOnly={false}
        onDelete={() => Promise.reject(new ApiError(404, 'No activity a2.'))}
      />,
    );
    await user.click(screen.getByRole('button', { name: /^Delete the activity of/ }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('No activity a2.');
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Yes, delete it' })).toBeEnabled();
  });

  it("offers no delete in a coach's read-only view, nor without a handler", () => {
    const { unmount } = render(
      <ActivityList
        activities={[merged]}
        units="km"
        timeZone="UTC"
        readOnly
        onDelete={() => Promise.resolve()}
      />,
    );
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull();
    expect(screen.getAllByRole('columnheader')).toHaveLength(4);
    unmount();
    render(<ActivityList activities={[merged]} units="km" timeZone="UTC" readOnly={false} />);
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull();
  });

  it('says what deleting does for each kind of source', () => {
    const fitOnly = { ...merged, provenances: [merged.provenances[0]] } as ActivitySummary;
    expect(deleteConsequences(fitOnly)).toEqual([
      'It is removed from Loadwatch for good, with its records. Your weeks and findings are then recomputed without it.',
      'Strava or Garmin will not bring it back: Loadwatch remembers that you deleted this run and does not import it again when a provider sends it, for example after you edit it there, in a history import, after you reconnect, or when a provider sends its own copy of it later.',
      'Uploading the same FIT file again does not restore it: Loadwatch already knows the file and takes it as a duplicate.',
    ]);
    const lines = deleteConsequences(stravaOnly);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^Strava will not bring it back: Loadwatch remembers that you deleted this run and does not import it again/,
    );
    // Deleting in Loadwatch leaves the provider's copy where it is.
    expect(lines[1]).toContain('It stays on Strava; delete it there too');
    const garmin = {
      ...stravaOnly,
      source: 'garmin',
      provenances: [source({ source: 'garmin' }), source({ id: 's3', source: 'strava' })],
    } as ActivitySummary;
    expect(deleteConsequences(garmin)[1]).toMatch(/^Strava or Garmin will not bring it back/);
  });

  it('lists fields by source', () => {
    expect(fieldSourcesText({ distanceM: 'fit', avgHeartRateBpm: 'garmin', stream: 'fit' })).toBe(
      'FIT file: distance, second-by-second records; Garmin: heart rate',
    );
    expect(fieldSourcesText(null)).toBeNull();
  });
});
