import { useEffect, useRef, useState } from 'react';
import type {
  ActivitySource,
  ActivitySummary,
  ConnectionView,
  ProviderName,
  SyncState,
} from '@loadwatch/shared/contracts';
import { formatInstant } from '../format/format';

export const PROVIDER_LABEL: Record<ProviderName, string> = { strava: 'Strava', garmin: 'Garmin Connect' };

/**
 * The `?error=` codes of the OAuth callback (libs/feature/connections ConnectionsService.completeConnect), in
 * words. An unknown code still gets a sentence, with the code for support.
 */
const CALLBACK_ERRORS: Record<string, string> = {
  'invalid-state':
    'The connection request had expired or did not come from this browser. Please start again with Connect.',
  'access-denied': 'You did not allow Loadwatch to read your activities, so nothing was connected.',
  'provider-error': 'The provider reported an error during the connection. Please try again in a moment.',
  'missing-code': 'The provider did not send the authorization back. Please start again with Connect.',
  'not-configured': 'This provider is not set up on this Loadwatch server.',
  'exchange-failed':
    'The provider did not accept the authorization (it may have expired). Please start again with Connect.',
  'account-in-use':
    'That provider account is already connected to another Loadwatch account. Disconnect it there first.',
};

export function callbackErrorMessage(code: string): string {
  return CALLBACK_ERRORS[code] ?? `The connection did not complete (${code}). Please try again.`;
}

/** A provider name from the `?connected=` parameter, as people call it (the value is not trusted). */
export function providerLabel(value: string): string {
  return value in PROVIDER_LABEL ? PROVIDER_LABEL[value as ProviderName] : 'the provider';
}

const SYNC_STATE: Record<SyncState, string> = {
  idle: 'up to date',
  backfilling: 'importing your history',
  syncing: 'syncing',
  'rate-limited': "paused by the provider's rate limit",
  error: 'stopped by an error',
};

/** What the athlete's activities hold from one provider. */
export interface ProviderHoldings {
  /** Activities with a copy from the provider. */
  activities: number;
  /** Of those, the ones merged with the same run from another source. */
  merged: number;
  /** Those other sources. */
  mergedWith: ActivitySource[];
}

const OTHER_SOURCE: Record<ActivitySource, string> = {
  fit: 'your uploads',
  strava: 'Strava',
  garmin: 'Garmin Connect',
};

/** Counts, from the activities themselves, what came from each provider and what of it was merged. */
export function providerHoldings(
  activities: readonly ActivitySummary[],
): Partial<Record<ProviderName, ProviderHoldings>> {
  const holdings: Partial<Record<ProviderName, ProviderHoldings>> = {};
  for (const provider of Object.keys(PROVIDER_LABEL) as ProviderName[]) {
    const held: ProviderHoldings = { activities: 0, merged: 0, mergedWith: [] };
    for (const activity of activities) {
      const sources =
        activity.provenances.length > 0 ? activity.provenances.map((p) => p.source) : [activity.source];
      if (!sources.includes(provider)) continue;
      held.activities++;
      const others = sources.filter((s) => s !== provider);
      if (others.length === 0) continue;
      held.merged++;
      for (const other of others) if (!held.mergedWith.includes(other)) held.mergedWith.push(other);
    }
    holdings[provider] = held;
  }
  return holdings;
}

/**
 * The sync status in words. The counts come from the activities (`holdings`), not from the connection's
 * `activitiesImported` (the provider's runs new to Loadwatch, merged or not): only the activities tell how
 * many of them were merged with the athlete's uploads, and they reflect deletions since. The history is Strava's activities listed and read; Garmin only takes a request
 * for it and sends it later, so its history has no count.
 */
export function syncSummary(
  connection: ConnectionView,
  timeZone: string,
  holdings?: ProviderHoldings,
): string {
  const { sync } = connection;
  const name = PROVIDER_LABEL[connection.provider];
  const parts = [`Sync ${SYNC_STATE[sync.state]}`];
  if (holdings) {
    parts.push(
      `${activitiesText(holdings.activities)} from ${name}` +
        (holdings.merged > 0
          ? `, ${holdings.merged} merged with ${holdings.mergedWith.map((s) => OTHER_SOURCE[s]).join(' and ')}`
          : ''),
    );
  }
  const { backfill } = sync;
  if (backfill) {
    if (connection.provider === 'garmin') {
      parts.push(
        backfill.finishedAt ? `history requested (${name} sends it over time)` : 'requesting your history',
      );
    } else if (backfill.finishedAt && backfill.total !== null && backfill.done >= backfill.total) {
      parts.push(`whole history read (${activitiesText(backfill.done)})`);
    } else {
      parts.push(
        `history: ${backfill.done}${backfill.total !== null ? ` of ${backfill.total}` : ''} read so far`,
      );
    }
  }
  parts.push(`last sync ${sync.lastSyncAt ? formatInstant(sync.lastSyncAt, timeZone) : 'not yet'}`);
  if (sync.resumesAt) parts.push(`resumes ${formatInstant(sync.resumesAt, timeZone)}`);
  return parts.join(' · ');
}

