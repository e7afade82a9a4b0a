import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  AuditLogRepository,
  DigestRepository,
  EmailDeliveriesRepository,
  UsersRepository,
  type DigestRecipient,
} from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  JobRegistry,
  type DigestKind,
  type DigestPagePayload,
  type JobQueue,
  type WeeklyDigestPayload,
} from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { APP_CONFIG, type AppConfig } from '@loadwatch/shared/config';
import { digestKey } from '../email-keys';
import { resolvePreferences, wants } from '../email-preferences';
import { unsubscribeToken } from '../email-secrets';
import { EmailSender, type Composed } from '../email-sender.service';
import { athleteDigestBody, coachDigestBody } from '../render/digest-email';
import { layout } from '../render/html';
import { appUrl, unsubscribeUrl } from '../urls';
import { DigestComposer } from './digest-composer.service';
import { dueDigestWeek } from './digest-schedule';

/**
 * The weekly digests (spec/rules.md section 6). A tick enqueues the first `digest-page` of its time slot;
 * each page enqueues the next, then a `weekly-digest` for each of its recipients whose Monday 07:00 has come
 * in their own zone, who wants it and who has none recorded for that week. Job ids (slot + cursor,
 * recipient + week) and the email ledger make ticks in several workers, a restart half-way and retries
 * send each digest once. Athletes get theirs unless they had no run in 4 weeks and have no open finding;
 * coaches get one of all linked athletes.
 */
@Injectable()
export class DigestJobs implements OnModuleInit {
  private readonly logger = new Logger(DigestJobs.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly recipients: DigestRepository,
    private readonly ledger: EmailDeliveriesRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditLogRepository,
    private readonly composer: DigestComposer,
    private readonly sender: EmailSender,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register('digest-page', (payload) => this.handleDigestPage(payload));
    this.registry.register('weekly-digest', (payload) => this.handleWeeklyDigest(payload));
  }

  /** The tick: only enqueues the first page of this time slot (the same job id in every worker). */
  async tick(nowMs = this.clock.now()): Promise<string> {
    const interval = this.config.mail.digestTickMs;
    const slot = new Date(Math.floor(nowMs / interval) * interval).toISOString();
    await this.queue.enqueue('digest-page', { slot, afterId: '' });
    return slot;
  }

  async handleDigestPage({ slot, afterId }: DigestPagePayload): Promise<void> {
    // DIGEST_PAGE_SIZE accounts per job (500 by default): 10,000 accounts are 20 small jobs, not a giant one.
    const pageSize = this.config.mail.digestPageSize;
    const page = await this.recipients.recipientsPage(afterId || null, pageSize);
    if (page.length === pageSize) {
      await this.queue.enqueue('digest-page', { slot, afterId: page[page.length - 1].id });
    }
    const due = page.flatMap((recipient) => this.dueDigest(recipient, Date.parse(slot)));
    const recorded = await this.ledger.existingKeys(due.map((d) => digestKey(d.kind, d.recipientId, d.week)));
    const fresh = due.filter((d) => !recorded.has(digestKey(d.kind, d.recipientId, d.week)));
    for (const digest of fresh) await this.queue.enqueue('weekly-digest', digest);
    if (fresh.length > 0) {
      this.logger.log(
        `Digest page of slot ${slot}: ${page.length} accounts, ${fresh.length} digests enqueued.`,
      );
    }
  }

  async handleWeeklyDigest({ kind, recipientId, week }: WeeklyDigestPayload): Promise<void> {
    const outcome = await this.sender.deliver(
      {
        naturalKey: digestKey(kind, recipientId, week),
        kind,
        recipientId,
        athleteId: kind === 'weekly-digest' ? recipientId : null,
        capKey: null,
      },
      () => this.compose(kind, recipientId, week),
    );
    this.logger.log(`Digest ${kind} of ${recipientId} for week ${week}: ${outcome}.`);
  }

  /** The digest of one recipient, rendered (also for `loadwatch digest --preview`); or why not to send it. */
  async compose(kind: DigestKind, recipientId: string, week: string): Promise<Composed> {
    const recipient = await this.users.findById(recipientId);
    if (!recipient) return { skip: 'the recipient no longer exists' };
    if (!wants(resolvePreferences(recipient.emailPreferences), kind)) {
      return { skip: `the recipient unsubscribed from ${kind}` };
    }
    let body: ReturnType<typeof athleteDigestBody>;
    let beforeSend: (() => Promise<void>) | undefined;
    if (kind === 'weekly-digest') {
      const digest = await this.composer.athleteDigest(recipient, week);
      if (!digest.active && digest.openFindings === 0) {
        return { skip: 'no run in 4 weeks and no open finding' };
      }
      body = athleteDigestBody(digest);
    } else {
      const digest = await this.composer.coachDigest(recipient, this.clock.now());
      if (digest.rows.length === 0) return { skip: 'no linked athletes' };
      const healthReads = digest.rows
        .filter((row) => row.healthAccess)
        .map((row) => ({ actorId: recipient.id, athleteId: row.athleteId, action: 'email:coach-digest' }));
      // Written when the email is claimed for sending: not for a preview, a capped or an already sent one.
      beforeSend = () => this.audit.record(healthReads, this.clock.now());
      body = coachDigestBody(digest);
    }
    const unsubscribe = unsubscribeUrl(
      this.config,
      unsubscribeToken(this.config.mail.secret, recipient.id, kind),
    );
    const { html, text } = layout(body, {
      unsubscribeUrl: unsubscribe,
      settingsUrl: appUrl(this.config, '/settings'),
      reason:
        kind === 'weekly-digest'
          ? 'You get this every Monday because you track your training on Loadwatch.'
          : 'You get this every Monday because athletes share their training with you on Loadwatch.',
    });
    return {
      mail: { to: recipient.email, subject: body.subject, html, text, unsubscribeUrl: unsubscribe },
      beforeSend,
    };
  }

  private dueDigest(recipient: DigestRecipient, nowMs: number): WeeklyDigestPayload[] {
    const kind: DigestKind = recipient.role === 'coach' ? 'coach-digest' : 'weekly-digest';
    if (!wants(resolvePreferences(recipient.emailPreferences), kind)) return [];
    const week = dueDigestWeek(nowMs, recipient.timeZone, recipient.weekStart, this.config.mail.digestDue);
    return week === null ? [] : [{ kind, recipientId: recipient.id, week }];
  }
}
