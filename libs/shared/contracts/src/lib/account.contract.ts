import type { ConnectionStatus, ProviderName } from './connections.contract';
import type { EmailPreferences, EmailPreferencesPatch } from './notifications.contract';
import type { FindingSeverity } from './training.contract';

/**
 * Account, settings, coach-link and roster types of the API (/api/auth, /api/me, /api/coach*, /api/invitations),
 * shared with the dashboard. As in the training routes: instants are ISO 8601 strings in UTC, local calendar
 * dates `YYYY-MM-DD`, distances metres.
 */

export type AccountRole = 'athlete' | 'coach' | 'admin';
export type WeekStartDay = 'monday' | 'sunday';
export type DistanceUnits = 'km' | 'mi';
export type CoachLinkState = 'invited' | 'accepted' | 'revoked';

/** Most serious first. */
export const FINDING_SEVERITY_ORDER: readonly FindingSeverity[] = ['urgent', 'warning', 'caution', 'info'];

export interface AccountSummary {
  id: string;
  email: string;
  role: AccountRole;
  displayName: string | null;
}

/** POST /api/auth/register, /login and /refresh. */
export interface AuthTokensResponse {
  tokenType: 'Bearer';
  /** A JWT for the Authorization header; short-lived. */
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresInS: number;
  /** Opaque; present it once to /api/auth/refresh, which returns a new one. */
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: AccountSummary;
}

/** Return-to-run mode (spec/rules.md R20): a plan of weekly distances from a start date. */
export interface ReturnToRunPlan {
  startDate: string;
  weeklyDistanceKm: number[];
}

export interface AthleteSettings {
  displayName: string | null;
  /** IANA zone of the athlete's calendar. */
  timeZone: string;
  weekStart: WeekStartDay;
  units: DistanceUnits;
  /** Threshold pace as `m:ss` per km; null: estimated from the runs. */
  thresholdPace: string | null;
  maxHeartRateBpm: number | null;
  returnToRun: ReturnToRunPlan | null;
}

/** GET and PATCH /api/me. */
export interface MeResponse extends AccountSummary, AthleteSettings {
  /** The saved email preferences over the defaults (DEFAULT_EMAIL_PREFERENCES). */
  emailPreferences: EmailPreferences;
  createdAt: string;
  updatedAt: string;
}

export type SettingsPatch = Partial<AthleteSettings> & {
  /**
   * Only the keys given change; `urgentAlertsTo: null` sends urgent alerts to the account's address at once,
   * another address only once it is confirmed (EmailPreferences.urgentAlertsToPending).
   */
  emailPreferences?: EmailPreferencesPatch;
};

export interface CoachLinkView {
  id: string;
  coachId: string;
  /** Null until accepted. */
  athleteId: string | null;
  inviteEmail: string;
  status: CoachLinkState;
  healthAccess: boolean;
  createdAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
}

/** Who is on one side of a link. */
export interface LinkParty {
  id: string;
  displayName: string | null;
  email: string;
}

/** GET /api/coach-links: a link with both parties named (the athlete is null until accepted). */
export interface CoachLinkListItem extends CoachLinkView {
  coach: LinkParty | null;
  athlete: LinkParty | null;
}

/** GET /api/invitations/:token: who invites whom, before signing in to accept. */
export interface InvitationPreview {
  coach: { displayName: string | null; email: string };
  inviteEmail: string;
  status: CoachLinkState;
  expiresAt: string;
}

/** POST /api/coach/invitations. The token is shown once; only its hash is stored. */
export interface InvitationResponse {
  link: CoachLinkView;
  token: string;
  acceptUrl: string;
}

/** One row of GET /api/coach/athletes. Health-derived fields are null without the athlete's grant. */
export interface RosterAthlete {
  athleteId: string;
  linkId: string;
  displayName: string | null;
  email: string;
  healthAccess: boolean;
  /** First date of the athlete's current week, in their zone. */
  weekStart: string;
  /** This week so far; null when no week is stored yet. */
  weekDistanceM: number | null;
  weekRuns: number | null;
  ramp: number | null;
  speedShare: number | null;
  /** Most serious open finding the coach may see: load findings only, all of them with the grant. */
  highestOpenSeverity: FindingSeverity | null;
  openFindings: number;
  /** Last back-pain log (health data): null without the grant. */
  lastBackPainDate: string | null;
  /** Start of the latest activity the coach may see: how fresh the data is. */
  latestActivityStart: string | null;
}

export interface RosterResponse {
  athletes: RosterAthlete[];
}

/** A stored row as it is (its instants in epoch milliseconds, as stored), for the export. */
export type ExportedRow = Record<string, unknown>;

/** A provider connection in the export: which account, since when and how its sync went; never its tokens. */
export interface ExportedConnection {
  provider: ProviderName;
  status: ConnectionStatus;
  externalAthleteId: string | null;
  scopes: string[];
  connectedAt: string;
  updatedAt: string;
  lastSyncAt: string | null;
  activitiesImported: number;
  backfillFinishedAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** An email sent (or decided against) to the account, from the email ledger. */
export interface ExportedEmail {
  /** The email kind (`warning-alert`, `weekly-digest`...). */
  kind: string;
  /** `sent`, `suppressed` (decided against), `pending` (being sent) or another state of the email ledger. */
  status: string;
  /** Why it was not sent, when it was not. */
  reason: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * GET /api/me/export: everything stored about the account. Sections are only ever added within a version
 * (`activitySources`, `connections` and `emails` came with provider connections), so readers of version 1
 * keep working.
 */
export interface AccountExport {
  format: 'loadwatch-account-export';
  version: 1;
  exportedAt: string;
  account: MeResponse & {
    rulesConfig: Record<string, Record<string, number>> | null;
  };
  uploads: ExportedRow[];
  activities: ExportedRow[];
  activityStreams: ExportedRow[];
  /** Every provenance of the activities (FIT file session, Strava, Garmin) as stored, its own stream included. */
  activitySources: ExportedRow[];
  weeklyMetrics: ExportedRow[];
  symptomLogs: ExportedRow[];
  riskProfileVersions: ExportedRow[];
  findings: ExportedRow[];
  coachLinks: CoachLinkView[];
  /** Who read this athlete's health data, and when. */
  healthDataReads: { actorId: string; action: string; at: string }[];
  connections: ExportedConnection[];
  emails: ExportedEmail[];
  /** Strava and Garmin activities deleted in Loadwatch, which later imports refuse. */
  deletedProviderActivities: { source: string; externalId: string; deletedAt: string }[];
  /** Runs deleted in Loadwatch, by time window: provider copies of them are refused too. */
  deletedRuns: {
    start: string;
    movingTimeS: number | null;
    elapsedTimeS: number | null;
    deletedAt: string;
  }[];
}

/** Orders severities most serious first; null (no finding) last. */
export function compareSeverity(a: FindingSeverity | null, b: FindingSeverity | null): number {
  const rank = (s: FindingSeverity | null) =>
    s === null ? FINDING_SEVERITY_ORDER.length : FINDING_SEVERITY_ORDER.indexOf(s);
  return rank(a) - rank(b);
}
