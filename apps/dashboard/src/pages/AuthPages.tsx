import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSession } from '../api/session';

/** Sign in or create an account. After success, back to `?next=` (the invitation page uses it). */
export function AuthForm({
  mode,
  presetEmail,
  onDone,
}: {
  mode: 'signin' | 'signup';
  presetEmail?: string;
  onDone?: () => void;
}) {
  const { api, signedIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const next = new URLSearchParams(location.search).get('next');
  const [email, setEmail] = useState(presetEmail ?? '');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<'athlete' | 'coach'>('athlete');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const tokens =
        mode === 'signin'
          ? await api.login(email, password)
          : await api.register({ email, password, displayName: displayName.trim() || undefined, role });
      await signedIn(tokens.user);
      if (onDone) onDone();
      else navigate(next && next.startsWith('/') ? next : '/');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="auth-form" aria-labelledby="auth-title">
      <h1 id="auth-title">{mode === 'signin' ? 'Sign in' : 'Create your account'}</h1>
      <label className="field">
        <span>Email</span>
        <input
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Password{mode === 'signup' ? ' (at least 10 characters)' : ''}</span>
        <input
          type="password"
          autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
          required
          minLength={mode === 'signup' ? 10 : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {mode === 'signup' && (
        <>
          <label className="field">
            <span>Your name (optional)</span>
            <input autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </label>
          {!presetEmail && (
            <fieldset>
              <legend>I am</legend>
              <div className="choices">
                <label className="choice">
                  <input
                    type="radio"
                    name="role"
                    checked={role === 'athlete'}
                    onChange={() => setRole('athlete')}
                  />
                  A runner
                </label>
                <label className="choice">
                  <input
                    type="radio"
                    name="role"
                    checked={role === 'coach'}
                    onChange={() => setRole('coach')}
                  />
                  A coach
                </label>
              </div>
            </fieldset>
          )}
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Please wait…' : mode === 'signin' ? 'Sign in' : 'Create account'}
      </button>
    </form>
  );
}

export function SignInPage() {
  const location = useLocation();
  return (
    <div className="auth-page">
      <section className="card">
        <AuthForm mode="signin" />
        <p>
          New to Loadwatch? <Link to={`/signup${location.search}`}>Create an account</Link>
        </p>
      </section>
      <Intro />
    </div>
  );
}

export function SignUpPage() {
  const location = useLocation();
  return (
    <div className="auth-page">
      <section className="card">
        <AuthForm mode="signup" />
        <p>
          Have an account? <Link to={`/signin${location.search}`}>Sign in</Link>
        </p>
      </section>
      <Intro />
    </div>
  );
}

function Intro() {
  return (
    <section className="intro">
      <h2>Your running load, week by week</h2>
      <ul>
        <li>Upload the FIT files of your watch, or connect Strava or Garmin.</li>
        <li>See weekly distance, ramps and the share of fast running.</li>
        <li>Log back pain; Loadwatch points out when it lines up with a jump in load.</li>
        <li>Share it with your coach, health data only if you choose.</li>
      </ul>
    </section>
  );
}