function activitiesText(count: number): string {
  return `${count} ${count === 1 ? 'activity' : 'activities'}`;
}

/** Sync states that change by themselves: the page asks again until they settle. */
export function isSyncBusy(connection: ConnectionView): boolean {
  return (
    connection.status === 'active' &&
    (connection.sync.state === 'backfilling' ||
      connection.sync.state === 'syncing' ||
      connection.sync.state === 'rate-limited')
  );
}

export interface ConnectionListProps {
  connections: ConnectionView[];
  timeZone: string;
  onReconnect: (provider: ProviderName) => void;
  /** Rejects with the server's message. */
  onDisconnect: (provider: ProviderName) => Promise<void>;
  /** What the activities hold from each provider (`providerHoldings`), once loaded. */
  holdings?: Partial<Record<ProviderName, ProviderHoldings>>;
}

/** Each connection with its status, sync progress, last error and actions (disconnect asks first). */
export function ConnectionList({
  connections,
  timeZone,
  onReconnect,
  onDisconnect,
  holdings,
}: ConnectionListProps) {
  if (connections.length === 0) return <p className="empty">No provider is connected.</p>;
  return (
    <ul className="connection-list" aria-label="Your connections">
      {connections.map((c) => (
        <ConnectionItem
          key={c.id}
          connection={c}
          timeZone={timeZone}
          onReconnect={onReconnect}
          onDisconnect={onDisconnect}
          holdings={holdings?.[c.provider]}
        />
      ))}
    </ul>
  );
}

function ConnectionItem({
  connection: c,
  timeZone,
  onReconnect,
  onDisconnect,
  holdings,
}: Omit<ConnectionListProps, 'connections' | 'holdings'> & {
  connection: ConnectionView;
  holdings?: ProviderHoldings;
}) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const name = PROVIDER_LABEL[c.provider];
  const { sync } = c;
  const disconnect = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDisconnect(c.provider);
      setConfirming(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="connection" aria-label={name}>
      <div className="connection-body">
        <strong>{name}</strong>{' '}
        <span className={`status status-${c.status === 'active' ? 'processed' : 'rejected'}`}>
          {c.status === 'active'
            ? '✓ Connected'
            : c.status === 'needs-reconsent'
              ? '! Needs your permission again'
              : '✕ Disconnected'}
        </span>
        {c.status === 'needs-reconsent' && (
          <p className="form-error">
            {name} no longer accepts Loadwatch's access (the permission was withdrawn or expired). Reconnect
            to resume the sync.
          </p>
        )}
        {c.status !== 'disconnected' && (
          <p className="muted sync-status" aria-live="polite">
            {syncSummary(c, timeZone, holdings)}
          </p>
        )}
        {sync.backfill &&
          sync.backfill.total !== null &&
          sync.backfill.total > 0 &&
          !sync.backfill.finishedAt && (
            <progress
              max={sync.backfill.total}
              value={sync.backfill.done}
              aria-label={`${name} history imported`}
            />
          )}
        {sync.lastError && (
          <p className="form-error">
            Last error ({formatInstant(sync.lastError.at, timeZone)}): {sync.lastError.message}
          </p>
        )}
        <p className="muted">
          Connected {formatInstant(c.connectedAt, timeZone)}
          {c.scopes.length > 0 && ` · permissions: ${c.scopes.join(', ')}`}
        </p>
      </div>
      <div className="actions">
        {c.status !== 'active' && (
          <button type="button" className="button button-primary" onClick={() => onReconnect(c.provider)}>
            Reconnect {name}
          </button>
        )}
        {c.status !== 'disconnected' && !confirming && (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Disconnect {name}
          </button>
        )}
      </div>
      {confirming && (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby={`disconnect-${c.id}-title`}
          aria-describedby={`disconnect-${c.id}-text`}
          tabIndex={-1}
          ref={confirmRef}
        >
          <h4 id={`disconnect-${c.id}-title`}>Disconnect {name}?</h4>
          <p id={`disconnect-${c.id}-text`}>
            New activities stop arriving from {name} and Loadwatch deletes its access tokens. Activities
            already imported stay until you delete them. You can connect again at any time.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => void disconnect()}
            >
              Yes, disconnect
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>
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
    </li>
  );
}
