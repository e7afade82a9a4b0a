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

/** Part of GET /api/me; PATCH /api/me takes `{ emailPreferences: EmailPreferencesPatch }`. */
export interface EmailPreferences {
  /** Warning findings emailed at once (at most one load-related warning email a day). */
  warningAlerts: boolean;
  /** The athlete's Monday digest of the week just ended. */
  weeklyDigest: boolean;
  /** A coach's Monday digest of all linked athletes. */
  coachDigest: boolean;
  /**
   * Urgent alerts cannot be switched off; when set they go to this address instead of the account's.
   * null: the account's email address. Only a confirmed address is set here: a new one waits in
   * `urgentAlertsToPending` until its owner follows the link emailed to it.
   */
  urgentAlertsTo: string | null;
  /**
   * An address asked for urgent alerts that has not confirmed yet; until it does, they go to
   * `urgentAlertsTo` (or the account's address). null: none waiting.
   */
  urgentAlertsToPending: string | null;
  /**
   * When the confirmation email to `urgentAlertsToPending` was asked for (ISO instant; its link works for
   * 7 days); null with a pending address: none was sent yet (the address was saved before confirmations
   * existed), so it has to be sent again.
   */
  urgentAlertsToPendingSince: string | null;
}

/**
 * PATCH /api/me `emailPreferences`: only the keys given change. A new `urgentAlertsTo` waits for
 * confirmation (`urgentAlertsToPending`); null or the account's own address needs none.
 */
export type EmailPreferencesPatch = Partial<
  Pick<EmailPreferences, 'warningAlerts' | 'weeklyDigest' | 'coachDigest' | 'urgentAlertsTo'>
>;

export const DEFAULT_EMAIL_PREFERENCES: EmailPreferences = {
  warningAlerts: true,
  weeklyDigest: true,
  coachDigest: true,
  urgentAlertsTo: null,
  urgentAlertsToPending: null,
  urgentAlertsToPendingSince: null,
};

/**
 * Saved preferences (any subset, as stored) over the defaults; keys of the wrong type are ignored. A stored
 * `urgentAlertsTo` counts only with `urgentAlertsToConfirmedAt`: one saved before addresses were confirmed is
 * shown as pending (with no confirmation sent), never used.
 */
export function resolveEmailPreferences(
  saved: Readonly<Record<string, unknown>> | null | undefined,
): EmailPreferences {
  const stored = saved ?? {};
  const flag = (key: 'warningAlerts' | 'weeklyDigest' | 'coachDigest') => {
    const value = stored[key];
    return typeof value === 'boolean' ? value : DEFAULT_EMAIL_PREFERENCES[key];
  };
  const text = (key: string) => {
    const value = stored[key];
    return typeof value === 'string' && value.length > 0 ? value : null;
  };
  const redirect = text('urgentAlertsTo');
  const confirmed = redirect !== null && text('urgentAlertsToConfirmedAt') !== null;
  const pending = text('urgentAlertsToPending') ?? (confirmed ? null : redirect);
  return {
    warningAlerts: flag('warningAlerts'),
    weeklyDigest: flag('weeklyDigest'),
    coachDigest: flag('coachDigest'),
    urgentAlertsTo: confirmed ? redirect : null,
    urgentAlertsToPending: pending,
    urgentAlertsToPendingSince: pending === null ? null : text('urgentAlertsToPendingSince'),
  };
}
