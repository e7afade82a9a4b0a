import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AlertBacklogRepository,
  EmailDeliveriesRepository,
  type AlertFindingRow,
  type InstantCursor,
  type PendingDeliveryRow,
} from '@loadwatch/data-access/db';
import {
  JOB_QUEUE,
  QueueUnavailableError,
  type AlertSeverity,
  type EnsureOutcome,
  type JobName,
  type JobPayloads,
  type JobQueue,
} from '@loadwatch/data-access/queue';
import { CLOCK, type Clock } from '@loadwatch/feature/load';
import { alertKey, parseEmailKey } from '../email-keys';

/** Findings and ledger rows younger than this are left to the job that is handling them. */
export const ALERT_RECONCILE_MIN_AGE_MS = 60_000;
/** How far back a pass looks: an alert or a digest a day late still helps, one a week late does not. */
export const ALERT_RECONCILE_LOOKBACK_MS = 24 * 3600 * 1000;
/**
 * A pending email is enqueued again only while the ledger has counted fewer claims (send attempts, over
 * every job and retry) than this; after that it stays pending, with the last error as its reason, for a person.
 */
export const MAX_EMAIL_ATTEMPTS = 10;

const PAGE_SIZE = 200;

export interface AlertsReconcileOptions {
  minAgeMs?: number;
  lookbackMs?: number;
}

export interface AlertsReconcileReport {
  /** Recent open urgent and warning findings looked at. */
  findings: number;
  /** Of those, findings with a recipient the ledger has no email for. */
  unrecorded: number;
  /** Stale pending ledger rows looked at. */
  pending: number;
  /** Pending rows left alone: attempts used up, or an email kind no job can rebuild (invitations). */
  givenUp: number;
  /** What `ensure` did, over every job it was asked for. */
  jobs: Record<EnsureOutcome, number>;
  /** False when the queue went away during the pass (the next pass carries on). */
  complete: boolean;
}

/**
 * The alerts' reconciliation with the email ledger (spec/rules.md section 6: urgent and warning findings are
 * emailed at once, and every email exactly once). Two ways an email can be lost:
 * 1. The rules job commits a finding, then enqueues `notify-finding`; if that enqueue fails (Redis away at
 *    that moment) the retried evaluation finds nothing new and enqueues nothing. So every open urgent or
 *    warning finding created or escalated in the lookback (a day) whose recipients (the athlete, each coach
 *    with the health-data grant) have no ledger row of this severity or a higher one gets its fan-out again
 *    (`ensure('notify-finding')`); when that fan-out is recorded as done, the recipients' `send-alert` jobs
 *    are ensured instead. A coach granted health data after the fan-out thus gets a recent open urgent or
 *    warning finding too: the grant is what section 6 names the recipients by.
 * 2. A send whose job used up its attempts (SMTP away longer than the backoff) leaves a `pending` row with
 *    no lease, which later ticks skip (the ledger holds the key). Every such row of the lookback gets its
 *    job ensured again (`send-alert`, `weekly-digest`, the redirect emails), bounded twice: the queue retries a failed job only a
 *    bounded number of times, and the ledger's claim count stops it at MAX_EMAIL_ATTEMPTS. Invitation rows
 *    are left: their token exists only in the request that made it, so only the coach can send it again.
 * Never a second email: jobs are ensured by their natural-key job ids, and every send goes through the
 * ledger's claim. Run by the worker at start and every ALERT_RECONCILE_INTERVAL_MS, by every replica (the
 * job ids make them agree), and once at start on the inline driver.
 */
@Injectable()
export class AlertsReconciler {
  private readonly logger = new Logger(AlertsReconciler.name);
  private pass: Promise<AlertsReconcileReport> | null = null;

