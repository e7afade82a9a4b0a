import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { InvitationPreview } from '@loadwatch/shared/contracts';
import { useSession } from '../api/session';
import { useResource } from '../api/use-resource';
import { formatInstant } from '../format/format';
import { AuthForm } from './AuthPages';

/** `/invite/:token`, the link of an invitation email: who invites you, then accept (signing in or up first). */
export function InvitePage() {
  const { token = '' } = useParams();
  const { api, user, me } = useSession();
  const navigate = useNavigate();
  const preview = useResource(
    () => api.get<InvitationPreview>(`/api/invitations/${encodeURIComponent(token)}`),
    token,
  );
  const [mode, setMode] = useState<'signup' | 'signin'>('signup');
  const [error, setError] = useState<string | null>(null);

  const accept = async () => {
    setError(null);
    try {
      await api.post(`/api/invitations/${encodeURIComponent(token)}/accept`);
      navigate('/settings?linked=1');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (preview.error) {
    return (
      <div className="page narrow">
        <h1>Invitation</h1>
        <p role="alert">This invitation cannot be found: {preview.error.message}</p>
      </div>
    );
  }
  if (!preview.data) return <p aria-busy="true">Loading…</p>;
  const invite = preview.data;
  const coach = invite.coach.displayName ?? invite.coach.email;
  return (
    <div className="page narrow">
      <section className="card">
        <h1>{coach} invites you to Loadwatch</h1>
        <p>
          Accepting lets {coach} ({invite.coach.email}) see your training load and load findings. Your symptom
          logs and bone-health answers stay private unless you later choose to share them in Settings.
        </p>
        <p className="muted">
          Sent to {invite.inviteEmail}; valid until {formatInstant(invite.expiresAt, me?.timeZone ?? 'UTC')}.
        </p>
        {invite.status !== 'invited' ? (
          <p role="alert">
            This invitation is {invite.status === 'accepted' ? 'already accepted' : 'withdrawn'}.
          </p>
        ) : user ? (
          <>
            {user.email !== invite.inviteEmail && (
              <p className="form-error">
                You are signed in as {user.email}; the invitation was sent to {invite.inviteEmail}.
              </p>
            )}
            <button type="button" className="button button-primary" onClick={() => void accept()}>
              Accept invitation
            </button>
          </>
        ) : (
          <>
            <AuthForm key={mode} mode={mode} presetEmail={invite.inviteEmail} onDone={() => undefined} />
            <p>
              {mode === 'signup' ? (
                <>
                  Have an account?{' '}
                  <button type="button" className="link-button" onClick={() => setMode('signin')}>
                    Sign in instead
                  </button>
                </>
              ) : (
                <>
                  New here?{' '}
                  <button type="button" className="link-button" onClick={() => setMode('signup')}>
                    Create an account
                  </button>
                </>
              )}
            </p>
          </>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <p>
          <Link to="/">Not now</Link>
        </p>
      </section>
    </div>
  );
}
