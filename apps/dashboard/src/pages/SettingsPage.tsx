import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type {
  ActivitySummary,
  CoachLinkListItem,
  ConnectionsResponse,
  ConnectResponse,
  EmailPreferences,
  MeResponse,
  Page,
  ProviderName,
  SettingsPatch,
} from '@loadwatch/shared/contracts';
import { DEFAULT_EMAIL_PREFERENCES } from '@loadwatch/shared/contracts';
import type { ApiClient } from '../api/client';
import { useSession } from '../api/session';
import { isMissingRoute, useResource } from '../api/use-resource';
import {
  callbackErrorMessage,
  ConnectionList,
  isSyncBusy,
  PROVIDER_LABEL,
  providerHoldings,
  providerLabel,
  type ProviderHoldings,
} from '../components/ConnectionList';
import { formatInstant, formatLocalDate } from '../format/format';

function timeZones(current: string): string[] {
  const supported =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes(current) ? supported : [current, ...supported];
}

export function SettingsPage() {
  const { me, user } = useSession();
  const location = useLocation();
  const connectionsRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (location.pathname.endsWith('/connections')) connectionsRef.current?.scrollIntoView();
  }, [location.pathname]);
  if (!me) return <p aria-busy="true">Loading…</p>;
  return (
    <div className="page">
      <header className="page-head">
        <h1>Settings</h1>
        <p className="muted">Signed in as {me.email}.</p>
      </header>
      <GeneralSettings me={me} />
      <EmailSettings me={me} />
      {user?.role === 'athlete' && <ConnectionsSettings sectionRef={connectionsRef} />}
      <CoachLinksSettings />
      <AccountSettings me={me} />
    </div>
  );
}

