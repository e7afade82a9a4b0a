import type { AlertSeverity, DigestKind } from '@loadwatch/data-access/queue';

/**
 * The natural keys of emails, the email ledger's unique key: one finding alert per (finding, severity,
 * recipient), one digest per (kind, recipient, week), one invitation per (link, token), one confirmation
 * email and one notice per (account, urgent-alert redirect request).
 */
export function alertKey(findingId: string, severity: AlertSeverity, recipientId: string): string {
  return `alert:${findingId}:${severity}:${recipientId}`;
}

export function digestKey(kind: DigestKind, recipientId: string, week: string): string {
  return `${kind}:${recipientId}:${week}`;
}

export function invitationKey(linkId: string, tokenTag: string): string {
  return `invitation:${linkId}:${tokenTag}`;
}

/** The email kinds of an urgent-alert redirect: the confirmation to the new address, the notice to the account's. */
export type RedirectEmailKind = 'urgent-redirect' | 'urgent-redirect-notice';

export function urgentRedirectKey(kind: RedirectEmailKind, userId: string, requestId: string): string {
  return `${kind}:${userId}:${requestId}`;
}

export type EmailKey =
  | { kind: 'alert'; findingId: string; severity: AlertSeverity; recipientId: string }
  | { kind: DigestKind; recipientId: string; week: string }
  | { kind: 'invitation'; linkId: string; tokenTag: string }
  | { kind: 'urgent-redirect'; userId: string; requestId: string }
  | { kind: 'urgent-redirect-notice'; userId: string; requestId: string };

/** A ledger key read back into what it names; null for one this code never writes. */
export function parseEmailKey(naturalKey: string): EmailKey | null {
  const [kind, ...parts] = naturalKey.split(':');
  if (parts.length !== (kind === 'alert' ? 3 : 2)) return null;
  if (kind === 'alert') {
    const [findingId, severity, recipientId] = parts;
    if (severity !== 'urgent' && severity !== 'warning') return null;
    return { kind, findingId, severity, recipientId };
  }
  if (kind === 'weekly-digest' || kind === 'coach-digest') {
    const [recipientId, week] = parts;
    return /^\d{4}-\d{2}-\d{2}$/.test(week) ? { kind, recipientId, week } : null;
  }
  if (kind === 'invitation') return { kind, linkId: parts[0], tokenTag: parts[1] };
  if (kind === 'urgent-redirect' || kind === 'urgent-redirect-notice') {
    return { kind, userId: parts[0], requestId: parts[1] };
  }
  return null;
}
