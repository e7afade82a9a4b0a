import { AlertBacklogRepository } from './alert-backlog.repository';
import { DigestRepository } from './digest.repository';
import { EmailDeliveriesRepository } from './email-deliveries.repository';
import { InvitationSendsRepository } from './invitation-sends.repository';

export * from './alert-backlog.repository';
export * from './digest.repository';
export * from './email-deliveries.repository';
export * from './invitation-sends.repository';

/**
 * Repositories of the alerts feature: the email ledger, the reads behind digests and the reconciler, and the
 * invitation emails' throttle.
 */
export const ALERT_REPOSITORIES = [
  EmailDeliveriesRepository,
  DigestRepository,
  AlertBacklogRepository,
  InvitationSendsRepository,
];
