import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActivitySummary, ConnectionView } from '@loadwatch/shared/contracts';
import {
  callbackErrorMessage,
  ConnectionList,
  isSyncBusy,
  providerHoldings,
  providerLabel,
  syncSummary,
} from './ConnectionList';

function connection(
  over: Partial<ConnectionView> = {},
  sync: Partial<ConnectionView['sync']> = {},
): ConnectionView {
  return {
    id: 'c1',
    provider: 'strava',
    status: 'active',
    externalAthleteId: '3003',
    scopes: ['read', 'activity:read_all'],
    connectedAt: '2026-11-21T10:00:00.000Z',
    sync: {
      state: 'idle',
      lastSyncAt: '2026-11-21T10:05:00.000Z',
      activitiesImported: 12,
      backfill: { done: 12, total: 12, finishedAt: '2026-11-21T10:05:00.000Z' },
      lastError: null,
      resumesAt: null,
      ...sync,
    },
    ...over,
  };
}

const noop = () => undefined;

describe('ConnectionList', () => {
  it('shows a connection with its sync status in the user zone', () => {
    render(
      <ConnectionList
        connections={[connection()]}
        timeZone="Europe/Berlin"
        onReconnect={noop}
        onDisconnect={async () => undefined}
      />,
    );
    const item = screen.getByRole('listitem', { name: 'Strava' });
    expect(item).toHaveTextContent('✓ Connected');
    // Without the activities counted yet, the status shows the sync and the history alone.
    expect(item).toHaveTextContent(
      'Sync up to date · whole history read (12 activities) · last sync 21 Nov 2026, 11:05',
    );
    expect(item).not.toHaveTextContent('imported');
    expect(item).toHaveTextContent('permissions: read, activity:read_all');
  });

  it('shows backfill progress, the rate-limit pause with its end, and the last error', () => {
    render(
      <ConnectionList
        connections={[
          connection(
            {},
            {
              state: 'rate-limited',
              lastSyncAt: null,
              activitiesImported: 120,
              backfill: { done: 120, total: 300, finishedAt: null },
              resumesAt: '2026-11-21T10:15:00.000Z',
              lastError: { message: 'Strava answered 500', at: '2026-11-21T10:07:00.000Z' },
            },
          ),
        ]}
        timeZone="UTC"
        onReconnect={noop}
        onDisconnect={async () => undefined}
      />,
    );
    const item = screen.getByRole('listitem', { name: 'Strava' });
    expect(item).toHaveTextContent(
      "Sync paused by the provider's rate limit · history: 120 of 300 read so far · last sync not yet · resumes 21 Nov 2026, 10:15",
    );
    expect(screen.getByRole('progressbar', { name: 'Strava history imported' })).toHaveAttribute(
      'value',
      '120',
    );
    expect(item).toHaveTextContent('Last error (21 Nov 2026, 10:07): Strava answered 500');
  });

  it('counts what came from the provider from the activities: the merged run is counted, and said to be merged', () => {
    // The e2e case: four runs read from Strava's history, one of them the same run as a FIT upload.
    const activity = (id: string, sources: ActivitySummary['source'][]) =>
      ({
        id,
        source: sources[0],
        provenances: sources.map((source, i) => ({ id: `${id}-${i}`, source })),
      }) as unknown as ActivitySummary;
    const holdings = providerHoldings([
      activity('a1', ['fit', 'strava']),
      activity('a2', ['strava']),
      activity('a3', ['strava']),
      activity('a4', ['strava']),
      activity('a5', ['fit']),
      activity('a6', ['garmin', 'strava']),
    ]);
    expect(holdings.strava).toEqual({ activities: 5, merged: 2, mergedWith: ['fit', 'garmin'] });
    expect(holdings.garmin).toEqual({ activities: 1, merged: 1, mergedWith: ['strava'] });

    const settled = connection(
      {},
      { activitiesImported: 3, backfill: { done: 4, total: 4, finishedAt: '2026-11-21T10:05:00.000Z' } },
    );
    const fourRead = providerHoldings([
      activity('a1', ['fit', 'strava']),
      activity('a2', ['strava']),
      activity('a3', ['strava']),
      activity('a4', ['strava']),
    ]).strava;
    render(
      <ConnectionList
        connections={[settled]}
        timeZone="UTC"
        onReconnect={noop}
        onDisconnect={async () => undefined}
        holdings={{ strava: fourRead }}
      />,
    );
    expect(screen.getByRole('listitem', { name: 'Strava' })).toHaveTextContent(
      'Sync up to date · 4 activities from Strava, 1 merged with your uploads · whole history read (4 activities) · last sync 21 Nov 2026, 10:05',
    );
  });

  it("words Garmin's history as a request, since Garmin sends it later and it is not counted", () => {
    const garmin = connection(
      { provider: 'garmin' },
      { activitiesImported: 7, backfill: { done: 0, total: null, finishedAt: '2026-11-21T10:05:00.000Z' } },
    );
    expect(syncSummary(garmin, 'UTC', { activities: 1, merged: 0, mergedWith: [] })).toBe(
      'Sync up to date · 1 activity from Garmin Connect · history requested (Garmin Connect sends it over time) · last sync 21 Nov 2026, 10:05',
    );
    expect(
      syncSummary(
        connection(
          { provider: 'garmin' },
          { state: 'backfilling', backfill: { done: 0, total: null, finishedAt: null } },
        ),
        'UTC',
      ),
    ).toBe('Sync importing your history · requesting your history · last sync 21 Nov 2026, 10:05');
    expect(
      syncSummary(
        connection({}, { state: 'backfilling', backfill: { done: 30, total: null, finishedAt: null } }),
        'UTC',
      ),
    ).toBe('Sync importing your history · history: 30 read so far · last sync 21 Nov 2026, 10:05');
  });

  it('asks for consent again with a reconnect action', async () => {
    const user = userEvent.setup();
    const reconnected: string[] = [];
    render(
      <ConnectionList
        connections={[connection({ provider: 'garmin', status: 'needs-reconsent' })]}
        timeZone="UTC"
        onReconnect={(p) => reconnected.push(p)}
        onDisconnect={async () => undefined}
      />,
    );
    expect(screen.getByRole('listitem', { name: 'Garmin Connect' })).toHaveTextContent(
      'Needs your permission again',
    );
    await user.click(screen.getByRole('button', { name: 'Reconnect Garmin Connect' }));
    expect(reconnected).toEqual(['garmin']);
  });

  it('disconnects only after a confirmation', async () => {
    const user = userEvent.setup();
    const disconnected: string[] = [];
    render(
      <ConnectionList
        connections={[connection()]}
        timeZone="UTC"
        onReconnect={noop}
        onDisconnect={async (p) => {
          disconnected.push(p);
        }}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'Disconnect Strava' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Disconnect Strava?' });
    expect(dialog).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(disconnected).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Disconnect Strava' }));
    await user.click(screen.getByRole('button', { name: 'Yes, disconnect' }));
    expect(disconnected).toEqual(['strava']);
  });

  it('explains every callback error code in words', () => {
    for (const code of [
      'invalid-state',
      'access-denied',
      'provider-error',
      'missing-code',
      'not-configured',
      'exchange-failed',
      'account-in-use',
    ]) {
      expect(callbackErrorMessage(code)).not.toContain(code);
    }
    expect(callbackErrorMessage('account-in-use')).toMatch(/already connected to another Loadwatch account/);
    expect(callbackErrorMessage('something-new')).toBe(
      'The connection did not complete (something-new). Please try again.',
    );
    expect(providerLabel('strava')).toBe('Strava');
    expect(providerLabel('<script>')).toBe('the provider');
  });

  it('polls only while a sync is running', () => {
    expect(isSyncBusy(connection({}, { state: 'backfilling' }))).toBe(true);
    expect(isSyncBusy(connection({}, { state: 'rate-limited' }))).toBe(true);
    expect(isSyncBusy(connection())).toBe(false);
    expect(isSyncBusy(connection({ status: 'disconnected' }, { state: 'syncing' }))).toBe(false);
  });
});
