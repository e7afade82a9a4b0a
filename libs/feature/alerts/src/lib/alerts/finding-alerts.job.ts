import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import {
  ActivitySourcesRepository,
  AuditLogRepository,
  CoachLinksRepository,
  ConnectionsRepository,
  FindingsRepository,
  UsersRepository,
  type FindingEntity,
  type UserEntity,
} from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  JobRegistry,
  PermanentJobError,
  type JobQueue,
  type NotifyFindingPayload,
  type SendAlertPayload,
} from '@loadwatch/data-access/queue';
import { CLOCK, coachFindingFacts, CoachLoadViewService, type Clock } from '@loadwatch/feature/load';
import type { EmailKind } from '@loadwatch/shared/contracts';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { alertKey } from '../email-keys';
import { resolvePreferences, wants } from '../email-preferences';
import { unsubscribeToken } from '../email-secrets';
import { EmailSender, type Composed } from '../email-sender.service';
import { alertBody } from '../render/alert-email';
import { layout } from '../render/html';
import { appUrl, unsubscribeUrl } from '../urls';
import { evidenceActivityIds, providerHistoryReason } from './provider-history';

/**
 * The load-related warnings, capped at one email per recipient, athlete and day (spec/rules.md section 6):
 * those a load jump raises. R11 is exempt by name in section 6, and R13-R15 (symptoms) and R17 (the risk
 * profile) do not come from load.
 */
export const CAPPED_WARNING_RULES: readonly string[] = ['R10', 'R21', 'R22'];

/**
 * Urgent and warning findings, emailed at once (spec/rules.md section 6). `notify-finding` finds the
 * recipients: the athlete, and each coach with an accepted link and the health-data grant. (Every urgent
 * and warning finding rests on symptoms or the risk profile, and section 6 sends warnings "to coaches with
 * health-data consent", so a coach without the grant gets none.) `send-alert` sends one email to one of
 * them, exactly once by (finding, severity, recipient): a finding that escalates from warning to urgent is
 * emailed again, as urgent. Urgent alerts are never batched, delayed, capped or switched off (only
 * redirected with `urgentAlertsTo`); load-related warnings (CAPPED_WARNING_RULES) are capped at one email
 * per recipient, athlete and day (the athlete's day); old warnings that a provider backfill produced are
 * not emailed (providerHistoryReason); a coach gets no email about a finding resting on Strava-only runs
 * (spec/rules.md section 7).
 */
@Injectable()
export class FindingAlertsJob implements OnModuleInit {
  private readonly logger = new Logger(FindingAlertsJob.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly findings: FindingsRepository,
    private readonly users: UsersRepository,
    private readonly links: CoachLinksRepository,
    private readonly audit: AuditLogRepository,
    private readonly sources: ActivitySourcesRepository,
    private readonly connections: ConnectionsRepository,
    private readonly sender: EmailSender,
    private readonly coachView: CoachLoadViewService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register('notify-finding', (payload) => this.handleNotifyFinding(payload));
    this.registry.register('send-alert', (payload) => this.handleSendAlert(payload));
  }

  async handleNotifyFinding({ findingId, severity }: NotifyFindingPayload): Promise<void> {
    const finding = await this.findings.findById(findingId);
    if (!finding) throw new PermanentJobError(`Finding ${findingId} does not exist.`);
    const coaches = (await this.links.listForUser(finding.athleteId)).filter(
      (link) => link.athleteId === finding.athleteId && link.status === 'accepted' && link.healthAccess,
    );
    const recipients = [finding.athleteId, ...coaches.map((link) => link.coachId)];
    for (const recipientId of recipients) {
      await this.queue.enqueue('send-alert', { findingId, severity, recipientId });
    }
    this.logger.log(`Finding ${findingId} (${severity}) goes to ${recipients.length} recipients.`);
  }