  constructor(
    private readonly backlog: AlertBacklogRepository,
    private readonly ledger: EmailDeliveriesRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One pass; a pass already running is joined. */
  reconcile(options: AlertsReconcileOptions = {}): Promise<AlertsReconcileReport> {
    this.pass ??= this.run(options).finally(() => (this.pass = null));
    return this.pass;
  }

  private async run(options: AlertsReconcileOptions): Promise<AlertsReconcileReport> {
    const started = performance.now();
    const nowMs = this.clock.now();
    const sinceMs = nowMs - (options.lookbackMs ?? ALERT_RECONCILE_LOOKBACK_MS);
    const untilMs = nowMs - (options.minAgeMs ?? ALERT_RECONCILE_MIN_AGE_MS);
    const report: AlertsReconcileReport = {
      findings: 0,
      unrecorded: 0,
      pending: 0,
      givenUp: 0,
      jobs: { added: 0, retried: 0, pending: 0, completed: 0, failed: 0 },
      complete: true,
    };
    try {
      await this.findingsPass(sinceMs, untilMs, report);
      await this.pendingPass(sinceMs, untilMs, report);
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      this.logger.warn(`Alert reconciliation stopped, the queue is unavailable: ${error.message}`);
      report.complete = false;
    }
    const { added, retried } = report.jobs;
    const message =
      `Reconciled alerts in ${Math.round(performance.now() - started)} ms: ${report.findings} recent findings ` +
      `(${report.unrecorded} without their emails), ${report.pending} stalled emails ` +
      `(${report.givenUp} left for a person); ${added} jobs enqueued, ${retried} retried.`;
    if (added + retried > 0 || report.givenUp > 0) this.logger.log(message);
    else this.logger.debug(message);
    return report;
  }

  private async findingsPass(sinceMs: number, untilMs: number, report: AlertsReconcileReport): Promise<void> {
    let after: InstantCursor | undefined;
    for (;;) {
      const page = await this.backlog.openAlertFindings({ sinceMs, untilMs, after, limit: PAGE_SIZE });
      if (page.length === 0) return;
      report.findings += page.length;
      const coaches = await this.backlog.healthCoaches(page.map((f) => f.athleteId));
      const wanted = page.map((finding) => ({
        finding,
        severity: finding.severity as AlertSeverity,
        recipients: [finding.athleteId, ...(coaches.get(finding.athleteId) ?? [])],
      }));
      const recorded = await this.ledger.existingKeys(
        wanted.flatMap(({ finding, recipients }) => recipients.flatMap((r) => coveringKeys(finding, r))),
      );
      for (const { finding, severity, recipients } of wanted) {
        const missing = recipients.filter((r) => !coveringKeys(finding, r).some((key) => recorded.has(key)));
        if (missing.length === 0) continue;
        report.unrecorded += 1;
        const fanOut = await this.ensure(report, 'notify-finding', { findingId: finding.id, severity });
        if (fanOut !== 'completed') continue;
        for (const recipientId of missing) {
          await this.ensure(report, 'send-alert', { findingId: finding.id, severity, recipientId });
        }
      }
      const last = page[page.length - 1];
      after = { atMs: last.updatedAtMs, id: last.id };
    }
  }

  private async pendingPass(sinceMs: number, untilMs: number, report: AlertsReconcileReport): Promise<void> {
    let after: InstantCursor | undefined;
    for (;;) {
      const page = await this.backlog.stalePending({
        createdSinceMs: sinceMs,
        beforeMs: untilMs,
        after,
        limit: PAGE_SIZE,
      });
      if (page.length === 0) return;
      report.pending += page.length;
      for (const row of page) await this.resume(row, report);
      const last = page[page.length - 1];
      after = { atMs: last.createdAtMs, id: last.id };
    }
  }

  private async resume(row: PendingDeliveryRow, report: AlertsReconcileReport): Promise<void> {
    const key = parseEmailKey(row.naturalKey);
    if (row.attempts >= MAX_EMAIL_ATTEMPTS || key === null || key.kind === 'invitation') {
      report.givenUp += 1;
      this.logger.warn(
        `Email ${row.naturalKey} is still unsent after ${row.attempts} attempts (${row.reason ?? 'no error'}); ` +
          'it is not retried any more.',
      );
      return;
    }
    if (key.kind === 'alert') {
      const { findingId, severity, recipientId } = key;
      await this.ensure(report, 'send-alert', { findingId, severity, recipientId });
    } else if (key.kind === 'urgent-redirect' || key.kind === 'urgent-redirect-notice') {
      const name = key.kind === 'urgent-redirect' ? 'send-redirect-confirmation' : 'send-redirect-notice';
      await this.ensure(report, name, { userId: key.userId, requestId: key.requestId });
    } else {
      const { kind, recipientId, week } = key;
      await this.ensure(report, 'weekly-digest', { kind, recipientId, week });
    }
  }

  private async ensure<N extends JobName>(
    report: AlertsReconcileReport,
    name: N,
    payload: JobPayloads[N],
  ): Promise<EnsureOutcome> {
    const outcome = await this.queue.ensure(name, payload);
    report.jobs[outcome] += 1;
    return outcome;
  }
}

/** The ledger keys that mean a recipient was dealt with: this severity's email, or an urgent one. */
function coveringKeys(finding: AlertFindingRow, recipientId: string): string[] {
  const severities: AlertSeverity[] = finding.severity === 'urgent' ? ['urgent'] : ['warning', 'urgent'];
  return severities.map((severity) => alertKey(finding.id, severity, recipientId));
}
