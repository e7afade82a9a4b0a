/**
 * Email preferences and notification types (spec/rules.md section 6), shared by /api/me, the alerts feature
 * and the dashboard's settings.
 */

/** Each kind of email Loadwatch sends; every one but `urgent-alert` can be unsubscribed from in one click. */
export type EmailKind = 'urgent-alert' | 'warning-alert' | 'weekly-digest' | 'coach-digest';

/** The kinds a recipient may switch off (urgent alerts can only be redirected). */
export const OPTIONAL_EMAIL_KINDS: readonly Exclude<EmailKind, 'urgent-alert'>[] = [
  'warning-alert',
  'weekly-digest',
  'coach-digest',
];

/** Part of GET /api/me; PATCH /api/me takes `{ emailPreferences: Partial<EmailPreferences> }`. */
export interface EmailPreferences {
  /** Warning findings emailed at once (at most one load-related warning email a day). */
  warningAlerts: boolean;
  /** The athlete's Monday digest of the week just ended. */
  weeklyDigest: boolean;
  /** A coach's Monday digest of all linked athletes. */
  coachDigest: boolean;
  /**
   * Urgent alerts cannot be switched off; when set they go to this address instead of the account's.
   * null: the account's email address.
   */
  urgentAlertsTo: string | null;
}

export const DEFAULT_EMAIL_PREFERENCES: EmailPreferences = {
  warningAlerts: true,
  weeklyDigest: true,
  coachDigest: true,
  urgentAlertsTo: null,
};

/** Saved preferences (any subset, as stored) over the defaults; keys of the wrong type are ignored. */
export function resolveEmailPreferences(
  saved: Readonly<Record<string, unknown>> | null | undefined,
): EmailPreferences {
  const stored = saved ?? {};
  const flag = (key: 'warningAlerts' | 'weeklyDigest' | 'coachDigest') => {
    const value = stored[key];
    return typeof value === 'boolean' ? value : DEFAULT_EMAIL_PREFERENCES[key];
  };
  const redirect = stored['urgentAlertsTo'];
  return {
    warningAlerts: flag('warningAlerts'),
    weeklyDigest: flag('weeklyDigest'),
    coachDigest: flag('coachDigest'),
    urgentAlertsTo: typeof redirect === 'string' && redirect.length > 0 ? redirect : null,
  };
}