function GeneralSettings({ me }: { me: MeResponse }) {
  const { api, reloadMe } = useSession();
  const [form, setForm] = useState({
    displayName: me.displayName ?? '',
    timeZone: me.timeZone,
    weekStart: me.weekStart,
    units: me.units,
    thresholdPace: me.thresholdPace ?? '',
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const patch: SettingsPatch = {
      displayName: form.displayName.trim() || null,
      timeZone: form.timeZone,
      weekStart: form.weekStart,
      units: form.units,
      thresholdPace: form.thresholdPace.trim() || null,
    };
    try {
      await api.patch<MeResponse>('/api/me', patch);
      await reloadMe();
      setMessage({
        ok: true,
        text: 'Saved. Weeks are rebuilt in the background when the zone or week start change.',
      });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  return (
    <section className="card" aria-labelledby="general-title">
      <h2 id="general-title">Profile and units</h2>
      <form onSubmit={submit} className="settings-form">
        <label className="field">
          <span>Display name</span>
          <input
            value={form.displayName}
            maxLength={100}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Time zone</span>
          <select value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })}>
            {timeZones(form.timeZone).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Weeks start on</legend>
          <div className="choices">
            {(['monday', 'sunday'] as const).map((day) => (
              <label key={day} className="choice">
                <input
                  type="radio"
                  name="week-start"
                  checked={form.weekStart === day}
                  onChange={() => setForm({ ...form, weekStart: day })}
                />
                {day === 'monday' ? 'Monday' : 'Sunday'}
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Distances in</legend>
          <div className="choices">
            {(['km', 'mi'] as const).map((unit) => (
              <label key={unit} className="choice">
                <input
                  type="radio"
                  name="units"
                  checked={form.units === unit}
                  onChange={() => setForm({ ...form, units: unit })}
                />
                {unit === 'km' ? 'Kilometres' : 'Miles'}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span>Threshold pace (m:ss per km; empty: estimated from your runs)</span>
          <input
            value={form.thresholdPace}
            placeholder="4:15"
            pattern="\d{1,2}:[0-5]\d"
            inputMode="numeric"
            onChange={(e) => setForm({ ...form, thresholdPace: e.target.value })}
          />
        </label>
        {message && (
          <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <button type="submit" className="button button-primary">
          Save settings
        </button>
      </form>
    </section>
  );
}

/**
 * Email preferences (PATCH /api/me `emailPreferences`). Warnings and the digests can be switched off; urgent
 * alerts (spec/rules.md section 6) cannot, only sent to another address, so there is no box for them. Another
 * address takes effect once it confirms by the link emailed to it: until then the section says where urgent
 * alerts still go, whether the link was actually emailed and until when it works (as the API recorded it), and
 * can send the link again (POST /api/me/urgent-alerts-to/resend).
 */
export function EmailSettings({ me }: { me: MeResponse }) {
  const { api, reloadMe, user } = useSession();
  const saved = { ...DEFAULT_EMAIL_PREFERENCES, ...(me.emailPreferences ?? {}) };
  const [prefs, setPrefs] = useState<EmailPreferences>(saved);
  const [urgentTo, setUrgentTo] = useState(saved.urgentAlertsToPending ?? saved.urgentAlertsTo ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const typed = urgentTo.trim().toLowerCase() || null;
      // Sent only when changed: the address already asked for is not asked for again on every save.
      const asked = saved.urgentAlertsToPending ?? saved.urgentAlertsTo;
      const urgent = typed === asked ? {} : { urgentAlertsTo: typed };
      const patch: SettingsPatch = {
        emailPreferences:
          user?.role === 'coach'
            ? { coachDigest: prefs.coachDigest, ...urgent }
            : { warningAlerts: prefs.warningAlerts, weeklyDigest: prefs.weeklyDigest, ...urgent },
      };
      const updated = await api.patch<MeResponse>('/api/me', patch);
      await reloadMe();
      setMessage({ ok: true, text: `Email preferences saved. ${urgentStatus(updated)}` });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const sendAgain = async () => {
    try {
      const updated = await api.post<MeResponse>('/api/me/urgent-alerts-to/resend');
      await reloadMe();
      setMessage({ ok: true, text: urgentStatus(updated) });
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  };
  const box = (key: 'warningAlerts' | 'weeklyDigest' | 'coachDigest', label: string) => (
    <label className="choice">
      <input
        type="checkbox"
        checked={prefs[key]}
        onChange={(e) => setPrefs({ ...prefs, [key]: e.target.checked })}
      />
      {label}
    </label>
  );
  const pending = saved.urgentAlertsToPending;
  return (
    <section className="card" aria-labelledby="email-title">
      <h2 id="email-title">Emails</h2>
      <form onSubmit={submit} className="settings-form">
        <fieldset>
          <legend>Send me</legend>
          <div className="choices choices-column">
            {user?.role !== 'coach' &&
              box('warningAlerts', 'Warnings, as they happen (at most one load warning a day)')}
            {user?.role !== 'coach' && box('weeklyDigest', 'A weekly digest on Monday morning')}
            {user?.role === 'coach' && box('coachDigest', 'A Monday digest of my athletes')}
          </div>
        </fieldset>
        <p className="note" id="urgent-note">
          <strong>Urgent alerts cannot be switched off.</strong> A finding such as "seek emergency care now"
          is always emailed at once. You can only choose where it goes: another address gets them once it
          confirms by the link we email to it.
        </p>
        <label className="field">
          <span>Send urgent alerts to (empty: {me.email})</span>
          <input
            type="email"
            aria-describedby="urgent-note urgent-status"
            value={urgentTo}
            onChange={(e) => setUrgentTo(e.target.value)}
          />
        </label>
        <p className="note" id="urgent-status">
          {pending ? (
            <>
              <strong>Waiting for confirmation at {pending}</strong> — urgent alerts still go to{' '}
              {saved.urgentAlertsTo ?? me.email}. {linkState(saved, me.timeZone)}{' '}
              <button type="button" className="button" onClick={() => void sendAgain()}>
                {linkExpired(saved) ? 'Send a new link' : 'Send the link again'}
              </button>
            </>
          ) : (
            <>
              Urgent alerts go to {saved.urgentAlertsTo ?? me.email}.
              {saved.urgentAlertsToUnconfirmed &&
                ' That address was saved before addresses had to confirm, and it never confirmed; it keeps ' +
                  'getting them until you change it.'}
            </>
          )}
        </p>
        {message && (
          <p className={message.ok ? 'form-ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <button type="submit" className="button button-primary">
          Save email preferences
        </button>
      </form>
    </section>
  );
}

/** Where urgent alerts go now, and which address is still to confirm (its email may not be out yet). */
function urgentStatus(me: MeResponse): string {
  const { urgentAlertsTo, urgentAlertsToPending } = me.emailPreferences;
  const current = urgentAlertsTo ?? me.email;
  return urgentAlertsToPending
    ? `A confirmation link is being emailed to ${urgentAlertsToPending}; until it is confirmed, urgent ` +
        `alerts still go to ${current}.`
    : `Urgent alerts go to ${current}.`;
}

function linkExpired(prefs: EmailPreferences, nowMs = Date.now()): boolean {
  const expiresAt = prefs.urgentAlertsToLinkExpiresAt;
  return !expiresAt || Date.parse(expiresAt) <= nowMs;
}

/** What became of the pending address's link, as the API recorded it: sent, not (yet) sent, expired. */
function linkState(prefs: EmailPreferences, timeZone: string): string {
  const sentAt = prefs.urgentAlertsToLinkSentAt;
  const expiresAt = prefs.urgentAlertsToLinkExpiresAt;
  if (!expiresAt) return 'No confirmation link was sent to it.';
  const until = formatInstant(expiresAt, timeZone);
  if (linkExpired(prefs)) {
    return sentAt
      ? `The link we emailed it on ${formatInstant(sentAt, timeZone)} expired on ${until}.`
      : 'Its link was never emailed, and has expired.';
  }
  return sentAt
    ? `We emailed it a link on ${formatInstant(sentAt, timeZone)}; the link works until ${until}.`
    : 'Its confirmation link has not been emailed yet; if it does not arrive, send it again.';
}

/** How often the sync status is asked again while a sync is running. */
const SYNC_POLL_MS = 2000;

const ACTIVITY_PAGE = 200;

/** Every activity of the athlete, page by page (the API answers at most 200 at a time). */
async function allActivities(api: ApiClient): Promise<ActivitySummary[]> {
  const items: ActivitySummary[] = [];
  for (;;) {
    const page = await api.get<Page<ActivitySummary>>(
      `/api/activities?limit=${ACTIVITY_PAGE}&offset=${items.length}`,
    );
    items.push(...page.items);
    if (page.items.length === 0 || items.length >= page.total) return items;
  }
}

/**
 * Strava and Garmin (GET/POST/DELETE /api/connections). Connect sends the browser to the provider's consent
 * page; the API's callback brings it back to /settings/connections with `?connected=` or `?error=`.
 */
function ConnectionsSettings({ sectionRef }: { sectionRef: React.RefObject<HTMLElement | null> }) {
  const { api, me } = useSession();
  const location = useLocation();
  const connections = useResource(() => api.get<ConnectionsResponse>('/api/connections'), 'connections');
  const [error, setError] = useState<string | null>(null);
  const returned = new URLSearchParams(location.search);
  const busy = connections.data?.connections.some(isSyncBusy) ?? false;
  const { reload } = connections;
  useEffect(() => {
    if (!busy) return;
    const timer = window.setInterval(() => void reload(), SYNC_POLL_MS);
    return () => window.clearInterval(timer);
  }, [busy, reload]);
  // What came from each provider is counted from the activities once no sync is running (the list is not
  // asked for every 2 s while a history comes in), and again each time a sync settles; never from a list
  // older than the sync status beside it.
  const [holdings, setHoldings] = useState<Partial<Record<ProviderName, ProviderHoldings>>>();
  useEffect(() => {
    setHoldings(undefined);
    if (busy) return;
    let live = true;
    allActivities(api).then(
      (items) => live && setHoldings(providerHoldings(items)),
      // Without the list the status shows the sync and history alone.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [busy, api]);
  if (isMissingRoute(connections.error)) return null;

  const connect = async (provider: ProviderName) => {
    try {
      setError(null);
      const { authorizeUrl } = await api.post<ConnectResponse>('/api/connections', { provider });
      window.location.assign(authorizeUrl);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const disconnect = async (provider: ProviderName) => {
    await api.delete(`/api/connections/${provider}`);
    await connections.reload();
  };
  const data = connections.data;
  const connected = new Set(
    data?.connections.filter((c) => c.status !== 'disconnected').map((c) => c.provider),
  );
  const failed = returned.get('error');
  const joined = returned.get('connected');
  return (
    <section className="card" aria-labelledby="connections-title" ref={sectionRef} id="connections">
      <h2 id="connections-title">Connections</h2>
      <p className="muted">
        Connect your Strava or Garmin account once and new runs arrive by themselves; the history is imported
        first. A run that also arrives as a FIT file or from the other provider is merged into one activity.
      </p>
      {failed && (
        <p className="form-error" role="alert">
          {callbackErrorMessage(failed)}
        </p>
      )}
      {joined && !failed && (
        <p className="form-ok" role="status">
          Connected to {providerLabel(joined)}. Your history is being imported; new activities arrive by
          themselves.
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {connections.error && (
        <p className="form-error" role="alert">
          {connections.error.message}
        </p>
      )}
      {data && (
        <>
          <ConnectionList
            connections={data.connections.filter(
              (c) => c.status !== 'disconnected' || !connected.has(c.provider),
            )}
            timeZone={me?.timeZone ?? 'UTC'}
            onReconnect={(provider) => void connect(provider)}
            onDisconnect={disconnect}
            holdings={holdings}
          />
          <div className="actions">
            {data.available
              .filter((p) => !connected.has(p) && !data.connections.some((c) => c.provider === p))
              .map((p) => (
                <button
                  key={p}
                  type="button"
                  className="button button-primary"
                  onClick={() => void connect(p)}
                >
                  Connect {PROVIDER_LABEL[p]}
                </button>
              ))}
            {data.available.length === 0 && (
              <p className="muted">No provider is configured on this server.</p>
            )}
          </div>
          <p className="muted">
            Activities that came only from Strava are shown to you alone, never to your coaches (Strava's
            terms).
          </p>
        </>
      )}
    </section>
  );
}

function CoachLinksSettings() {
  const { api, user } = useSession();
  const links = useResource(() => api.get<CoachLinkListItem[]>('/api/coach-links'), 'coach-links');
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<unknown>) => {
    try {
      setError(null);
      await action();
      await links.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const shown = (links.data ?? []).filter((l) => l.status !== 'revoked');
  const isAthlete = user?.role === 'athlete';
  return (
    <section className="card" aria-labelledby="links-title">
      <h2 id="links-title">{isAthlete ? 'Coaches' : 'Athlete links'}</h2>
      {isAthlete && (
        <p className="muted">
          A linked coach sees your load and load findings. Symptom logs, bone-health answers and the findings
          built on them only when you share health data with that coach; you can stop sharing at any time.
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {shown.length === 0 ? (
        <p className="empty">{isAthlete ? 'No coach is linked to you.' : 'No links yet.'}</p>
      ) : (
        <ul className="link-list">
          {shown.map((link) => {
            const other = isAthlete ? link.coach : link.athlete;
            const name = other ? (other.displayName ?? other.email) : link.inviteEmail;
            return (
              <li key={link.id} className="link-item">
                <div>
                  <strong>{name}</strong>{' '}
                  <span className="muted">
                    {link.status === 'invited'
                      ? 'invited'
                      : `linked since ${formatLocalDate(link.acceptedAt?.slice(0, 10) ?? link.createdAt.slice(0, 10))}`}
                  </span>
                  <p className="muted">
                    Health data: {link.healthAccess ? <strong>shared</strong> : 'not shared'}
                  </p>
                </div>
                <div className="actions">
                  {isAthlete && link.status === 'accepted' && (
                    <button
                      type="button"
                      className="button"
                      onClick={() =>
                        void act(() =>
                          api.patch(`/api/coach-links/${link.id}`, { healthAccess: !link.healthAccess }),
                        )
                      }
                    >
                      {link.healthAccess ? 'Stop sharing health data' : 'Share health data'}
                      <span className="visually-hidden"> with {name}</span>
                    </button>
                  )}
                  <button
                    type="button"
                    className="button"
                    onClick={() => void act(() => api.delete(`/api/coach-links/${link.id}`))}
                  >
                    End link<span className="visually-hidden"> with {name}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function AccountSettings({ me }: { me: MeResponse }) {
  const { api } = useSession();
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    try {
      const blob = await api.blob('/api/me/export');
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'loadwatch-export.json';
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.delete('/api/me');
      await api.logout();
      navigate('/signin');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="card" aria-labelledby="account-title">
      <h2 id="account-title">Your data</h2>
      <p>Everything stored about your account, as one JSON file.</p>
      <button type="button" className="button" onClick={() => void download()}>
        Download my data
      </button>
      <form onSubmit={remove} className="danger-zone">
        <h3>Delete account</h3>
        <p>This deletes your account, activities, logs and findings at once. It cannot be undone.</p>
        <label className="field">
          <span>Type your email address ({me.email}) to confirm</span>
          <input value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
        </label>
        <button
          type="submit"
          className="button button-danger"
          disabled={confirm.trim().toLowerCase() !== me.email}
        >
          Delete my account
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