  async handleSendAlert({ findingId, severity, recipientId }: SendAlertPayload): Promise<void> {
    const finding = await this.findings.findById(findingId);
    if (!finding) throw new PermanentJobError(`Finding ${findingId} does not exist.`);
    const athlete = await this.users.findById(finding.athleteId);
    if (!athlete) throw new PermanentJobError(`Athlete ${finding.athleteId} does not exist.`);
    const kind: EmailKind = severity === 'urgent' ? 'urgent-alert' : 'warning-alert';
    const capped = severity === 'warning' && CAPPED_WARNING_RULES.includes(finding.rule);
    const outcome = await this.sender.deliver(
      {
        naturalKey: alertKey(findingId, severity, recipientId),
        kind,
        recipientId,
        athleteId: athlete.id,
        capKey: capped ? `warning-cap:${recipientId}:${athlete.id}:${this.localDay(athlete)}` : null,
      },
      () => this.compose(finding, severity, kind, athlete, recipientId),
    );
    this.logger.log(`Alert of finding ${findingId} to ${recipientId}: ${outcome}.`);
  }

  private async compose(
    finding: FindingEntity,
    severity: SendAlertPayload['severity'],
    kind: EmailKind,
    athlete: UserEntity,
    recipientId: string,
  ): Promise<Composed> {
    if (finding.status !== 'open') return { skip: 'the finding was retracted' };
    if (finding.severity !== severity) return { skip: `the finding is ${finding.severity} now` };
    if (severity === 'warning') {
      const history = await this.providerHistory(finding, athlete);
      if (history) return { skip: history };
    }
    const recipient = recipientId === athlete.id ? athlete : await this.users.findById(recipientId);
    if (!recipient) return { skip: 'the recipient no longer exists' };
    const isCoach = recipient.id !== athlete.id;
    if (isCoach) {
      const link = await this.links.findAccepted(recipient.id, athlete.id);
      if (!link?.healthAccess) return { skip: 'the coach has no health-data access now' };
      const [visible] = await this.coachView.visibleToCoaches(athlete.id, [coachFindingFacts(finding)]);
      if (!visible) return { skip: 'the finding rests on runs that came only from Strava' };
    }
    const preferences = resolvePreferences(recipient.emailPreferences);
    if (!wants(preferences, kind)) return { skip: `the recipient unsubscribed from ${kind}` };
    const body = alertBody(finding, {
      athleteName: isCoach ? (athlete.displayName ?? athlete.email) : null,
      dashboardUrl: appUrl(this.config, isCoach ? `/coach/athletes/${athlete.id}` : '/overview'),
    });
    const unsubscribe =
      kind === 'urgent-alert'
        ? null
        : unsubscribeUrl(this.config, unsubscribeToken(this.config.mail.secret, recipient.id, kind));
    const { html, text } = layout(body, {
      unsubscribeUrl: unsubscribe,
      settingsUrl: appUrl(this.config, '/settings'),
      reason: isCoach
        ? `You get this because ${athlete.displayName ?? athlete.email} shares health data with you on Loadwatch.`
        : 'You get this because you log your training and symptoms on Loadwatch.',
    });
    // `urgentAlertsTo` is a confirmed address, or one saved before confirmations existed (kept until the athlete
    // changes it: notifications.contract.ts); one waiting for confirmation gets nothing.
    const to = (kind === 'urgent-alert' && preferences.urgentAlertsTo) || recipient.email;
    return {
      mail: { to, subject: body.subject, html, text, unsubscribeUrl: unsubscribe },
      // A coach's email is a health-data read: audited once it is claimed for sending, not when capped.
      beforeSend: isCoach
        ? () =>
            this.audit.record(
              { actorId: recipient.id, athleteId: athlete.id, action: `email:${kind}` },
              this.clock.now(),
            )
        : undefined,
    };
  }

  /** Why a warning a provider backfill produced is not emailed, or null (providerHistoryReason). */
  private async providerHistory(finding: FindingEntity, athlete: UserEntity): Promise<string | null> {
    const activityIds = evidenceActivityIds(finding.evidence);
    if (activityIds.length === 0) return null;
    const [sources, connections] = await Promise.all([
      this.sources.listByActivities(activityIds),
      this.connections.listByAthlete(athlete.id),
    ]);
    return providerHistoryReason(
      finding,
      [...sources.values()].flat(),
      new Map(connections.map((connection) => [connection.provider, connection.connectedAtMs])),
      this.localDay(athlete),
    );
  }

  /** Today in the athlete's zone: the day of the daily warning cap. */
  private localDay(athlete: UserEntity): string {
    const local = DateTime.fromMillis(this.clock.now(), { zone: athlete.timeZone });
    return (
      local.isValid ? local : DateTime.fromMillis(this.clock.now(), { zone: 'UTC' })
    ).toISODate() as string;
  }
}
