/**
 * Queue `notify`: emails (spec/rules.md section 6). Every email has a natural key (recipient + finding,
 * recipient + week, invitation + token, account + redirect request) that is both the jobId and a unique row of the email ledger, so a
 * retried job, a restarted fan-out or several workers never send one twice.
 */
export const NOTIFY_QUEUE = 'notify';

export type AlertSeverity = 'urgent' | 'warning';

/** A new (or escalated) urgent or warning finding: fans out to its recipients. */
export interface NotifyFindingPayload {
  findingId: string;
  severity: AlertSeverity;
}

/** One finding alert to one recipient (the athlete, or a coach with the health-data grant). */
export interface SendAlertPayload {
  findingId: string;
  severity: AlertSeverity;
  recipientId: string;
}

/**
 * A coach's invitation to the invited address. The token exists only in the request that made it (the
 * database keeps its hash), so it travels sealed (AES-GCM, the mail secret); `tokenTag` names the token.
 */
export interface SendInvitationPayload {
  linkId: string;
  tokenTag: string;
  sealedToken: string;
}

/** `sealPayloadSecret` purpose of SendInvitationPayload.sealedToken. */
export const INVITATION_TOKEN_SEAL = 'invitation-token';

/**
 * A request to send urgent alerts to another address (`requestId`, stored with the account's email
 * preferences): the confirmation email to that address, or, once it confirmed, the notice to the account's own.
 */
export interface UrgentRedirectPayload {
  userId: string;
  requestId: string;
}

/** One page of the digest fan-out of a tick: recipients after `afterId` ('': from the first). */
export interface DigestPagePayload {
  /** The tick's time bucket (ISO instant): every worker's tick in one bucket is the same fan-out. */
  slot: string;
  afterId: string;
}

export type DigestKind = 'weekly-digest' | 'coach-digest';

/** One recipient's digest of the week that starts on `week` (their local date). */
export interface WeeklyDigestPayload {
  kind: DigestKind;
  recipientId: string;
  week: string;
}

export const notifyJobs = {
  'notify-finding': {
    queue: NOTIFY_QUEUE,
    jobId: (p: NotifyFindingPayload) => `notify-finding:${p.findingId}:${p.severity}`,
  },
  'send-alert': {
    queue: NOTIFY_QUEUE,
    jobId: (p: SendAlertPayload) => `send-alert:${p.findingId}:${p.severity}:${p.recipientId}`,
  },
  'send-invitation': {
    queue: NOTIFY_QUEUE,
    jobId: (p: SendInvitationPayload) => `send-invitation:${p.linkId}:${p.tokenTag}`,
  },
  'send-redirect-confirmation': {
    queue: NOTIFY_QUEUE,
    jobId: (p: UrgentRedirectPayload) => `send-redirect-confirmation:${p.userId}:${p.requestId}`,
  },
  'send-redirect-notice': {
    queue: NOTIFY_QUEUE,
    jobId: (p: UrgentRedirectPayload) => `send-redirect-notice:${p.userId}:${p.requestId}`,
  },
  'digest-page': {
    queue: NOTIFY_QUEUE,
    jobId: (p: DigestPagePayload) => `digest-page:${p.slot}:${p.afterId || 'first'}`,
  },
  'weekly-digest': {
    queue: NOTIFY_QUEUE,
    jobId: (p: WeeklyDigestPayload) => `weekly-digest:${p.kind}:${p.recipientId}:${p.week}`,
  },
} as const;
