import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import type { AccountRole } from '@loadwatch/shared/contracts';
import type { ApiClient } from '../api/client';
import { SessionProvider, useSession } from '../api/session';
import { SignInPage, SignUpPage } from '../pages/AuthPages';
import { BoneHealthPage } from '../pages/BoneHealthPage';
import { CoachAthletePage, RosterPage } from '../pages/CoachPages';
import { InvitePage } from '../pages/InvitePage';
import { OverviewPage } from '../pages/OverviewPage';
import { SettingsPage } from '../pages/SettingsPage';
import { SymptomsPage } from '../pages/SymptomsPage';
import { UploadsPage } from '../pages/UploadsPage';
import { FRAMING_NOTE } from './texts';

const NAV: Record<AccountRole, [string, string][]> = {
  athlete: [
    ['/overview', 'Overview'],
    ['/uploads', 'Upload'],
    ['/symptoms', 'Symptoms'],
    ['/bone-health', 'Bone health'],
    ['/settings', 'Settings'],
  ],
  coach: [
    ['/coach', 'Athletes'],
    ['/settings', 'Settings'],
  ],
  admin: [['/settings', 'Settings']],
};

function home(role: AccountRole | undefined): string {
  return role === 'coach' ? '/coach' : role === 'admin' ? '/settings' : '/overview';
}

function Shell({ children }: { children: ReactNode }) {
  const { user, signOut } = useSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Loadwatch home">
          <svg className="brand-mark" aria-hidden="true" width="22" height="18" viewBox="0 0 22 18">
            <rect x="0" y="8" width="5" height="10" rx="1" />
            <rect x="8" y="4" width="5" height="14" rx="1" />
            <rect x="16" y="0" width="5" height="18" rx="1" />
          </svg>{' '}
          Loadwatch
        </NavLink>
        {user && (
          <nav aria-label="Main" className="nav">
            {NAV[user.role].map(([to, label]) => (
              <NavLink key={to} to={to}>
                {label}
              </NavLink>
            ))}
            <button type="button" className="link-button nav-signout" onClick={() => void signOut()}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p role="note">
          <strong>Please note:</strong> {FRAMING_NOTE}
        </p>
      </footer>
    </>
  );
}

/** Pages for signed-in accounts of some roles; others go to sign-in (and come back) or to their home. */
function Guard({ roles, children }: { roles?: AccountRole[]; children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <p aria-busy="true">Loading…</p>;
  if (user === null) {
    return (
      <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
    );
  }
  if (roles && !roles.includes(user.role)) return <Navigate to={home(user.role)} replace />;
  return <>{children}</>;
}

function Home() {
  const { user } = useSession();
  if (user === undefined) return <p aria-busy="true">Loading…</p>;
  return <Navigate to={user === null ? '/signin' : home(user.role)} replace />;
}

function PublicOnly({ children }: { children: ReactNode }) {
  const { user } = useSession();
  if (user === undefined) return <p aria-busy="true">Loading…</p>;
  return user ? <Home /> : <>{children}</>;
}

export function AppRoutes() {
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route
          path="/signin"
          element={
            <PublicOnly>
              <SignInPage />
            </PublicOnly>
          }
        />
        <Route
          path="/signup"
          element={
            <PublicOnly>
              <SignUpPage />
            </PublicOnly>
          }
        />
        <Route path="/invite/:token" element={<InvitePage />} />
        {/* The API's acceptUrl has used this form too. */}
        <Route path="/invitations/:token" element={<InvitePage />} />
        <Route
          path="/overview"
          element={
            <Guard roles={['athlete']}>
              <OverviewPage />
            </Guard>
          }
        />
        <Route
          path="/uploads"
          element={
            <Guard roles={['athlete']}>
              <UploadsPage />
            </Guard>
          }
        />
        <Route
          path="/symptoms"
          element={
            <Guard roles={['athlete']}>
              <SymptomsPage />
            </Guard>
          }
        />
        <Route
          path="/bone-health"
          element={
            <Guard roles={['athlete']}>
              <BoneHealthPage />
            </Guard>
          }
        />
        <Route
          path="/settings"
          element={
            <Guard>
              <SettingsPage />
            </Guard>
          }
        />
        <Route
          path="/settings/connections"
          element={
            <Guard>
              <SettingsPage />
            </Guard>
          }
        />
        <Route
          path="/coach"
          element={
            <Guard roles={['coach']}>
              <RosterPage />
            </Guard>
          }
        />
        <Route
          path="/coach/athletes/:athleteId"
          element={
            <Guard roles={['coach']}>
              <CoachAthletePage />
            </Guard>
          }
        />
        <Route
          path="*"
          element={
            <div className="page">
              <h1>Page not found</h1>
              <p>
                <NavLink to="/">Go to your start page</NavLink>
              </p>
            </div>
          }
        />
      </Routes>
    </Shell>
  );
}

export function App({ api }: { api: ApiClient }) {
  return (
    <SessionProvider api={api}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </SessionProvider>
  );
}
