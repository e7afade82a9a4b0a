import { resolveEmailPreferences, type EmailKind, type EmailPreferences } from '@loadwatch/shared/contracts';

/** The saved preferences over the defaults (the contracts' rule, shared with /api/me). */
export function resolvePreferences(stored: Record<string, unknown> | null): EmailPreferences {
  return resolveEmailPreferences(stored);
}

/** Whether the recipient wants this kind; urgent alerts always go (they can only be redirected). */
export function wants(preferences: EmailPreferences, kind: EmailKind): boolean {
  switch (kind) {
    case 'urgent-alert':
      return true;
    case 'warning-alert':
      return preferences.warningAlerts;
    case 'weekly-digest':
      return preferences.weeklyDigest;
    case 'coach-digest':
      return preferences.coachDigest;
  }
}

/** The preference a one-click unsubscribe of this kind switches off. */
export const PREFERENCE_OF_KIND = {
  'warning-alert': 'warningAlerts',
  'weekly-digest': 'weeklyDigest',
  'coach-digest': 'coachDigest',
} as const;
