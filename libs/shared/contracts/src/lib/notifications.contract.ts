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
   * null: the account's email address. A confirmed address, or one saved before addresses were confirmed
   * (`urgentAlertsToUnconfirmed`), which is kept until the account changes it. A new address waits in
   * `urgentAlertsToPending` until its owner follows the link emailed to it.
   */
  urgentAlertsTo: string | null;
  /**
   * Present (true) when `urgentAlertsTo` was saved before addresses were confirmed: urgent alerts still go
   * there, as they did, although that address never confirmed.
   */
  urgentAlertsToUnconfirmed?: boolean;
  /**
   * An address asked for urgent alerts that has not confirmed yet; until it does, they go to
   * `urgentAlertsTo` (or the account's address). null: none waiting.
   */
  urgentAlertsToPending: string | null;
  /** When the confirmation email to `urgentAlertsToPending` was asked for (ISO instant). */
  urgentAlertsToPendingSince: string | null;
  /**
   * While an address is pending: when its confirmation email went out (ISO instant); null while it has not
   * (being sent, or it could not be sent: the link can be sent again).
   */
  urgentAlertsToLinkSentAt?: string | null;
  /** While an address is pending: when its link stops working (ISO instant; 7 days after it was asked for). */
  urgentAlertsToLinkExpiresAt?: string;
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

/** How long the link of a confirmation email of an address for urgent alerts works. */
export const URGENT_REDIRECT_LINK_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Saved preferences (any subset, as stored) over the defaults; keys of the wrong type are ignored. A stored
 * `urgentAlertsTo` without `urgentAlertsToConfirmedAt` was saved before addresses were confirmed: it is still
 * the address in force (`urgentAlertsToUnconfirmed`), so that no athlete's urgent alerts silently moved.
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
  const instant = (key: string) => {
    const value = text(key);
    return value !== null && Number.isFinite(Date.parse(value)) ? value : null;
  };
  const redirect = text('urgentAlertsTo');
  const pending = text('urgentAlertsToPending');
  const pendingSince = pending === null ? null : instant('urgentAlertsToPendingSince');
  return {
    warningAlerts: flag('warningAlerts'),
    weeklyDigest: flag('weeklyDigest'),
    coachDigest: flag('coachDigest'),
    urgentAlertsTo: redirect,
    ...(redirect !== null && text('urgentAlertsToConfirmedAt') === null
      ? { urgentAlertsToUnconfirmed: true }
      : {}),
    urgentAlertsToPending: pending,
    urgentAlertsToPendingSince: pendingSince,
    ...(pending === null
      ? {}
      : {
          urgentAlertsToLinkSentAt: instant('urgentAlertsToLinkSentAt'),
          ...(pendingSince === null
            ? {}
            : {
                urgentAlertsToLinkExpiresAt: new Date(
                  Date.parse(pendingSince) + URGENT_REDIRECT_LINK_TTL_MS,
                ).toISOString(),
              }),
        }),
  };
}
