import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { InvitationResponse, RosterResponse } from '@loadwatch/shared/contracts';
import { useSession } from '../api/session';
import { useResource } from '../api/use-resource';
import { RosterTable } from '../components/RosterTable';
import { OverviewPage } from './OverviewPage';

export function RosterPage() {
  const { api, me } = useSession();
  const roster = useResource(() => api.get<RosterResponse>('/api/coach/athletes'), 'roster');
  return (
    <div className="page">
      <header className="page-head">
        <h1>Your athletes</h1>
      </header>
      <section className="card" aria-labelledby="roster-title">
        <h2 id="roster-title" className="visually-hidden">
          Roster
        </h2>
        {roster.error ? (
          <p role="alert">The roster could not be loaded: {roster.error.message}</p>
        ) : roster.data ? (
          roster.data.athletes.length === 0 ? (
            <p className="empty">No athlete has accepted an invitation yet. Invite one below.</p>
          ) : (
            <RosterTable athletes={roster.data.athletes} units={me?.units ?? 'km'} />
          )
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </section>
      <InviteForm onInvited={() => void roster.reload()} />
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { api } = useSession();
  const [email, setEmail] = useState('');
  const [result, setResult] = useState<InvitationResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setResult(await api.post<InvitationResponse>('/api/coach/invitations', { email: email.trim() }));
      setEmail('');
      onInvited();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="card" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite an athlete</h2>
      <form onSubmit={submit} className="inline-form">
        <label className="field">
          <span>Athlete's email</span>
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary">
          Send invitation
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div className="form-ok" role="status">
          <p>
            Invitation for {result.link.inviteEmail} created. The athlete gets an email; you can also send
            them this link, which works once:
          </p>
          <p>
            <a className="break" href={result.acceptUrl} data-testid="accept-url">
              {result.acceptUrl}
            </a>
          </p>
        </div>
      )}
    </section>
  );
}

export function CoachAthletePage() {
  const { athleteId = '' } = useParams();
  const { api } = useSession();
  const roster = useResource(() => api.get<RosterResponse>('/api/coach/athletes'), 'roster');
  const athlete = roster.data?.athletes.find((a) => a.athleteId === athleteId);
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/coach">← All athletes</Link>
      </nav>
      <OverviewPage
        key={athleteId}
        athleteId={athleteId}
        title={athlete ? (athlete.displayName ?? athlete.email) : 'Athlete'}
      />
    </>
  );
}
